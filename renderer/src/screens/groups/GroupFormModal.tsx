import { Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation } from '../../api/hooks'
import { useLoadedVersion } from '../../components/StaleRecord'
import { ActorPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import { ModalFooter } from '../../components/ModalFooter'
import { ActorOrName, type ActorOrNameValue } from '../../components/ActorOrName'
import { GROUP_STATUS } from '../../../../db/rules/group-values'
import { FormModal } from '../../components/FormModal'
import { useDialogSave } from '../../components/useDialogSave'

type GroupDetail = ApiResult<'groups.get'>

export function GroupFormModal({ group, onClose, onSaved }: { group: GroupDetail | null; onClose: () => void; onSaved?: (id: number) => void }) {
  const loadedVersion = useLoadedVersion(group?.version)
  const save = useApiMutation('groups.save', { successMessage: 'Groupe enregistré.', silentErrors: true })
  const [name, setName] = useState(group?.name ?? '')
  const [theme, setTheme] = useState(group?.theme ?? '')
  const [description, setDescription] = useState(group?.description ?? '')
  const [status, setStatus] = useState<string>(group?.status ?? 'actif')
  const [startedOn, setStartedOn] = useState<string | null>(group?.startedOn ?? null)
  const [endedOn, setEndedOn] = useState<string | null>(group?.endedOn ?? null)
  const [association, setAssociation] = useState<string | null>(group?.pilotAssociationId ? `o${group.pilotAssociationId}` : null)
  const [company, setCompany] = useState<string | null>(group?.pilotCompanyId ? `o${group.pilotCompanyId}` : null)
  const [facilitator, setFacilitator] = useState<ActorOrNameValue>({
    actor: group?.facilitatorPersonId ? `p${group.facilitatorPersonId}` : null,
    actorLabel: group?.facilitatorFirstName ? `${group.facilitatorFirstName} ${group.facilitatorLastName}` : null,
    name: group?.facilitatorName ?? '',
  })
  const dialog = useDialogSave(onClose)
  const submit = async () => {
    let saved: number | null = null
    await dialog.submit(async () => {
      const result = await save.mutateAsync({
        id: group?.id ?? null,
        version: loadedVersion,
        values: {
          name,
          theme,
          description,
          status: status as never,
          startedOn,
          endedOn,
          pilotAssociationId: association ? Number(association.slice(1)) : null,
          pilotCompanyId: company ? Number(company.slice(1)) : null,
          facilitatorPersonId: facilitator.actor ? Number(facilitator.actor.slice(1)) : null,
          facilitatorName: facilitator.actor ? '' : facilitator.name,
        },
      })
      saved = result.id
    })
    if (saved !== null) onSaved?.(saved)
  }
  return (
    <FormModal opened onClose={onClose} title={group ? 'Modifier le groupe' : 'Nouveau groupe de travail'} size="xl">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <TextInput label="Nom du groupe" required value={name} onChange={(event) => setName(event.currentTarget.value)} error={dialog.fieldError('name', name)} />
          <TextInput label="Thème" value={theme} onChange={(event) => setTheme(event.currentTarget.value)} error={dialog.fieldError('theme', theme)} />
        </SimpleGrid>
        <Textarea label="Description" autosize minRows={2} value={description} onChange={(event) => setDescription(event.currentTarget.value)} error={dialog.fieldError('description', description)} />
        <SimpleGrid cols={3}>
          <DateField label="Début" value={startedOn} onChange={setStartedOn} error={dialog.fieldError('startedOn', startedOn)} />
          <DateField label="Fin" value={endedOn} onChange={setEndedOn} error={dialog.fieldError('endedOn', [startedOn, endedOn])} />
          <Select label="Statut" data={GROUP_STATUS.options} value={status} onChange={(value) => value && setStatus(value)} allowDeselect={false} error={dialog.fieldError('status', status)} />
        </SimpleGrid>
        <Text size="sm" fw={600}>
          Binôme de pilotes
        </Text>
        <SimpleGrid cols={2}>
          <ActorPicker label="Pilote associatif" kinds={['organisation']} profile="Associations" value={association} initialLabel={group?.pilotAssociationName} onChange={(key) => setAssociation(key)} error={dialog.fieldError('pilotAssociationId', association)} />
          <ActorPicker label="Pilote entreprise" kinds={['organisation']} profile="Entreprises" value={company} initialLabel={group?.pilotCompanyName} onChange={(key) => setCompany(key)} error={dialog.fieldError('pilotCompanyId', company)} />
        </SimpleGrid>
        <ActorOrName label="Facilitateur" kinds={['person']} value={facilitator} onChange={setFacilitator} freePlaceholder="Ex. : cabinet, consultant" error={dialog.fieldError('facilitatorName', facilitator) ?? dialog.fieldError('facilitatorPersonId', facilitator)} />
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={dialog.error} />
      </Stack>
    </FormModal>
  )
}
