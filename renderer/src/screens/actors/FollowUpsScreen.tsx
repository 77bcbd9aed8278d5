import { Alert, Anchor, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core'
import { IconBellRinging } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { todayIso } from '../../../../db/rules/dates'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useHasRecords } from '../../app/database'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import { FOLLOW_UP_STATE, INTERACTION_KIND, type FollowUpState } from '../../../../db/rules/actor-values'
import { FOLLOW_UP_STATE_COLORS } from './labels'
import { ValueBadge } from '../../components/ValueBadge'


/** « À relancer »: next steps due or overdue, across the journal. */
export function FollowUpsScreen() {
  const [animator, setAnimator] = useState<string | null>(null)
  const [shown, setShown] = useState<FollowUpState | 'tout'>('tout')
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
          const count = (state: FollowUpState) => all.filter((row) => row.state === state).length
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
                onChange={(value) => setShown(value as FollowUpState | 'tout')}
                data={[
                  { value: 'tout', label: `Toutes (${formatInteger(all.length)})` },
                  ...FOLLOW_UP_STATE.options.map(({ value, label }) => ({ value, label: `${label} (${formatInteger(count(value))})` })),
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
                          <ValueBadge list={FOLLOW_UP_STATE} colors={FOLLOW_UP_STATE_COLORS} value={row.state} size="xs" style={{ flexShrink: 0, overflow: 'visible' }} />
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
                          {INTERACTION_KIND.label(row.kind)} du {formatDate(row.occurredOn)} — {row.summary}
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
                {plural(all.length, 'relance')}, dont {formatInteger(count('en_retard'))} en retard.
              </Text>
            </Card>
            </Stack>
          )
        }}
      </QueryState>
    </Stack>
  )
}
