import { Alert, Select, SimpleGrid, Stack, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActorPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import { formatDate } from '../../../../db/rules/format'
import { ModalFooter } from '../../components/ModalFooter'
import { DECISION_KIND } from '../../../../db/rules/copil-values'
import { useDialogSave } from '../../components/useDialogSave'
import { FormModal } from '../../components/FormModal'

type GroupDetail = ApiResult<'groups.get'>
type Action = GroupDetail['actions'][number]

/** Retaining a proposed action at a COPIL session turns it into a decision of that session. */
export function RetainActionModal({ action, onClose }: { action: Action; onClose: () => void }) {
  const sessions = useApiQuery('copil.sessions')
  const retain = useApiMutation('copil.retainAction', { successMessage: 'Piste retenue : la décision est inscrite au registre du COPIL.', silentErrors: true })
  const [sessionId, setSessionId] = useState<string | null>(null)
  const [text, setText] = useState(`Soutenir l'action «\u00a0${action.title}\u00a0»`)
  const [kind, setKind] = useState('action_soutenue')
  const [owner, setOwner] = useState<string | null>(action.carrierKey)
  const [dueOn, setDueOn] = useState<string | null>(null)
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  const options = (sessions.data ?? []).filter((session) => session.status !== 'annulee').map((session) => ({ value: String(session.id), label: `${session.reference} — ${formatDate(session.heldOn)}` }))
  return (
    <FormModal opened onClose={onClose} title="Retenir la piste au COPIL" size="lg">
      <Stack gap="sm">
        {options.length === 0 && (
          <Alert color="yellow">Aucune séance du COPIL n'est enregistrée : créez d'abord la séance dans l'écran COPIL.</Alert>
        )}
        <Select label="Séance du COPIL" data={options} value={sessionId} onChange={setSessionId} required error={dialog.fieldError('sessionId', sessionId)} />
        <Textarea label="Texte de la décision" autosize minRows={2} value={text} onChange={(event) => setText(event.currentTarget.value)} error={dialog.fieldError('text', text)} />
        <SimpleGrid cols={3}>
          <Select label="Nature" data={DECISION_KIND.options} value={kind} onChange={(value) => value && setKind(value)} allowDeselect={false} error={dialog.fieldError('kind', kind)} />
          <ActorPicker label="Responsable" value={owner} initialLabel={action.carrierName} onChange={(key) => setOwner(key)} error={dialog.fieldError('owner', owner)} />
          <DateField label="Échéance" value={dueOn} onChange={setDueOn} error={dialog.fieldError('dueOn', dueOn)} />
        </SimpleGrid>
        <ModalFooter
          onCancel={onClose}
          busy={retain.isPending}
          error={error}
          confirmLabel="Retenir comme décision"
          onConfirm={async () => {
            if (!sessionId) return dialog.refuse('sessionId', 'Choisissez la séance du COPIL.')
            await saveAndClose(() => retain.mutateAsync({ actionId: action.id, sessionId: Number(sessionId), text, kind: kind as never, owner, dueOn }))
          }}
        />
      </Stack>
    </FormModal>
  )
}
