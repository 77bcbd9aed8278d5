import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core'
import { IconArrowLeft, IconGavel, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { errorMessage } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActorPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import { Markdown } from '../../components/Markdown'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../../../db/rules/format'
import { GroupFormModal } from './GroupFormModal'
import { ACTION_STATUS_COLORS, GROUP_STATUS_COLORS } from './labels'
import { MeetingModal } from './MeetingModal'
import { confirmDanger } from '../../components/confirmDanger'
import { ModalFooter } from '../../components/ModalFooter'
import { DECISION_KIND } from '../../../../db/rules/copil-values'
import { ACTION_STATUS, ATTENDANCE_STATUS, GROUP_STATUS } from '../../../../db/rules/group-values'

type GroupDetail = ApiResult<'groups.get'>
type Action = GroupDetail['actions'][number]

function MemberModal({ group, onClose }: { group: GroupDetail; onClose: () => void }) {
  const save = useApiMutation('groups.saveMember', { successMessage: 'Membre ajouté.', silentErrors: true })
  const [actor, setActor] = useState<string | null>(null)
  const [role, setRole] = useState('')
  const [joinedOn, setJoinedOn] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  return (
    <Modal opened onClose={onClose} title="Ajouter un membre" size="lg">
      <Stack gap="sm">
        <ActorPicker label="Organisation ou personne" value={actor} onChange={(key) => setActor(key)} />
        <SimpleGrid cols={2}>
          <TextInput label="Rôle" placeholder="Ex. : membre, expert invité" value={role} onChange={(event) => setRole(event.currentTarget.value)} />
          <DateField label="Depuis le" value={joinedOn} onChange={setJoinedOn} />
        </SimpleGrid>
        <ModalFooter
          onCancel={onClose}
          busy={save.isPending}
          error={error}
          confirmLabel="Ajouter"
          onConfirm={async () => {
            if (!actor) return setError("Choisissez un acteur de l'annuaire.")
            try {
              await save.mutateAsync({ id: null, values: { groupId: group.id, actor, role, joinedOn } })
              onClose()
            } catch (caught) {
              setError(errorMessage(caught))
            }
          }}
        />
      </Stack>
    </Modal>
  )
}

function ActionModal({ group, action, onClose }: { group: GroupDetail; action: Action | null; onClose: () => void }) {
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
  const [error, setError] = useState<string | null>(null)
  return (
    <Modal opened onClose={onClose} title={action ? "Modifier la piste d'action" : "Nouvelle piste d'action"} size="lg">
      <Stack gap="sm">
        <TextInput label="Intitulé" required value={title} onChange={(event) => setTitle(event.currentTarget.value)} />
        <Textarea label="Description" autosize minRows={3} value={description} onChange={(event) => setDescription(event.currentTarget.value)} />
        <SimpleGrid cols={2}>
          <ActorPicker label="Portée par" value={carrier} initialLabel={action?.carrierName} onChange={(key) => setCarrier(key)} />
          <DateField label="Proposée le" value={proposedOn} onChange={setProposedOn} />
        </SimpleGrid>
        <SimpleGrid cols={2}>
          <Select label="Statut" data={ACTION_STATUS.options} value={status} onChange={(value) => value && setStatus(value)} allowDeselect={false} />
          <TextInput label="Devenue (autre action)" placeholder="Ex. : permanence au tiers-lieu" value={outcome} onChange={(event) => setOutcome(event.currentTarget.value)} />
        </SimpleGrid>
        <Select label="Devenue (édition d'un programme)" data={editions} value={editionId} onChange={setEditionId} searchable clearable placeholder="Aucune" />
        <ModalFooter
          onCancel={onClose}
          busy={save.isPending}
          error={error}
          onConfirm={async () => {
            try {
              await save.mutateAsync({ id: action?.id ?? null, values: { groupId: group.id, title, description, carriedBy: carrier, status: status as never, proposedOn, outcome, editionId: editionId ? Number(editionId) : null } })
              onClose()
            } catch (caught) {
              setError(errorMessage(caught))
            }
          }}
        />
      </Stack>
    </Modal>
  )
}

/** Retaining a proposed action at a COPIL session turns it into a decision of that session. */
function RetainModal({ action, onClose }: { action: Action; onClose: () => void }) {
  const sessions = useApiQuery('copil.sessions')
  const retain = useApiMutation('copil.retainAction', { successMessage: 'Piste retenue : la décision est inscrite au registre du COPIL.', silentErrors: true })
  const [sessionId, setSessionId] = useState<string | null>(null)
  const [text, setText] = useState(`Soutenir l'action «\u00a0${action.title}\u00a0»`)
  const [kind, setKind] = useState('action_soutenue')
  const [owner, setOwner] = useState<string | null>(action.carrierKey)
  const [dueOn, setDueOn] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const options = (sessions.data ?? []).filter((session) => session.status !== 'annulee').map((session) => ({ value: String(session.id), label: `${session.reference} — ${formatDate(session.heldOn)}` }))
  return (
    <Modal opened onClose={onClose} title="Retenir la piste au COPIL" size="lg">
      <Stack gap="sm">
        {options.length === 0 && (
          <Alert color="yellow">Aucune séance du COPIL n'est enregistrée : créez d'abord la séance dans l'écran COPIL.</Alert>
        )}
        <Select label="Séance du COPIL" data={options} value={sessionId} onChange={setSessionId} required />
        <Textarea label="Texte de la décision" autosize minRows={2} value={text} onChange={(event) => setText(event.currentTarget.value)} />
        <SimpleGrid cols={3}>
          <Select label="Nature" data={DECISION_KIND.options} value={kind} onChange={(value) => value && setKind(value)} allowDeselect={false} />
          <ActorPicker label="Responsable" value={owner} initialLabel={action.carrierName} onChange={(key) => setOwner(key)} />
          <DateField label="Échéance" value={dueOn} onChange={setDueOn} />
        </SimpleGrid>
        <ModalFooter
          onCancel={onClose}
          busy={retain.isPending}
          error={error}
          confirmLabel="Retenir comme décision"
          onConfirm={async () => {
            if (!sessionId) return setError('Choisissez la séance du COPIL.')
            try {
              await retain.mutateAsync({ actionId: action.id, sessionId: Number(sessionId), text, kind: kind as never, owner, dueOn })
              onClose()
            } catch (caught) {
              setError(errorMessage(caught))
            }
          }}
        />
      </Stack>
    </Modal>
  )
}

export function GroupScreen() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const group = useApiQuery('groups.get', { id: Number(id) }, { enabled: /^\d+$/.test(id) })
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/groupes" size="sm" className="no-print">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Tous les groupes
        </Group>
      </Anchor>
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
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{group.name}</Title>
          <Group gap="xs">
            <Badge variant="light" color={GROUP_STATUS_COLORS[group.status]}>
              {GROUP_STATUS.label(group.status)}
            </Badge>
            <Text size="sm" c="dimmed">
              {[group.theme, group.startedOn ? `du ${formatDate(group.startedOn)}${group.endedOn ? ` au ${formatDate(group.endedOn)}` : ''}` : null].filter(Boolean).join(' · ')}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" className="no-print">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setMeeting({ value: null })}>
            Nouvelle réunion
          </Button>
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            Modifier
          </Button>
          <Tooltip label="Supprimer le groupe">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Supprimer le groupe"
              onClick={() =>
                confirmDanger({
                  title: 'Supprimer le groupe',
                  children: <Text size="sm">Le groupe « {group.name} », ses réunions et ses pistes d'actions seront supprimés.</Text>,
                  confirmLabel: 'Supprimer',
                  onConfirm: () => deleteGroup.mutate({ id: group.id }, { onSuccess: onDeleted }),
                })
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>

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
                          {[item.place, `${present.length} présent${present.length > 1 ? 's' : ''}`].filter(Boolean).join(' · ')}
                        </Text>
                      </Stack>
                      <Group gap={4} className="no-print">
                        <Button size="xs" variant="light" onClick={() => setMeeting({ value: item })}>
                          Modifier
                        </Button>
                        <ActionIcon variant="subtle" color="red" aria-label="Supprimer la réunion" onClick={() => deleteMeeting.mutate({ id: item.id })}>
                          <IconTrash size={14} />
                        </ActionIcon>
                      </Group>
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
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={4}>Membres</Title>
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAddingMember(true)}>
                Ajouter un membre
              </Button>
            </Group>
            {group.members.length === 0 ? (
              <Text size="sm" c="dimmed">Aucun membre pour l'instant.</Text>
            ) : (
              <Table striped aria-label="Membres du groupe">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Membre</Table.Th>
                    <Table.Th>Rôle</Table.Th>
                    <Table.Th>Depuis</Table.Th>
                    <Table.Th>Jusqu'au</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {group.members.map((member) => (
                    <Table.Tr key={member.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/acteurs/${member.actorKey}`}>
                          {member.actorName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{member.role ?? '—'}</Table.Td>
                      <Table.Td>{formatDate(member.joinedOn)}</Table.Td>
                      <Table.Td>{formatDate(member.leftOn)}</Table.Td>
                      <Table.Td>
                        <ActionIcon variant="subtle" color="red" aria-label={`Retirer ${member.actorName}`} onClick={() => deleteMember.mutate({ id: member.id })}>
                          <IconTrash size={14} />
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Tabs.Panel>

        <Tabs.Panel value="pistes" pt="md">
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={4}>Pistes d'actions</Title>
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAction({ value: null })}>
                Proposer une piste
              </Button>
            </Group>
            {group.actions.length === 0 ? (
              <Text size="sm" c="dimmed">Le groupe n'a pas encore proposé de piste d'action.</Text>
            ) : (
              <Table striped aria-label="Pistes d'actions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Piste</Table.Th>
                    <Table.Th>Portée par</Table.Th>
                    <Table.Th>Statut</Table.Th>
                    <Table.Th>Décision du COPIL</Table.Th>
                    <Table.Th>Devenue</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {group.actions.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {item.title}
                        </Text>
                        {item.description && (
                          <Text size="xs" c="dimmed">
                            {item.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{item.carrierKey ? <Anchor component={Link} to={`/acteurs/${item.carrierKey}`} size="sm">{item.carrierName}</Anchor> : (item.carrierName ?? '—')}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={ACTION_STATUS_COLORS[item.status]}>
                          {ACTION_STATUS.label(item.status)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{item.decisionReference ?? '—'}</Table.Td>
                      <Table.Td>
                        {item.editionId ? (
                          <Anchor component={Link} to={`/programmes/editions/${item.editionId}`} size="sm">
                            {item.editionTitle} ({item.editionYear})
                          </Anchor>
                        ) : (
                          (item.outcome ?? '—')
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          {item.decisionId === null && (
                            <Button size="xs" variant="light" leftSection={<IconGavel size={14} />} onClick={() => setRetaining(item)}>
                              Retenir au COPIL
                            </Button>
                          )}
                          <ActionIcon variant="subtle" aria-label="Modifier la piste" onClick={() => setAction({ value: item })}>
                            <IconPencil size={14} />
                          </ActionIcon>
                          <ActionIcon variant="subtle" color="red" aria-label="Supprimer la piste" onClick={() => deleteAction.mutate({ id: item.id })}>
                            <IconTrash size={14} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Tabs.Panel>
      </Tabs>

      {editing && <GroupFormModal group={group} onClose={() => setEditing(false)} />}
      {meeting && <MeetingModal group={group} meeting={meeting.value} onClose={() => setMeeting(null)} />}
      {addingMember && <MemberModal group={group} onClose={() => setAddingMember(false)} />}
      {action && <ActionModal group={group} action={action.value} onClose={() => setAction(null)} />}
      {retaining && <RetainModal action={retaining} onClose={() => setRetaining(null)} />}
    </Stack>
  )
}
