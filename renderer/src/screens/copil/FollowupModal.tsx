import { Group, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { todayIso } from '../../../../db/rules/dates'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { DateField } from '../../components/DateField'
import { formatDate } from '../../../../db/rules/format'
import type { Decision } from './DecisionModal'
import { DecisionStatusBadge } from './parts'
import { ModalFooter } from '../../components/ModalFooter'
import { COPIL_SESSION_STATUS, DECISION_STATUS, type DecisionStatus } from '../../../../db/rules/copil-values'
import { useDialogSave } from '../../components/useDialogSave'
import { DraftOffer, useDraft } from '../../components/useDraft'
import { FormModal } from '../../components/FormModal'

/**
 * « Ajouter un suivi »: what changed for a decision and why, with its new status. From a session's
 * preparation it is linked to that session; from the register, to a session of the user's choice
 * (or none, between two sessions).
 */
export function FollowupModal({ decision, session, onClose }: { decision: Decision; session?: { id: number; reference: string; heldOn: string }; onClose: () => void }) {
  const sessions = useApiQuery('copil.sessions', undefined, { enabled: !session })
  const add = useApiMutation('copil.addFollowup', { successMessage: `Suivi enregistré pour ${decision.reference}.`, silentErrors: true })
  const [sessionId, setSessionId] = useState<string | null>(session ? String(session.id) : null)
  const [recordedOn, setRecordedOn] = useState<string | null>(session?.heldOn ?? todayIso())
  const [status, setStatus] = useState<DecisionStatus>(decision.status)
  const [note, setNote] = useState('')
  const dialog = useDialogSave(onClose)
  const draft = useDraft(`suivi.${decision.id}.${session?.id ?? 'registre'}`, { sessionId, recordedOn, status, note }, (saved) => {
    setSessionId(saved.sessionId)
    setRecordedOn(saved.recordedOn)
    setStatus(saved.status)
    setNote(saved.note)
  })
  const choices = (sessions.data ?? [])
    .filter((row) => row.heldOn >= decision.sessionHeldOn && row.id !== decision.sessionId && row.status !== 'annulee')
    .map((row) => ({ value: String(row.id), label: `${row.reference} du ${formatDate(row.heldOn)} (${COPIL_SESSION_STATUS.label(row.status).toLowerCase()})` }))

  const submit = async () => {
    dialog.fail(null)
    if (!recordedOn) return dialog.refuse('recordedOn', 'Indiquez la date du suivi.')
    if (!note.trim()) return dialog.refuse('note', 'Dites ce qui a changé et pourquoi.')
    await dialog.submit(async () => {
      await add.mutateAsync({ decisionId: decision.id, sessionId: sessionId ? Number(sessionId) : null, recordedOn, status, note })
      draft.clear()
    })
  }

  return (
    <FormModal opened onClose={onClose} title={`Ajouter un suivi — ${decision.reference}`} size="lg" onDiscard={draft.clear}>
      <Stack gap="sm">
        <DraftOffer draft={draft} />
        <Stack gap={4}>
          <Text size="sm">{decision.text}</Text>
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              Statut actuel :
            </Text>
            <DecisionStatusBadge status={decision.status} />
            {decision.lastFollowup && (
              <Text size="xs" c="dimmed">
                dernier suivi le {formatDate(decision.lastFollowup.recordedOn)}
              </Text>
            )}
          </Group>
        </Stack>
        <SimpleGrid cols={2}>
          <DateField label="Date du suivi" required value={recordedOn} onChange={setRecordedOn} error={dialog.fieldError('recordedOn', recordedOn)} />
          <Select
            label="Nouveau statut"
            data={DECISION_STATUS.options}
            value={status}
            onChange={(value) => value && setStatus(value as DecisionStatus)}
            allowDeselect={false}
            error={dialog.fieldError('status', status)}
          />
        </SimpleGrid>
        {session ? (
          <Text size="xs" c="dimmed">
            Suivi noté à la séance {session.reference} du {formatDate(session.heldOn)}.
          </Text>
        ) : (
          <Select
            label="Séance du COPIL"
            description="La séance où ce point a été fait ; laissez vide pour un suivi entre deux séances."
            placeholder="Entre deux séances"
            data={choices}
            value={sessionId}
            onChange={(value) => {
              setSessionId(value)
              const chosen = sessions.data?.find((row) => String(row.id) === value)
              if (chosen) setRecordedOn(chosen.heldOn)
            }}
            clearable
            error={dialog.fieldError('sessionId', sessionId)}
          />
        )}
        <Textarea
          label="Ce qui a changé et pourquoi"
          required
          autosize
          minRows={3}
          placeholder="Ex. : convention signée avec le club d'entreprises le 12/10 ; reste à fixer le calendrier."
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={dialog.fieldError('note', note)}
        />
        {decision.actionId !== null && (
          <Text size="xs" c="dimmed">
            Cette décision retient une piste d'action du groupe « {decision.groupName} » : le statut de la piste suivra.
          </Text>
        )}
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={add.isPending} error={dialog.error} confirmLabel="Enregistrer le suivi" />
      </Stack>
    </FormModal>
  )
}
