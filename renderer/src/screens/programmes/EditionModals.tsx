import { Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { useLoadedVersion } from '../../components/StaleRecord'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation } from '../../api/hooks'
import { EDITION_STATUS, SEQUENCE_STATUS } from '../../../../db/rules/programme-values'
import { useDialogSave } from '../../components/useDialogSave'
import { FormModal } from '../../components/FormModal'
import { DraftOffer, useDraft } from '../../components/useDraft'

type Edition = ApiResult<'programmes.edition'>
type Sequence = Edition['sequences'][number]

export function EditionModal({ edition, onClose }: { edition: Edition; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(edition.version)
  const save = useApiMutation('programmes.saveEdition', { successMessage: 'Édition enregistrée.', silentErrors: true })
  const [title, setTitle] = useState(edition.title)
  const [status, setStatus] = useState<string>(edition.status)
  const [notes, setNotes] = useState(edition.notes ?? '')
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  const draft = useDraft(`edition.${edition.id}`, { title, status, notes }, (saved) => {
    setTitle(saved.title)
    setStatus(saved.status)
    setNotes(saved.notes)
  })
  return (
    <FormModal opened onClose={onClose} title="Modifier l'édition" size="lg" onDiscard={draft.clear}>
      <Stack gap="sm">
        <DraftOffer draft={draft} />
        <SimpleGrid cols={2}>
          <TextInput label="Titre" required value={title} onChange={(event) => setTitle(event.currentTarget.value)} error={dialog.fieldError('title', title)} />
          <Select label="Statut" data={EDITION_STATUS.options} value={status} onChange={(value) => value && setStatus(value)} allowDeselect={false} error={dialog.fieldError('status', status)} />
        </SimpleGrid>
        <Textarea label="Notes" description="Mise en forme : « ## Titre », « - point », « **gras** »" autosize minRows={4} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} error={dialog.fieldError('notes', notes)} />
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              await saveAndClose(async () => {
                await save.mutateAsync({ id: edition.id, version: loadedVersion, values: { title, status: status as never, notes } })
                draft.clear()
              })
            }} busy={save.isPending} error={error} />
      </Stack>
    </FormModal>
  )
}

export function SequenceModal({ edition, sequence, onClose }: { edition: Edition; sequence: Sequence | null; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(sequence?.version)
  const save = useApiMutation('programmes.saveSequence', { successMessage: 'Étape enregistrée.', silentErrors: true })
  const nextOrder = Math.max(0, ...edition.sequences.map((item) => item.stepOrder)) + 1
  const [stepOrder, setStepOrder] = useState<number>(sequence?.stepOrder ?? nextOrder)
  const [title, setTitle] = useState(sequence?.title ?? '')
  const [description, setDescription] = useState(sequence?.description ?? '')
  const [status, setStatus] = useState<string>(sequence?.status ?? 'a_planifier')
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  return (
    <FormModal opened onClose={onClose} title={sequence ? "Modifier l'étape" : 'Nouvelle étape'} size="lg">
      <Stack gap="sm">
        <Group grow align="flex-start">
          <NumberInput label="N°" min={1} max={99} allowDecimal={false} value={stepOrder} onChange={(value) => setStepOrder(Number(value) || 1)} maw={100} error={dialog.fieldError('stepOrder', stepOrder)} />
          <TextInput label="Intitulé" required value={title} onChange={(event) => setTitle(event.currentTarget.value)} style={{ flexGrow: 4 }} error={dialog.fieldError('title', title)} />
        </Group>
        <Textarea label="Description" autosize minRows={2} value={description} onChange={(event) => setDescription(event.currentTarget.value)} error={dialog.fieldError('description', description)} />
        <Select
          label="Statut"
          description="Il suit les séances : planifiée tant qu'une séance est à venir, réalisée quand toutes le sont."
          data={SEQUENCE_STATUS.options}
          value={status}
          onChange={(value) => value && setStatus(value)}
          allowDeselect={false}
          error={dialog.fieldError('status', status)}
        />
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              await saveAndClose(() => save.mutateAsync({ id: sequence?.id ?? null, version: loadedVersion, values: { editionId: edition.id, stepOrder, title, description, status: status as never } }))
            }} busy={save.isPending} error={error} />
      </Stack>
    </FormModal>
  )
}
