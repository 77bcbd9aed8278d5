import { SegmentedControl, Stack, TagsInput, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { ACTOR_STATUS } from '../../../../../db/rules/actor-values'
import { plural } from '../../../../../db/rules/format'
import { useApiMutation } from '../../../api/hooks'
import { useReference } from '../../../api/reference'
import { DateField } from '../../../components/DateField'
import { FormModal } from '../../../components/FormModal'
import { ModalFooter } from '../../../components/ModalFooter'
import { useDialogSave } from '../../../components/useDialogSave'

// The directory's own dialogs: a refusal shows on its field, the dialog stays open with the typing.

/** « Enregistrer la vue »: the grid's state of the moment under a name. */
export function SaveViewModal({ scope, initialName, state, onClose, onSaved }: { scope: string; initialName: string; state: () => unknown; onClose: () => void; onSaved: (id: number) => void }) {
  const save = useApiMutation('views.save', { successMessage: 'Vue enregistrée.', silentErrors: true })
  const [name, setName] = useState(initialName)
  const dialog = useDialogSave(onClose)
  return (
    <FormModal onClose={onClose} title="Enregistrer la vue">
      <Stack>
        <Text size="sm">Les colonnes affichées, leur ordre, les filtres et le tri seront retrouvés en choisissant la vue.</Text>
        <TextInput label="Nom de la vue" required value={name} onChange={(event) => setName(event.currentTarget.value)} error={dialog.fieldError('name', name)} />
        <ModalFooter
          onCancel={onClose}
          busy={save.isPending}
          error={dialog.error}
          onConfirm={() => {
            if (!name.trim()) return dialog.refuse('name', 'Donnez un nom à la vue')
            void dialog.submit(async () => onSaved((await save.mutateAsync({ scope, name: name.trim(), state: state() })).id))
          }}
        />
      </Stack>
    </FormModal>
  )
}

/** « Étiqueter… » the selected actors: tags added and removed. */
export function BulkTagModal({ keys, onClose }: { keys: string[]; onClose: () => void }) {
  const reference = useReference()
  const bulkTag = useApiMutation('actors.bulkTag', { successMessage: 'Étiquettes mises à jour.', silentErrors: true })
  const [add, setAdd] = useState<string[]>([])
  const [remove, setRemove] = useState<string[]>([])
  const dialog = useDialogSave(onClose)
  const tags = (reference.data?.tags ?? []).map((tag) => tag.name)
  return (
    <FormModal onClose={onClose} title={`Étiqueter ${plural(keys.length, 'acteur')}`}>
      <Stack>
        <TagsInput label="Ajouter les étiquettes" data={tags} value={add} onChange={setAdd} error={dialog.fieldError('add', add)} />
        <TagsInput label="Retirer les étiquettes" data={tags} value={remove} onChange={setRemove} error={dialog.fieldError('remove', remove)} />
        <ModalFooter
          onCancel={onClose}
          busy={bulkTag.isPending}
          error={dialog.error}
          confirmLabel="Appliquer"
          onConfirm={() => {
            if (add.length === 0 && remove.length === 0) return dialog.refuse('add', 'Indiquez au moins une étiquette à ajouter ou à retirer.')
            void dialog.submit(() => bulkTag.mutateAsync({ keys: keys as never, add, remove }))
          }}
        />
      </Stack>
    </FormModal>
  )
}

/** « Changer le statut… » of the selected actors; new Vitawiners get a joining date. */
export function BulkStatusModal({ keys, onClose }: { keys: string[]; onClose: () => void }) {
  const bulkStatus = useApiMutation('actors.bulkStatus', { successMessage: 'Statut mis à jour.', silentErrors: true })
  const [status, setStatus] = useState<'prospect' | 'vitawiner' | 'ancien'>('vitawiner')
  const [joinedOn, setJoinedOn] = useState<string | null>(null)
  const dialog = useDialogSave(onClose)
  return (
    <FormModal onClose={onClose} title={`Changer le statut de ${plural(keys.length, 'acteur')}`}>
      <Stack>
        <SegmentedControl aria-label="Statut" value={status} onChange={(value) => setStatus(value as typeof status)} data={ACTOR_STATUS.options} />
        {status === 'vitawiner' && (
          <DateField label="Date d'adhésion (pour ceux qui n'en ont pas)" value={joinedOn} onChange={setJoinedOn} required error={dialog.fieldError('joinedOn', joinedOn)} />
        )}
        <ModalFooter
          onCancel={onClose}
          busy={bulkStatus.isPending}
          error={dialog.error}
          confirmLabel="Appliquer"
          onConfirm={() => void dialog.submit(() => bulkStatus.mutateAsync({ keys: keys as never, status, joinedOn: status === 'vitawiner' ? joinedOn : null }))}
        />
      </Stack>
    </FormModal>
  )
}
