import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core'
import { IconPlus, IconUsersGroup } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { call } from '../../api/client'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { RecordTable } from '../../components/RecordTable'
import { formatDate, formatInteger } from '../../../../db/rules/format'
import { GroupFormModal } from './GroupFormModal'
import { GROUP_STATUS_COLORS } from './labels'
import { GROUP_STATUS } from '../../../../db/rules/group-values'
import { ValueBadge } from '../../components/ValueBadge'

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
        {(rows) => (
          <RecordTable
            label="Groupes de travail"
            highlightOnHover
            columns={['Groupe', { label: 'Statut', width: 120 }, 'Période', 'Binôme de pilotes', { label: 'Membres', numeric: true }, { label: 'Réunions', numeric: true }, 'Dernière réunion', { label: 'Pistes', numeric: true }]}
            rows={rows}
            framed={{}}
            empty={
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
            }
            rowProps={(group) => ({ style: { cursor: 'pointer' }, onClick: () => navigate(`/groupes/${group.id}`) })}
            cells={(group) => [
              <>
                <Anchor component={Link} to={`/groupes/${group.id}`} fw={500}>
                  {group.name}
                </Anchor>
                {group.theme && (
                  <Text size="xs" c="dimmed">
                    {group.theme}
                  </Text>
                )}
              </>,
              <ValueBadge list={GROUP_STATUS} colors={GROUP_STATUS_COLORS} value={group.status} />,
              <Text size="sm">
                {group.startedOn ? `du ${formatDate(group.startedOn)}` : '—'}
                {group.endedOn ? ` au ${formatDate(group.endedOn)}` : ''}
              </Text>,
              <Text size="sm">{[group.pilotAssociation, group.pilotCompany].filter(Boolean).join(' · ') || '—'}</Text>,
              formatInteger(group.members),
              formatInteger(group.meetings),
              formatDate(group.lastMeetingOn as string | null),
              formatInteger(group.actions),
            ]}
          />
        )}
      </QueryState>
      {creating && <GroupFormModal group={null} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/groupes/${id}`)} />}
    </Stack>
  )
}
