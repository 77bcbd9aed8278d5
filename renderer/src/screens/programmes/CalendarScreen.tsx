import { ActionIcon, Anchor, Badge, Box, Button, Card, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, Title, UnstyledButton } from '@mantine/core'
import { IconCalendarDown, IconCalendarEvent, IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { call } from '../../api/client'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { RecordTable } from '../../components/RecordTable'
import { ValueBadge } from '../../components/ValueBadge'
import { textColor } from '../../app/theme'
import { calendarRange, shiftAnchor } from '../../../../db/rules/calendar-range'
import { CALENDAR_EVENT_KIND, CALENDAR_VIEW, type CalendarEventKind, type CalendarView } from '../../../../db/rules/calendar-values'
import { isIsoDate, todayIso } from '../../../../db/rules/dates'
import { formatDayLong, formatInteger, plural } from '../../../../db/rules/format'
import { PROGRAMME_SESSION_STATUS } from '../../../../db/rules/programme-values'
import { PROGRAMME_COLORS, PROGRAMME_SESSION_STATUS_COLORS, placeAndTown } from './labels'

// The calendar: programme sessions, working groups' meetings and COPIL sessions, by month or by
// week, like the calendars the animators know; any event, or the whole view, saved as an .ics file.

type CalendarSession = ApiResult<'programmes.calendar'>['upcoming'][number]
type CalendarEvent = ApiResult<'calendar.events'>[number]

const KIND_COLORS: Record<CalendarEventKind, string> = { session: 'blue', meeting: 'grape', copil: 'orange' }
const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']
/** Events a month's day shows before « + n autres ». */
const DAY_LIMIT = 3

function eventColor(event: CalendarEvent): string {
  return event.programmeCode ? (PROGRAMME_COLORS[event.programmeCode] ?? KIND_COLORS.session) : KIND_COLORS[event.kind]
}

function exportEvent(uid: string) {
  return call('calendar.export', { uid })
}

/** The past sessions still « planned », whose counts and feedback remain to be recorded. */
function SessionsToComplete({ sessions }: { sessions: CalendarSession[] }) {
  return (
    <Card withBorder style={{ borderColor: 'var(--mantine-color-orange-4)' }}>
      <Title order={4} mb={4}>
        Séances passées à compléter ({formatInteger(sessions.length)})
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Leur date est passée mais elles sont encore « planifiées » : notez les effectifs et les retours, ou annulez-les.
      </Text>
      <RecordTable
        label="Séances à compléter"
        verticalSpacing={6}
        layout="fixed"
        columns={[{ label: 'Date', width: 195, nowrap: true }, { label: 'Programme', width: 115 }, 'Étape', 'Lieu', { label: 'Statut', width: 105 }]}
        rows={sessions}
        empty={null}
        rowProps={() => ({ 'data-testid': 'calendar-session' })}
        cells={(session) => [
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
          <ValueBadge list={PROGRAMME_SESSION_STATUS} colors={PROGRAMME_SESSION_STATUS_COLORS} value={session.status} size="sm" />,
        ]}
      />
    </Card>
  )
}

/** One event in a day: its colour, its title, struck through when cancelled. */
function EventChip({ event, onOpen, full }: { event: CalendarEvent; onOpen: () => void; full: boolean }) {
  const color = eventColor(event)
  return (
    <UnstyledButton
      onClick={onOpen}
      data-testid="calendar-event"
      aria-label={`${event.title}, ${formatDayLong(event.date)}${event.cancelled ? ', annulé' : ''}`}
      w="100%"
      px={6}
      py={full ? 6 : 2}
      style={{
        borderLeft: `3px solid var(--mantine-color-${color}-6)`,
        background: `var(--mantine-color-${color}-0)`,
        borderRadius: 4,
        display: 'block',
      }}
    >
      <Text size="xs" fw={600} c={textColor(color)} lineClamp={full ? undefined : 2} td={event.cancelled ? 'line-through' : undefined} title={event.title}>
        {event.title}
      </Text>
      {full && (
        <>
          <Text size="xs" c="gray.7" lineClamp={2}>
            {event.context}
          </Text>
          {event.place && (
            <Text size="xs" c="gray.7" lineClamp={2}>
              {event.place}
            </Text>
          )}
          {event.statusLabel && (
            <Badge size="xs" variant="light" color={event.cancelled ? 'gray' : color} tt="none" mt={2}>
              {event.statusLabel}
            </Badge>
          )}
        </>
      )}
    </UnstyledButton>
  )
}

function EventModal({ event, onClose }: { event: CalendarEvent | null; onClose: () => void }) {
  return (
    <Modal opened={event !== null} onClose={onClose} title={event?.title ?? ''} size="md">
      {event && (
        <Stack gap="xs">
          <Text size="sm">
            <b>{CALENDAR_EVENT_KIND.label(event.kind)}</b> · {formatDayLong(event.date)} (toute la journée)
          </Text>
          <Text size="sm">{event.context}</Text>
          <Text size="sm">Lieu : {event.place ?? '—'}</Text>
          {event.statusLabel && <Text size="sm">Statut : {event.statusLabel}</Text>}
          <Group justify="flex-end" mt="sm">
            <ExportButton run={() => exportEvent(event.uid)} label="Exporter (.ics)" noun={['événement', 'événements']} leftSection={<IconCalendarDown size={16} />} />
            <Button component={Link} to={event.link} onClick={onClose}>
              Ouvrir
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

/** The calendar of sessions, meetings and COPIL sessions, by month or by week. */
export function CalendarScreen() {
  const [params, setParams] = useSearchParams()
  const view: CalendarView = params.get('vue') === 'semaine' ? 'week' : 'month'
  const given = params.get('date')
  const anchor = given && isIsoDate(given) ? given : todayIso()
  const [kinds, setKinds] = useState<CalendarEventKind[]>([...CALENDAR_EVENT_KIND.codes])
  const [programmeId, setProgrammeId] = useState<string | null>(null)
  const [opened, setOpened] = useState<CalendarEvent | null>(null)
  const range = calendarRange(view, anchor)
  const filter = { from: range.from, to: range.to, kinds, programmeId: programmeId ? Number(programmeId) : null }
  const programmes = useApiQuery('programmes.list')
  const events = useApiQuery('calendar.events', filter)
  const pending = useApiQuery('programmes.calendar', {})
  const today = todayIso()
  const go = (next: { view?: CalendarView; date?: string }) => {
    const nextView = next.view ?? view
    setParams({ ...(nextView === 'week' ? { vue: 'semaine' } : {}), date: next.date ?? anchor }, { replace: true })
  }
  const unit = view === 'month' ? 'Mois' : 'Semaine'
  const nothingAtAll = pending.data !== undefined && pending.data.upcoming.length === 0 && pending.data.toComplete.length === 0 && events.data?.length === 0
  return (
    <Stack gap="md">
      {pending.data && pending.data.toComplete.length > 0 && <SessionsToComplete sessions={pending.data.toComplete} />}
      <Group justify="space-between" gap="sm">
        <Group gap="xs">
          <ActionIcon variant="default" size="lg" aria-label={`${unit} précédent${view === 'week' ? 'e' : ''}`} onClick={() => go({ date: shiftAnchor(view, anchor, -1) })}>
            <IconChevronLeft size={18} />
          </ActionIcon>
          <Button variant="default" onClick={() => go({ date: today })}>
            Aujourd'hui
          </Button>
          <ActionIcon variant="default" size="lg" aria-label={`${unit} suivant${view === 'week' ? 'e' : ''}`} onClick={() => go({ date: shiftAnchor(view, anchor, 1) })}>
            <IconChevronRight size={18} />
          </ActionIcon>
          <Title order={3} ml="xs" style={{ textTransform: view === 'month' ? 'capitalize' : undefined }} aria-live="polite">
            {range.title}
          </Title>
        </Group>
        <Group gap="sm">
          <SegmentedControl
            aria-label="Vue du calendrier"
            value={view}
            onChange={(value) => go({ view: value as CalendarView })}
            data={CALENDAR_VIEW.options}
          />
          <ExportButton
            run={() => call('calendar.export', filter)}
            label="Exporter la vue (.ics)"
            noun={['événement', 'événements']}
            leftSection={<IconCalendarDown size={16} />}
            disabled={!events.data || events.data.length === 0}
          />
        </Group>
      </Group>
      <Group gap="lg">
        <Checkbox.Group value={kinds} onChange={(value) => setKinds(value as CalendarEventKind[])} aria-label="Événements affichés">
          <Group gap="md">
            {CALENDAR_EVENT_KIND.options.map((option) => (
              <Checkbox key={option.value} value={option.value} label={option.label} color={KIND_COLORS[option.value]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Select
          aria-label="Programme"
          placeholder="Tous les programmes"
          data={(programmes.data ?? []).map((programme) => ({ value: String(programme.id), label: programme.shortName }))}
          value={programmeId}
          onChange={setProgrammeId}
          clearable
          w={240}
        />
      </Group>
      {nothingAtAll ? (
        <EmptyState
          icon={IconCalendarEvent}
          title="Aucune séance à venir"
          actions={
            <Button component={Link} to="/programmes">
              Voir les programmes
            </Button>
          }
        >
          Les séances se planifient sur la page de l'édition d'un programme (« Ajouter une séance »), les réunions sur la page d'un groupe de travail et
          les séances du COPIL dans COPIL : elles apparaissent ici, par mois ou par semaine.
        </EmptyState>
      ) : (
        <QueryState query={events}>
          {(list) => {
            const byDay = new Map<string, CalendarEvent[]>()
            for (const event of list) byDay.set(event.date, [...(byDay.get(event.date) ?? []), event])
            return (
              <>
                <Text size="sm" c="dimmed">
                  {plural(list.length, 'événement')} {view === 'month' ? 'sur les semaines affichées' : 'cette semaine'}
                </Text>
                <Box style={{ overflowX: 'auto' }}>
                  <table className="calendar-grid" aria-label={`Calendrier : ${range.title}`} data-view={view}>
                    <thead>
                      <tr>
                        {WEEKDAYS.map((day, index) => (
                          <th key={day} scope="col">
                            {view === 'week' ? formatDayLong(range.weeks[0]![index]!).replace(/^\w/, (letter) => letter.toUpperCase()) : day.replace(/^\w/, (letter) => letter.toUpperCase())}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {range.weeks.map((week) => (
                        <tr key={week[0]}>
                          {week.map((day) => {
                            const dayEvents = byDay.get(day) ?? []
                            const outside = view === 'month' && day.slice(0, 7) !== anchor.slice(0, 7)
                            const shown = view === 'month' ? dayEvents.slice(0, dayEvents.length > DAY_LIMIT ? DAY_LIMIT - 1 : DAY_LIMIT) : dayEvents
                            return (
                              <td key={day} data-date={day} data-outside={outside || undefined} data-today={day === today || undefined}>
                                {view === 'month' && (
                                  <Text size="xs" fw={day === today ? 700 : 500} c={outside ? 'gray.7' : day === today ? 'teal.9' : 'gray.8'} aria-label={formatDayLong(day)}>
                                    {Number(day.slice(8, 10))}
                                  </Text>
                                )}
                                <Stack gap={3} mt={view === 'month' ? 2 : 0}>
                                  {shown.map((event) => (
                                    <EventChip key={event.uid} event={event} full={view === 'week'} onOpen={() => setOpened(event)} />
                                  ))}
                                  {shown.length < dayEvents.length && (
                                    <Anchor component="button" type="button" size="xs" onClick={() => go({ view: 'week', date: day })}>
                                      + {dayEvents.length - shown.length} autres
                                    </Anchor>
                                  )}
                                </Stack>
                              </td>
                            )
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Box>
              </>
            )
          }}
        </QueryState>
      )}
      <EventModal event={opened} onClose={() => setOpened(null)} />
    </Stack>
  )
}
