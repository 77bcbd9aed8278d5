import { Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useLoadedVersion } from '../../components/StaleRecord'
import { ActorPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import { ModalFooter } from '../../components/ModalFooter'
import { ACTION_STATUS } from '../../../../db/rules/group-values'
import { useDialogSave } from '../../components/useDialogSave'
import { FormModal } from '../../components/FormModal'

type GroupDetail = ApiResult<'groups.get'>
type Action = GroupDetail['actions'][number]

export function ActionModal({ group, action, onClose }: { group: GroupDetail; action: Action | null; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(action?.version)
  const save = useApiMutation('groups.saveAction', { successMessage: "Piste d'action enregistrée.", silentErrors: true })
  const [title, setTitle] = useState(action?.title ?? '')
  const [description, setDescription] = useState(action?.description ?? '')
  const [carrier, setCarrier] = useState<string | null>(action?.carrierKey ?? null)
  const [status, setStatus] = useState<string>(action?.status ?? 'proposee')
  const [proposedOn, setProposedOn] = useState<string | null>(action?.proposedOn ?? null)
  const [outcome, setOutcome] = useState(action?.outcome ?? '')
  const [editionId, setEditionId] = useState<string | null>(action?.editionId ? String(action.editionId) : null)
  const programmes = useApiQuery('programmes.list')
  const editions = (programmes.data ?? []).flatMap((programme) =>
    programme.editions.map((edition) => ({ value: String(edition.id), label: `${programme.shortName} — ${edition.title} (${edition.schoolYear})` })),
  )
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  return (
    <FormModal opened onClose={onClose} title={action ? "Modifier la piste d'action" : "Nouvelle piste d'action"} size="lg">
      <Stack gap="sm">
        <TextInput label="Intitulé" required value={title} onChange={(event) => setTitle(event.currentTarget.value)} error={dialog.fieldError('title', title)} />
        <Textarea label="Description" autosize minRows={3} value={description} onChange={(event) => setDescription(event.currentTarget.value)} error={dialog.fieldError('description', description)} />
        <SimpleGrid cols={2}>
          <ActorPicker label="Portée par" value={carrier} initialLabel={action?.carrierName} onChange={(key) => setCarrier(key)} error={dialog.fieldError('carriedBy', carrier)} />
          <DateField label="Proposée le" value={proposedOn} onChange={setProposedOn} error={dialog.fieldError('proposedOn', proposedOn)} />
        </SimpleGrid>
        <SimpleGrid cols={2}>
          <Select label="Statut" data={ACTION_STATUS.options} value={status} onChange={(value) => value && setStatus(value)} allowDeselect={false} error={dialog.fieldError('status', status)} />
          <TextInput label="Devenue (autre action)" placeholder="Ex. : permanence au tiers-lieu" value={outcome} onChange={(event) => setOutcome(event.currentTarget.value)} error={dialog.fieldError('outcome', outcome)} />
        </SimpleGrid>
        <Select label="Devenue (édition d'un programme)" data={editions} value={editionId} onChange={setEditionId} searchable clearable placeholder="Aucune" error={dialog.fieldError('editionId', editionId)} />
        <ModalFooter
          onCancel={onClose}
          busy={save.isPending}
          error={error}
          onConfirm={async () => {
            await saveAndClose(() => save.mutateAsync({ id: action?.id ?? null, version: loadedVersion, values: { groupId: group.id, title, description, carriedBy: carrier, status: status as never, proposedOn, outcome, editionId: editionId ? Number(editionId) : null } }))
          }}
        />
      </Stack>
    </FormModal>
  )
}
