import { SimpleGrid, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation } from '../../api/hooks'
import { ActorPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import { ModalFooter } from '../../components/ModalFooter'
import { useDialogSave } from '../../components/useDialogSave'
import { FormModal } from '../../components/FormModal'

type GroupDetail = ApiResult<'groups.get'>

export function GroupMemberModal({ group, onClose }: { group: GroupDetail; onClose: () => void }) {
  const save = useApiMutation('groups.saveMember', { successMessage: 'Membre ajouté.', silentErrors: true })
  const [actor, setActor] = useState<string | null>(null)
  const [role, setRole] = useState('')
  const [joinedOn, setJoinedOn] = useState<string | null>(null)
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  return (
    <FormModal opened onClose={onClose} title="Ajouter un membre" size="lg">
      <Stack gap="sm">
        <ActorPicker label="Organisation ou personne" value={actor} onChange={(key) => setActor(key)} error={dialog.fieldError('actor', actor)} />
        <SimpleGrid cols={2}>
          <TextInput label="Rôle" placeholder="Ex. : membre, expert invité" value={role} onChange={(event) => setRole(event.currentTarget.value)} error={dialog.fieldError('role', role)} />
          <DateField label="Depuis le" value={joinedOn} onChange={setJoinedOn} error={dialog.fieldError('joinedOn', joinedOn)} />
        </SimpleGrid>
        <ModalFooter
          onCancel={onClose}
          busy={save.isPending}
          error={error}
          confirmLabel="Ajouter"
          onConfirm={async () => {
            if (!actor) return dialog.refuse('actor', "Choisissez un acteur de l'annuaire.")
            await saveAndClose(() => save.mutateAsync({ id: null, values: { groupId: group.id, actor, role, joinedOn } }))
          }}
        />
      </Stack>
    </FormModal>
  )
}
