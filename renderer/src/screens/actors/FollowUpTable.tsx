import { Anchor, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core'
import { Fragment } from 'react'
import { Link } from 'react-router'
import type { FollowUp } from '../../../../db/actors/journal'
import { FOLLOW_UP_PERIOD, FOLLOW_UP_STATE, INTERACTION_KIND, type FollowUpPeriod, type FollowUpState } from '../../../../db/rules/actor-values'
import { ValueBadge } from '../../components/ValueBadge'
import { formatDate, formatInteger } from '../../../../db/rules/format'
import { useFollowUpDone } from './followUpDone'
import { FOLLOW_UP_STATE_COLORS } from './labels'

/** What each period's heading adds about its order. */
const PERIOD_ORDER_NOTES: Record<FollowUpPeriod, string> = {
  en_retard: 'les plus récentes d’abord',
  cette_semaine: 'jusqu’à dimanche',
  plus_tard: 'les plus proches d’abord',
  sans_echeance: 'les échanges les plus récents d’abord',
}

function periodOf(state: FollowUpState): FollowUpPeriod {
  return state === 'aujourdhui' ? 'cette_semaine' : state
}

/** « Voir les 20 001 relances en retard ». */
function showAllLabel(period: FollowUpPeriod, count: number): string {
  const what = count > 1 ? `les ${formatInteger(count)} relances` : 'la relance'
  return period === 'sans_echeance' ? `Voir ${what} sans échéance` : `Voir ${what} « ${FOLLOW_UP_PERIOD.label(period).toLowerCase()} »`
}

/**
 * Open follow-ups: due date and where it stands, the step, the exchange it comes from, who, and
 * « Fait » (undoable). An overview (`periodCounts`) opens each period with a heading and ends it
 * with the way to all of its follow-ups (`onShowPeriod`) when only the first ones are listed.
 */
export function FollowUpTable({
  rows,
  label,
  withActor = true,
  periodCounts,
  onShowPeriod,
}: {
  rows: FollowUp[]
  label: string
  withActor?: boolean
  periodCounts?: Record<FollowUpPeriod, number>
  onShowPeriod?: (period: FollowUpPeriod) => void
}) {
  const done = useFollowUpDone()
  const columns = withActor ? 6 : 5
  return (
    <Table striped highlightOnHover aria-label={label} verticalSpacing={6}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={210}>Échéance</Table.Th>
          {withActor && <Table.Th>Acteur</Table.Th>}
          <Table.Th>Prochaine étape</Table.Th>
          <Table.Th>Échange d'origine</Table.Th>
          <Table.Th>Animateur</Table.Th>
          <Table.Th w={80}>
            <VisuallyHidden>Action</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, position) => {
          const period = periodOf(row.state)
          const heading = periodCounts && (position === 0 || periodOf(rows[position - 1]!.state) !== period)
          const lastOfPeriod = position === rows.length - 1 || periodOf(rows[position + 1]!.state) !== period
          const listed = lastOfPeriod ? rows.filter((each) => periodOf(each.state) === period).length : 0
          const more = periodCounts && onShowPeriod && lastOfPeriod && periodCounts[period] > listed
          return (
            <Fragment key={row.id}>
              {heading && (
                <Table.Tr>
                  <Table.Th colSpan={columns} scope="colgroup" bg="var(--mantine-color-gray-1)">
                    {FOLLOW_UP_PERIOD.label(period)} · {formatInteger(periodCounts[period])}
                    <Text span size="xs" c="dimmed" fw={400}>
                      {' '}
                      — {PERIOD_ORDER_NOTES[period]}
                    </Text>
                  </Table.Th>
                </Table.Tr>
              )}
              <Table.Tr>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {row.nextStepDueOn ? formatDate(row.nextStepDueOn) : 'Sans date'}
                    </Text>
                    <ValueBadge list={FOLLOW_UP_STATE} colors={FOLLOW_UP_STATE_COLORS} value={row.state} size="sm" style={{ flexShrink: 0, overflow: 'visible' }} />
                  </Group>
                </Table.Td>
                {withActor && (
                  <Table.Td>
                    <Anchor component={Link} to={`/acteurs/${row.actorKey}`} size="sm">
                      {row.actorName}
                    </Anchor>
                  </Table.Td>
                )}
                <Table.Td>{row.nextStep}</Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {INTERACTION_KIND.label(row.kind)} du {formatDate(row.occurredOn)} — {row.summary}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.animator}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" loading={done.pending === row.id} onClick={() => void done.markDone(row)}>
                    Fait
                  </Button>
                </Table.Td>
              </Table.Tr>
              {more && (
                <Table.Tr>
                  <Table.Td colSpan={columns}>
                    <Button variant="subtle" size="compact-sm" onClick={() => onShowPeriod(period)}>
                      {showAllLabel(period, periodCounts[period])}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}
