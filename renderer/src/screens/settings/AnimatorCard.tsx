import { Autocomplete, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useApiMutation, useApiQuery } from '../../api/hooks'

/** Paramètres: who works on this machine (recorded with every change in the audit trail). */
export function AnimatorCard() {
  const settings = useApiQuery('settings.get')
  const animators = useApiQuery('journal.animators')
  const save = useApiMutation('settings.setAnimator', { silentErrors: true, successMessage: 'Animateur de ce poste enregistré.' })
  const [name, setName] = useState('')
  useEffect(() => {
    if (settings.data?.animator) setName(settings.data.animator)
  }, [settings.data])
  return (
    <Card withBorder padding="md" radius="md" maw={900}>
      <Stack gap="sm">
        <Title order={3}>Animateur de ce poste</Title>
        <Text size="sm" c="dimmed">
          Les modifications faites sur ce poste sont enregistrées sous ce nom dans le journal des modifications ; c'est aussi l'animateur proposé pour les
          nouveaux échanges.
        </Text>
        <Group align="flex-start">
          <Autocomplete
            aria-label="Animateur de ce poste"
            data={animators.data ?? []}
            value={name}
            onChange={setName}
            error={save.error?.message}
            w={320}
          />
          <Button
            variant="default"
            disabled={!name.trim() || (name.trim() === settings.data?.animator && settings.data?.animatorConfirmed)}
            loading={save.isPending}
            onClick={() => save.mutate({ animator: name.trim() })}
          >
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}
