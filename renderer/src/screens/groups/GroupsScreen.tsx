import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { IconPlus, IconUsersGroup } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { call } from '../../api/client'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../format'
import { GroupFormModal } from './GroupFormModal'
import { GROUP_STATUS_COLORS, GROUP_STATUS_LABELS } from './labels'

export function GroupsScreen() {
  const navigate = useNavigate()
  const groups = useApiQuery('groups.list')
  const [creating, setCreating] = useState(false)
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Groupes de travail</Title>
        <Group gap="xs" className="no-print">
          {(groups.data?.length ?? 0) > 0 && <ExportButton run={() => call('groups.export')} />}
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Nouveau groupe
          </Button>
        </Group>
      </Group>
      <QueryState query={groups}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState
              icon={IconUsersGroup}
              title="Aucun groupe de travail"
              needsDirectory="Pilotes et membres sont des acteurs de l’annuaire, encore vide."
              actions={
                <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                  Créer un groupe
                </Button>
              }
            >
              Un groupe réunit des acteurs autour d'un thème pendant quelques réunions, avec un binôme de pilotes (une association, une entreprise) et
              un animateur extérieur ; il en sort des pistes d'actions, que le COPIL retient ou non. Créez le groupe, puis planifiez ses réunions.
            </EmptyState>
          ) : (
            <Card withBorder p={0}>
              <Table striped highlightOnHover aria-label="Groupes de travail">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Groupe</Table.Th>
                    <Table.Th w={120}>Statut</Table.Th>
                    <Table.Th>Période</Table.Th>
                    <Table.Th>Binôme de pilotes</Table.Th>
                    <Table.Th ta="right">Membres</Table.Th>
                    <Table.Th ta="right">Réunions</Table.Th>
                    <Table.Th>Dernière réunion</Table.Th>
                    <Table.Th ta="right">Pistes</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((group) => (
                    <Table.Tr key={group.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/groupes/${group.id}`)}>
                      <Table.Td>
                        <Anchor component={Link} to={`/groupes/${group.id}`} fw={500}>
                          {group.name}
                        </Anchor>
                        {group.theme && (
                          <Text size="xs" c="dimmed">
                            {group.theme}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={GROUP_STATUS_COLORS[group.status]}>
                          {GROUP_STATUS_LABELS[group.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {group.startedOn ? `du ${formatDate(group.startedOn)}` : '—'}
                          {group.endedOn ? ` au ${formatDate(group.endedOn)}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{[group.pilotAssociation, group.pilotCompany].filter(Boolean).join(' · ') || '—'}</Text>
                      </Table.Td>
                      <Table.Td className="numeric">{formatInteger(group.members)}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(group.meetings)}</Table.Td>
                      <Table.Td>{formatDate(group.lastMeetingOn as string | null)}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(group.actions)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )
        }
      </QueryState>
      {creating && <GroupFormModal group={null} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/groupes/${id}`)} />}
    </Stack>
  )
}
