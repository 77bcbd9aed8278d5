import { Alert, Button, Card, Group, Pagination, SegmentedControl, Select, Stack, Text } from '@mantine/core'
import { IconBellRinging } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import { weekOf } from '../../../../db/rules/dates'
import { FOLLOW_UP_PERIOD, type FollowUpPeriod } from '../../../../db/rules/actor-values'
import { useApiQuery } from '../../api/hooks'
import { useHasRecords } from '../../app/database'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import { FollowUpTable } from './FollowUpTable'

const PAGE_SIZE = 50
/** « Toutes »: the first follow-ups of each period. */
const OVERVIEW_SIZE = 10
/** The « Relances de » choice that shows everyone's. */
const TEAM = '*'
type Shown = FollowUpPeriod | 'tout'

/** « À relancer »: every open next step of the journal, by due date, one's own by default, a page at a time. */
export function FollowUpsScreen() {
  const settings = useApiQuery('settings.get')
  const me = settings.data?.animator ?? null
  // Until a choice is made: the animator of this machine, else the whole team.
  const [chosen, setChosen] = useState<string | null>(null)
  const who = chosen ?? (me ?? TEAM)
  const [shown, setShown] = useState<Shown>('tout')
  const [page, setPage] = useState(1)
  const followUps = useApiQuery(
    'journal.followUps',
    shown === 'tout'
      ? { animator: who === TEAM ? null : who, perPeriod: OVERVIEW_SIZE }
      : { animator: who === TEAM ? null : who, period: shown, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    { enabled: settings.isFetched, placeholderData: keepPreviousData },
  )
  // The other animators' names read the whole journal (a third of a second at territory scale): asked
  // once the rows are there, not before them.
  const animators = useApiQuery('journal.animators', undefined, { enabled: followUps.isFetched })
  const journalStarted = useHasRecords('interactions')
  // A page emptied by « Fait » gives way to the last one left.
  const lastPage = followUps.data && shown !== 'tout' ? Math.max(1, Math.ceil(followUps.data.total / PAGE_SIZE)) : page
  useEffect(() => {
    if (page > lastPage) setPage(lastPage)
  }, [page, lastPage])

  const names = [...new Set([...(me ? [me] : []), ...(animators.data ?? [])])]
  const whoChoices = [
    ...names.map((name) => ({ value: name, label: name === me ? `${name} (vous)` : name })),
    { value: TEAM, label: 'Toute l’équipe' },
  ]
  const choose = (next: { who?: string; shown?: Shown }) => {
    if (next.who !== undefined) setChosen(next.who)
    if (next.shown !== undefined) setShown(next.shown)
    setPage(1)
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={720}>
          Les prochaines étapes convenues lors des échanges et pas encore faites, par échéance.
          {followUps.data && ` Cette semaine : du lundi ${formatDate(weekOf(followUps.data.today).monday)} au dimanche ${formatDate(followUps.data.weekEnd)}.`}
        </Text>
        <Select label="Relances de" data={whoChoices} value={who} onChange={(value) => value && choose({ who: value })} allowDeselect={false} w={260} />
      </Group>
      <QueryState query={followUps}>
        {(data) => {
          const all = FOLLOW_UP_PERIOD.codes.reduce((sum, period) => sum + data.counts[period], 0)
          if (all === 0 && journalStarted === false) {
            return (
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
                étape et son échéance. Elle apparaîtra ici jusqu'à ce qu'elle soit faite.
              </EmptyState>
            )
          }
          const periods = FOLLOW_UP_PERIOD.codes.filter((period) => period !== 'sans_echeance' || data.counts[period] > 0)
          const first = data.offset + 1
          return (
            <Stack gap="xs">
              <SegmentedControl
                aria-label="Échéances montrées"
                value={shown}
                onChange={(value) => choose({ shown: value as Shown })}
                data={[
                  { value: 'tout', label: `Toutes (${formatInteger(all)})` },
                  ...periods.map((period) => ({ value: period, label: `${FOLLOW_UP_PERIOD.label(period)} (${formatInteger(data.counts[period])})` })),
                ]}
                style={{ alignSelf: 'flex-start' }}
              />
              {data.total === 0 ? (
                <Alert color="teal" title="Rien à relancer">
                  {shown === 'tout' ? 'Aucune prochaine étape ouverte' : `Aucune prochaine étape « ${FOLLOW_UP_PERIOD.label(shown).toLowerCase()} »`}
                  {who === TEAM ? ' dans l’équipe.' : ` pour ${who}.`}
                  {who !== TEAM && (
                    <Button variant="subtle" size="compact-sm" ml="xs" onClick={() => choose({ who: TEAM })}>
                      Voir celles de toute l’équipe
                    </Button>
                  )}
                </Alert>
              ) : (
                <Card withBorder p={0} style={{ opacity: followUps.isPlaceholderData ? 0.6 : 1 }}>
                  <FollowUpTable
                    rows={data.rows}
                    label="À relancer"
                    periodCounts={shown === 'tout' ? data.counts : undefined}
                    onShowPeriod={(period) => choose({ shown: period })}
                  />
                  <Group justify="space-between" p="xs" gap="xs">
                    <Text size="sm" c="dimmed" data-testid="follow-ups-count">
                      {shown === 'tout'
                        ? `${plural(data.total, 'relance ouverte', 'relances ouvertes')}, dont ${formatInteger(data.counts.en_retard)} en retard`
                        : `${formatInteger(first)}–${formatInteger(data.offset + data.rows.length)} sur ${plural(data.total, 'relance')}`}
                    </Text>
                    {shown !== 'tout' && lastPage > 1 && (
                      <Pagination
                        size="sm"
                        total={lastPage}
                        value={page}
                        onChange={setPage}
                        siblings={1}
                        getControlProps={(control) => ({ 'aria-label': control === 'next' ? 'Page suivante' : control === 'previous' ? 'Page précédente' : control === 'first' ? 'Première page' : 'Dernière page' })}
                        getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
                        withEdges
                      />
                    )}
                  </Group>
                </Card>
              )}
            </Stack>
          )
        }}
      </QueryState>
    </Stack>
  )
}
