import { Anchor, Badge, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconPlus, IconSitemap } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { todayIso } from '../../../../db/rules/dates'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useLoadedVersion } from '../../components/StaleRecord'
import { ActorPicker } from '../../components/ActorPicker'
import { EmptyState } from '../../components/EmptyState'
import { DateField } from '../../components/DateField'
import { QueryState } from '../../components/QueryState'
import { RecordTable } from '../../components/RecordTable'
import { formatDate, plural } from '../../../../db/rules/format'
import { ActorOrName, type ActorOrNameValue } from '../../components/ActorOrName'
import { ModalFooter } from '../../components/ModalFooter'
import { RowActions } from '../../components/RowActions'
import { useDialogSave } from '../../components/useDialogSave'
import { FormModal } from '../../components/FormModal'

type Member = ApiResult<'copil.members'>[number]

const isCurrent = (member: Member, today: string) => (!member.startedOn || member.startedOn <= today) && (!member.endedOn || member.endedOn >= today)

/** « Membres »: the organisations sitting on the COPIL, each with its named representative. */
export function MembersScreen() {
  const members = useApiQuery('copil.members')
  const remove = useApiMutation('copil.deleteMember', { successMessage: 'Membre retiré du COPIL.' })
  const [editing, setEditing] = useState<{ member: Member | null } | null>(null)
  const today = todayIso()

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed">
          Les organisations membres du comité de pilotage et leur représentant. Elles forment la feuille de présence de chaque séance.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ member: null })} style={{ flexShrink: 0 }}>
          Ajouter un membre
        </Button>
      </Group>
      <QueryState query={members}>
        {(rows) => (
          <RecordTable
            label="Membres du COPIL"
            highlightOnHover
            columns={['Organisation', 'Représentant', 'Depuis le', "Jusqu'au", '']}
            rows={rows}
            framed={{ summary: <>{plural(rows.filter((member) => isCurrent(member, today)).length, 'membre')} actuellement.</> }}
            empty={
              <EmptyState
                icon={IconSitemap}
                title="Aucun membre déclaré"
                needsDirectory="Ce sont des organisations de l'annuaire, encore vide : commencez par lui."
                actions={
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ member: null })}>
                    Ajouter un membre
                  </Button>
                }
              >
                Ajoutez les organisations qui siègent au COPIL (MEDEF, CCI, Académie, villes, associations…) et leur représentant : elles forment la feuille
                de présence de chaque séance.
              </EmptyState>
            }
            cells={(member) => [
              <Group gap="xs">
                <Anchor component={Link} to={`/acteurs/o${member.organisationId}`} size="sm">
                  {member.organisationName}
                </Anchor>
                {!isCurrent(member, today) && (
                  <Badge size="xs" variant="light" color="gray">
                    {member.endedOn && member.endedOn < today ? 'Ancien membre' : 'À venir'}
                  </Badge>
                )}
              </Group>,
              member.representativePersonId ? (
                <Anchor component={Link} to={`/acteurs/p${member.representativePersonId}`} size="sm">
                  {member.firstName} {member.lastName}
                </Anchor>
              ) : (
                <Text size="sm" c={member.representativeName ? undefined : 'dimmed'}>
                  {member.representativeName ?? 'Non renseigné'}
                </Text>
              ),
              formatDate(member.startedOn),
              formatDate(member.endedOn),
              <>
                <RowActions
                  what={member.organisationName}
                  verb="Retirer"
                  onEdit={() => setEditing({ member })}
                  onDelete={() => remove.mutate({ id: member.id, version: member.version })}
                  confirm={`${member.organisationName} sera retiré de la liste des membres du COPIL. Ses présences aux séances passées restent notées. Pour garder la trace de sa participation, indiquez plutôt une date de fin.`}
                />
              </>,
            ]}
          />
        )}
      </QueryState>
      {editing && <MemberModal member={editing.member} existing={members.data ?? []} onClose={() => setEditing(null)} />}
    </Stack>
  )
}

function MemberModal({ member, existing, onClose }: { member: Member | null; existing: Member[]; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(member?.version)
  const save = useApiMutation('copil.saveMember', { successMessage: member ? 'Membre modifié.' : 'Membre ajouté au COPIL.', silentErrors: true })
  const [organisation, setOrganisation] = useState<string | null>(member ? `o${member.organisationId}` : null)
  const [representative, setRepresentative] = useState<ActorOrNameValue>({
    actor: member?.representativePersonId ? `p${member.representativePersonId}` : null,
    actorLabel: member?.representativePersonId ? `${member.firstName} ${member.lastName}` : null,
    name: member && !member.representativePersonId ? (member.representativeName ?? '') : '',
  })
  const [startedOn, setStartedOn] = useState<string | null>(member?.startedOn ?? null)
  const [endedOn, setEndedOn] = useState<string | null>(member?.endedOn ?? null)
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog

  const submit = async () => {
    dialog.fail(null)
    if (!organisation) return dialog.refuse('organisationId', "Choisissez l'organisation membre.")
    const organisationId = Number(organisation.slice(1))
    if (existing.some((row) => row.organisationId === organisationId && row.id !== member?.id && !row.endedOn))
      return dialog.refuse('organisationId', 'Cette organisation est déjà membre du COPIL.')
    if (startedOn && endedOn && endedOn < startedOn) return dialog.refuse('endedOn', 'La date de fin précède la date de début.')
    await saveAndClose(() => save.mutateAsync({
      id: member?.id ?? null,
      version: loadedVersion,
      values: {
        organisationId,
        representativePersonId: representative.actor ? Number(representative.actor.slice(1)) : null,
        representativeName: representative.actor ? null : representative.name,
        startedOn,
        endedOn,
      },
    }))
  }

  return (
    <FormModal opened onClose={onClose} title={member ? `Modifier le membre ${member.organisationName}` : 'Ajouter un membre du COPIL'} size="lg">
      <Stack gap="sm">
        <ActorPicker label="Organisation" required kinds={['organisation']} value={organisation} initialLabel={member?.organisationName} onChange={(key) => setOrganisation(key)} error={dialog.fieldError('organisationId', organisation)} />
        <ActorOrName
          label="Représentant"
          value={representative}
          onChange={setRepresentative}
          kinds={['person']}
          freePlaceholder="Ex. : Mme Durand, présidente"
          error={dialog.fieldError('representativePersonId', representative) ?? dialog.fieldError('representativeName', representative)}
        />
        <SimpleGrid cols={2}>
          <DateField label="Membre depuis le" value={startedOn} onChange={setStartedOn} error={dialog.fieldError('startedOn', startedOn)} />
          <DateField label="Jusqu'au" value={endedOn} onChange={setEndedOn} error={dialog.fieldError('endedOn', [startedOn, endedOn])} />
        </SimpleGrid>
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={error} />
      </Stack>
    </FormModal>
  )
}
