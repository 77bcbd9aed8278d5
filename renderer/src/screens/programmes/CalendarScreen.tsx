import { Anchor, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core'
import { IconCalendarEvent } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { RecordTable } from '../../components/RecordTable'
import { formatInteger, formatDayLong, formatMonth } from '../../../../db/rules/format'
import { PROGRAMME_COLORS, PROGRAMME_SESSION_STATUS_COLORS, placeAndTown } from './labels'
import { plural } from '../../../../db/rules/format'
import { PROGRAMME_SESSION_STATUS } from '../../../../db/rules/programme-values'
import { ValueBadge } from '../../components/ValueBadge'

type CalendarSession = ApiResult<'programmes.calendar'>['upcoming'][number]


function SessionRows({ sessions, label }: { sessions: CalendarSession[]; label: string }) {
  return (
    <RecordTable
      label={label}
      verticalSpacing={6}
      layout="fixed"
      columns={[{ label: 'Date', width: 195, nowrap: true }, { label: 'Programme', width: 115 }, 'Étape', 'Lieu', { label: 'Classes', width: 170 }, 'Entreprises et intervenants', { label: 'Statut', width: 105 }]}
      rows={sessions}
      empty={null}
      rowProps={() => ({ 'data-testid': 'calendar-session' })}
      cells={(session) => {
        const pupils = session.classes.reduce((sum, row) => sum + (row.pupilsCount ?? 0), 0)
        return [
          formatDayLong(session.heldOn),
          <Text size="sm" fw={600} c={`${PROGRAMME_COLORS[session.programmeCode] ?? 'gray'}.7`}>
            {session.programmeShortName}
          </Text>,
          <>
            <Anchor component={Link} to={`/programmes/editions/${session.editionId}`} size="sm" fw={500}>
              {session.stepOrder}. {session.sequenceTitle}
            </Anchor>
            <Text size="xs" c="dimmed">
              {session.editionTitle}
            </Text>
          </>,
          <Text size="sm">{placeAndTown(session.place, session.townName)}</Text>,
          <>
            <Text size="sm">
              {session.classes.length === 0
                ? '—'
                : session.classes.length > 4
                  ? `${session.classes.length} classes de ${plural(new Set(session.classes.map((row) => row.schoolId)).size, 'établissement')}`
                  : session.classes.map((row) => row.classLabel ?? row.schoolName).join(', ')}
            </Text>
            {pupils > 0 && (
              <Text size="xs" c="dimmed">
                {plural(pupils, session.status === 'realisee' ? 'élève présent' : 'élève attendu', session.status === 'realisee' ? 'élèves présents' : 'élèves attendus')}
              </Text>
            )}
          </>,
          <Text size="sm">
            {session.participants.length === 0
              ? '—'
              : session.participants
                  .slice(0, 4)
                  .map((row) => row.actorName)
                  .join(', ') + (session.participants.length > 5 ? ` et ${formatInteger(session.participants.length - 4)} autres` : session.participants.length === 5 ? `, ${session.participants[4]!.actorName}` : '')}
          </Text>,
          <ValueBadge list={PROGRAMME_SESSION_STATUS} colors={PROGRAMME_SESSION_STATUS_COLORS} value={session.status} size="sm" />,
        ]
      }}
    />
  )
}

/** The sessions to come across programmes, month by month, and the past ones left to complete. */
export function CalendarScreen() {
  const programmes = useApiQuery('programmes.list')
  const [programmeId, setProgrammeId] = useState<string | null>(null)
  const calendar = useApiQuery('programmes.calendar', { programmeId: programmeId ? Number(programmeId) : null })
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Les séances à venir de tous les programmes, mois par mois.
        </Text>
        <Select
          aria-label="Programme"
          placeholder="Tous les programmes"
          data={(programmes.data ?? []).map((programme) => ({ value: String(programme.id), label: programme.shortName }))}
          value={programmeId}
          onChange={setProgrammeId}
          clearable
          w={260}
        />
      </Group>
      <QueryState query={calendar}>
        {({ upcoming, toComplete }) => {
          const months = new Map<string, CalendarSession[]>()
          for (const session of upcoming) months.set(session.heldOn.slice(0, 7), [...(months.get(session.heldOn.slice(0, 7)) ?? []), session])
          return (
            <Stack gap="md">
              {toComplete.length > 0 && (
                <Card withBorder style={{ borderColor: 'var(--mantine-color-orange-4)' }}>
                  <Title order={4} mb={4}>
                    Séances passées à compléter ({formatInteger(toComplete.length)})
                  </Title>
                  <Text size="sm" c="dimmed" mb="xs">
                    Leur date est passée mais elles sont encore « planifiées » : notez les effectifs et les retours, ou annulez-les.
                  </Text>
                  <SessionRows sessions={toComplete} label="Séances à compléter" />
                </Card>
              )}
              {upcoming.length === 0 ? (
                <EmptyState
                  icon={IconCalendarEvent}
                  title="Aucune séance à venir"
                  actions={
                    <Button component={Link} to="/programmes">
                      Voir les programmes
                    </Button>
                  }
                >
                  Les séances se planifient sur la page de l'édition d'un programme (« Ajouter une séance ») : elles apparaissent ici, mois par mois, pour
                  tous les programmes.
                </EmptyState>
              ) : (
                [...months.entries()].map(([month, sessions]) => (
                  <Card withBorder key={month}>
                    <Title order={4} mb="xs" style={{ textTransform: 'capitalize' }}>
                      {formatMonth(month)}
                    </Title>
                    <SessionRows sessions={sessions} label={`Séances de ${formatMonth(month)}`} />
                  </Card>
                ))
              )}
            </Stack>
          )
        }}
      </QueryState>
    </Stack>
  )
}
