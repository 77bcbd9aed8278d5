import { Alert, Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { Link } from 'react-router'
import { todayIso } from '../../../../db/rules/dates'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../format'
import { INTERACTION_KIND_LABELS } from './labels'

const STATE_LABELS = { en_retard: 'En retard', aujourdhui: "Aujourd'hui", a_venir: 'Cette semaine' } as const
const STATE_COLORS = { en_retard: 'red', aujourdhui: 'orange', a_venir: 'gray' } as const

/** « À relancer »: next steps due or overdue, across the journal. */
export function FollowUpsScreen() {
  const [animator, setAnimator] = useState<string | null>(null)
  const animators = useApiQuery('journal.animators')
  const followUps = useApiQuery('journal.followUps', { animator })
  const complete = useApiMutation('journal.complete', { successMessage: 'Étape marquée comme faite.' })
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Les prochaines étapes convenues lors des échanges, dont l'échéance est passée ou arrive dans les 7 jours.
        </Text>
        <Select aria-label="Animateur ou animatrice" placeholder="Tous les animateurs" data={animators.data ?? []} value={animator} onChange={setAnimator} clearable w={240} />
      </Group>
      <QueryState query={followUps}>
        {(rows) =>
          rows.length === 0 ? (
            <Alert color="teal" title="Rien à relancer">
              Aucune prochaine étape en retard ou à faire cette semaine.
            </Alert>
          ) : (
            <Card withBorder p={0}>
              <Table striped highlightOnHover aria-label="À relancer">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Échéance</Table.Th>
                    <Table.Th>Acteur</Table.Th>
                    <Table.Th>Prochaine étape</Table.Th>
                    <Table.Th>Échange d'origine</Table.Th>
                    <Table.Th>Animateur</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.id}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm">{formatDate(row.nextStepDueOn)}</Text>
                          <Badge size="xs" color={STATE_COLORS[row.state]} variant="light">
                            {STATE_LABELS[row.state]}
                          </Badge>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/acteurs/${row.actorKey}`}>
                          {row.actorName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{row.nextStep}</Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {INTERACTION_KIND_LABELS[row.kind]} du {formatDate(row.occurredOn)} — {row.summary}
                        </Text>
                      </Table.Td>
                      <Table.Td>{row.animator}</Table.Td>
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
                {formatInteger(rows.length)} relance{rows.length > 1 ? 's' : ''}, dont {formatInteger(rows.filter((row) => row.state === 'en_retard').length)} en retard.
              </Text>
            </Card>
          )
        }
      </QueryState>
    </Stack>
  )
}
