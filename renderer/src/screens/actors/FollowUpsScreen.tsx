import { Alert, Anchor, Badge, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core'
import { IconBellRinging } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { todayIso } from '../../../../db/rules/dates'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useHasRecords } from '../../app/database'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../format'
import { INTERACTION_KIND_LABELS } from './labels'

const STATE_LABELS = { en_retard: 'En retard', aujourdhui: "Aujourd'hui", a_venir: 'Cette semaine' } as const
const STATE_COLORS = { en_retard: 'red', aujourdhui: 'orange', a_venir: 'gray' } as const
type State = keyof typeof STATE_LABELS

/** « À relancer »: next steps due or overdue, across the journal. */
export function FollowUpsScreen() {
  const [animator, setAnimator] = useState<string | null>(null)
  const [shown, setShown] = useState<State | 'tout'>('tout')
  const animators = useApiQuery('journal.animators')
  const followUps = useApiQuery('journal.followUps', { animator })
  const complete = useApiMutation('journal.complete', { successMessage: 'Étape marquée comme faite.' })
  const journalStarted = useHasRecords('interactions')
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Les prochaines étapes convenues lors des échanges, dont l'échéance est passée ou arrive dans les 7 jours.
        </Text>
        <Select aria-label="Animateur ou animatrice" placeholder="Tous les animateurs" data={animators.data ?? []} value={animator} onChange={setAnimator} clearable w={240} />
      </Group>
      <QueryState query={followUps}>
        {(all) => {
          const count = (state: State) => all.filter((row) => row.state === state).length
          const rows = shown === 'tout' ? all : all.filter((row) => row.state === shown)
          return all.length === 0 ? (
            journalStarted === false ? (
              <EmptyState
                icon={IconBellRinging}
                title="Pas encore d'échange noté"
                actions={
                  <Button component={Link} to="/acteurs">
                    Ouvrir l'annuaire
                  </Button>
                }
              >
                Les relances viennent du journal des échanges : sur la fiche d'un acteur, notez une rencontre, un appel ou un courriel avec sa prochaine
                étape et son échéance. Elle apparaîtra ici quand l'échéance approchera.
              </EmptyState>
            ) : (
              <Alert color="teal" title="Rien à relancer">
                Aucune prochaine étape en retard ou à faire cette semaine.
              </Alert>
            )
          ) : (
            <Stack gap="xs">
              <SegmentedControl
                aria-label="Échéances montrées"
                value={shown}
                onChange={(value) => setShown(value as State | 'tout')}
                data={[
                  { value: 'tout', label: `Toutes (${formatInteger(all.length)})` },
                  ...(Object.keys(STATE_LABELS) as State[]).map((state) => ({ value: state, label: `${STATE_LABELS[state]} (${formatInteger(count(state))})` })),
                ]}
                style={{ alignSelf: 'flex-start' }}
              />
            <Card withBorder p={0}>
              <Table striped highlightOnHover aria-label="À relancer">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={190}>Échéance</Table.Th>
                    <Table.Th>Acteur</Table.Th>
                    <Table.Th>Prochaine étape</Table.Th>
                    <Table.Th>Échange d'origine</Table.Th>
                    <Table.Th>Animateur</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Text size="sm" c="dimmed" py="xs">
                          Aucune relance dans cette catégorie.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {rows.map((row) => (
                    <Table.Tr key={row.id}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm">{formatDate(row.nextStepDueOn)}</Text>
                          <Badge size="xs" color={STATE_COLORS[row.state]} variant="light" style={{ flexShrink: 0, overflow: 'visible' }}>
                            {STATE_LABELS[row.state]}
                          </Badge>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/acteurs/${row.actorKey}`} size="sm">
                          {row.actorName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{row.nextStep}</Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {INTERACTION_KIND_LABELS[row.kind]} du {formatDate(row.occurredOn)} — {row.summary}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.animator}</Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="light" onClick={() => complete.mutate({ id: row.id, doneOn: todayIso() })}>
                          Fait
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="xs" c="dimmed" p="xs">
                {formatInteger(all.length)} relance{all.length > 1 ? 's' : ''}, dont {formatInteger(count('en_retard'))} en retard.
              </Text>
            </Card>
            </Stack>
          )
        }}
      </QueryState>
    </Stack>
  )
}
