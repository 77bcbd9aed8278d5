import { Button, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { todayIso } from '../../../../db/rules/dates'
import { call, errorMessage } from '../../api/client'

// « Fait » on a follow-up, wherever it is listed: the step is marked done at once, and a toast
// offers « Annuler » for a while, which puts the step back open exactly as it was.

const UNDO_DELAY_MS = 10_000

export function useFollowUpDone() {
  const client = useQueryClient()
  const [pending, setPending] = useState<number | null>(null)

  const undo = async (toast: string, id: number, doneOn: string, updatedAt: string) => {
    notifications.hide(toast)
    try {
      await call('journal.reopen', { id, doneOn, updatedAt })
      await client.invalidateQueries()
      notifications.show({ color: 'teal', message: 'Étape rouverte.' })
    } catch (error) {
      notifications.show({ color: 'red', title: 'Annulation impossible', message: errorMessage(error) })
    }
  }

  const markDone = async (step: { id: number; nextStep: string }) => {
    const doneOn = todayIso()
    setPending(step.id)
    try {
      const { updatedAt } = await call('journal.complete', { id: step.id, doneOn })
      await client.invalidateQueries()
      const toast = `follow-up-done-${step.id}-${Date.now()}`
      notifications.show({
        id: toast,
        color: 'teal',
        autoClose: UNDO_DELAY_MS,
        message: (
          <Stack gap={6} align="flex-start">
            <Text size="sm">Étape « {step.nextStep} » marquée comme faite.</Text>
            <Button size="compact-sm" variant="light" onClick={() => void undo(toast, step.id, doneOn, updatedAt)}>
              Annuler
            </Button>
          </Stack>
        ),
      })
    } catch (error) {
      notifications.show({ color: 'red', title: 'Opération impossible', message: errorMessage(error) })
    } finally {
      setPending(null)
    }
  }

  return { markDone, pending }
}
