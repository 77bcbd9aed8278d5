import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core'
import { IconGavel, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { Markdown } from '../../components/Markdown'
import { BackLink, DetailHeader } from '../../components/DetailHeader'
import { QueryState } from '../../components/QueryState'
import { RecordTable, SectionCard } from '../../components/RecordTable'
import { RowActions } from '../../components/RowActions'
import { actorPath } from '../../../../db/rules/actor-keys'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import { GroupFormModal } from './GroupFormModal'
import { ACTION_STATUS_COLORS, GROUP_STATUS_COLORS } from './labels'
import { MeetingModal } from './MeetingModal'
import { GroupMemberModal } from './GroupMemberModal'
import { ActionModal } from './ActionModal'
import { RetainActionModal } from './RetainActionModal'
import { ACTION_STATUS, ATTENDANCE_STATUS, GROUP_STATUS } from '../../../../db/rules/group-values'
import { ValueBadge } from '../../components/ValueBadge'
import { reloadable } from '../../components/StaleRecord'

/** Opened anew on the record read again after a save refused because it changed meanwhile. */
const GroupFormDialog = reloadable(GroupFormModal)

type GroupDetail = ApiResult<'groups.get'>
type Action = GroupDetail['actions'][number]

export function GroupScreen() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const group = useApiQuery('groups.get', { id: Number(id) }, { enabled: /^\d+$/.test(id) })
  return (
    <Stack gap="sm">
      <BackLink to="/groupes">Tous les groupes</BackLink>
      <QueryState query={group}>{(data) => <GroupPage group={data} onDeleted={() => navigate('/groupes')} />}</QueryState>
    </Stack>
  )
}

function GroupPage({ group, onDeleted }: { group: GroupDetail; onDeleted: () => void }) {
  const [editing, setEditing] = useState(false)
  const [meeting, setMeeting] = useState<{ value: GroupDetail['meetings'][number] | null } | null>(null)
  const [addingMember, setAddingMember] = useState(false)
  const [action, setAction] = useState<{ value: Action | null } | null>(null)
  const [retaining, setRetaining] = useState<Action | null>(null)
  const deleteGroup = useApiMutation('groups.delete', { successMessage: 'Groupe supprimé.' })
  const deleteMember = useApiMutation('groups.deleteMember', { successMessage: 'Membre retiré.' })
  const deleteMeeting = useApiMutation('groups.deleteMeeting', { successMessage: 'Réunion supprimée.' })
  const deleteAction = useApiMutation('groups.deleteAction', { successMessage: 'Piste supprimée.' })
  const facilitator = group.facilitatorFirstName ? `${group.facilitatorFirstName} ${group.facilitatorLastName}` : group.facilitatorName

  return (
    <Stack gap="md">
      <DetailHeader
        title={group.name}
        badge={
          <ValueBadge list={GROUP_STATUS} colors={GROUP_STATUS_COLORS} value={group.status} />
        }
        facts={[group.theme, group.startedOn && `du ${formatDate(group.startedOn)}${group.endedOn ? ` au ${formatDate(group.endedOn)}` : ''}`]}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setMeeting({ value: null })}>
            Nouvelle réunion
          </Button>
        }
        onEdit={() => setEditing(true)}
        remove={{
          label: 'Supprimer le groupe',
          message: `Le groupe « ${group.name} », ses réunions et ses pistes d'actions seront supprimés.`,
          onConfirm: () => deleteGroup.mutate({ id: group.id, version: group.version }, { onSuccess: onDeleted }),
        }}
      />

      <SimpleGrid cols={3}>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            Pilote associatif
          </Text>
          {group.pilotAssociationId ? <Anchor component={Link} to={`/acteurs/o${group.pilotAssociationId}`}>{group.pilotAssociationName}</Anchor> : <Text c="dimmed">—</Text>}
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            Pilote entreprise
          </Text>
          {group.pilotCompanyId ? <Anchor component={Link} to={`/acteurs/o${group.pilotCompanyId}`}>{group.pilotCompanyName}</Anchor> : <Text c="dimmed">—</Text>}
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            Facilitateur
          </Text>
          {group.facilitatorPersonId ? <Anchor component={Link} to={`/acteurs/p${group.facilitatorPersonId}`}>{facilitator}</Anchor> : <Text>{facilitator ?? '—'}</Text>}
        </Card>
      </SimpleGrid>
      {group.description && <Text size="sm">{group.description}</Text>}

      <Tabs defaultValue="reunions">
        <Tabs.List>
          <Tabs.Tab value="reunions">Réunions ({formatInteger(group.meetings.length)})</Tabs.Tab>
          <Tabs.Tab value="membres">Membres ({formatInteger(group.members.length)})</Tabs.Tab>
          <Tabs.Tab value="pistes">Pistes d'actions ({formatInteger(group.actions.length)})</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="reunions" pt="md">
          {group.meetings.length === 0 ? (
            <Alert color="gray" title="Aucune réunion">
              Planifiez la première réunion avec le bouton « Nouvelle réunion » : date, lieu, ordre du jour, présences et compte rendu.
            </Alert>
          ) : (
            <Stack>
              {group.meetings.map((item) => {
                const present = item.attendance.filter((row) => row.status === 'present')
                return (
                  <Card withBorder key={item.id} data-testid="meeting">
                    <Group justify="space-between" mb="xs">
                      <Stack gap={0}>
                        <Title order={4}>Réunion du {formatDate(item.heldOn)}</Title>
                        <Text size="sm" c="dimmed">
                          {[item.place, plural(present.length, 'présent')].filter(Boolean).join(' · ')}
                        </Text>
                      </Stack>
                      <RowActions
                        what={`la réunion du ${formatDate(item.heldOn)}`}
                        onEdit={() => setMeeting({ value: item })}
                        onDelete={() => deleteMeeting.mutate({ id: item.id, version: item.version })}
                        confirm="La réunion, ses présences, ses pièces jointes et son compte rendu seront supprimés."
                      />
                    </Group>
                    {item.agenda && (
                      <Text size="sm" mb="xs">
                        <b>Ordre du jour :</b> {item.agenda}
                      </Text>
                    )}
                    <Text size="sm" mb="xs">
                      <b>Présences :</b>{' '}
                      {item.attendance.length === 0
                        ? 'non renseignées'
                        : (['present', 'excuse', 'absent'] as const)
                            .map((status) => {
                              const names = item.attendance.filter((row) => row.status === status).map((row) => `${row.actorName}${row.isGuest ? ' (invité)' : ''}`)
                              return names.length ? `${ATTENDANCE_STATUS.label(status)}s : ${names.join(', ')}` : null
                            })
                            .filter(Boolean)
                            .join(' — ')}
                    </Text>
                    {item.minutes ? <Markdown>{item.minutes}</Markdown> : <Text size="sm" c="dimmed">Pas encore de compte rendu.</Text>}
                    {item.attachments.length > 0 && (
                      <Text size="sm" mt="xs">
                        <b>Pièces jointes :</b> {item.attachments.map((attachment) => `${attachment.label} (${attachment.path})`).join(' ; ')}
                      </Text>
                    )}
                  </Card>
                )
              })}
            </Stack>
          )}
        </Tabs.Panel>

        <Tabs.Panel value="membres" pt="md">
          <SectionCard title="Membres" add={{ label: 'Ajouter un membre', onClick: () => setAddingMember(true) }}>
            <RecordTable
              label="Membres du groupe"
              columns={['Membre', 'Rôle', 'Depuis', "Jusqu'au", '']}
              rows={group.members}
              empty="Aucun membre pour l'instant."
              cells={(member) => [
                <Anchor component={Link} to={actorPath(member.actorKey)}>
                  {member.actorName}
                </Anchor>,
                member.role ?? '—',
                formatDate(member.joinedOn),
                formatDate(member.leftOn),
                <RowActions what={member.actorName} verb="Retirer" onDelete={() => deleteMember.mutate({ id: member.id, version: member.version })} />,
              ]}
            />
          </SectionCard>
        </Tabs.Panel>

        <Tabs.Panel value="pistes" pt="md">
          <SectionCard title="Pistes d'actions" add={{ label: 'Proposer une piste', onClick: () => setAction({ value: null }) }}>
            <RecordTable
              label="Pistes d'actions"
              columns={['Piste', 'Portée par', 'Statut', 'Décision du COPIL', 'Devenue', '']}
              rows={group.actions}
              empty="Le groupe n'a pas encore proposé de piste d'action."
              cells={(item) => [
                <>
                  <Text size="sm" fw={500}>
                    {item.title}
                  </Text>
                  {item.description && (
                    <Text size="xs" c="dimmed">
                      {item.description}
                    </Text>
                  )}
                </>,
                item.carrierKey ? (
                  <Anchor component={Link} to={actorPath(item.carrierKey)} size="sm">
                    {item.carrierName}
                  </Anchor>
                ) : (
                  (item.carrierName ?? '—')
                ),
                <ValueBadge list={ACTION_STATUS} colors={ACTION_STATUS_COLORS} value={item.status} />,
                item.decisionReference ?? '—',
                item.editionId ? (
                  <Anchor component={Link} to={`/programmes/editions/${item.editionId}`} size="sm">
                    {item.editionTitle} ({item.editionYear})
                  </Anchor>
                ) : (
                  (item.outcome ?? '—')
                ),
                <RowActions what="la piste" onEdit={() => setAction({ value: item })} onDelete={() => deleteAction.mutate({ id: item.id, version: item.version })}>
                  {item.decisionId === null && (
                    <Button size="xs" variant="light" leftSection={<IconGavel size={14} />} onClick={() => setRetaining(item)}>
                      Retenir au COPIL
                    </Button>
                  )}
                </RowActions>,
              ]}
            />
          </SectionCard>
        </Tabs.Panel>
      </Tabs>

      {editing && <GroupFormDialog group={group} onClose={() => setEditing(false)} />}
      {meeting && <MeetingModal group={group} meeting={meeting.value} onClose={() => setMeeting(null)} />}
      {addingMember && <GroupMemberModal group={group} onClose={() => setAddingMember(false)} />}
      {action && <ActionModal group={group} action={action.value} onClose={() => setAction(null)} />}
      {retaining && <RetainActionModal action={retaining} onClose={() => setRetaining(null)} />}
    </Stack>
  )
}
