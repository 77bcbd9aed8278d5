import { AppError } from '../errors'
import { CALENDAR_EVENT_KIND, type CalendarEventKind } from '../rules/calendar-values'
import { COPIL_SESSION_STATUS } from '../rules/copil-values'
import { formatDayLong } from '../rules/format'
import type { IcsEvent } from '../rules/ics'
import { programmeShortName, PROGRAMME_SESSION_STATUS } from '../rules/programme-values'
import { sessionsWithProgramme } from '../programmes/common'
import type { Db } from '../schema'

// The calendar: programme sessions, working groups' meetings and COPIL sessions between two
// dates, as one list of events (what the month and week views show and the .ics files hold).

export interface CalendarEvent {
  /** Stable: 'session-12', 'meeting-3', 'copil-2' (the .ics UID is made from it). */
  uid: string
  kind: CalendarEventKind
  date: string
  title: string
  /** The edition, the group: what the event belongs to. */
  context: string
  place: string | null
  status: string
  statusLabel: string
  cancelled: boolean
  /** The record's page in the app. */
  link: string
  /** The programme's code, for its colour (sessions only). */
  programmeCode: string | null
}

export interface EventFilter {
  from: string
  to: string
  kinds?: CalendarEventKind[]
  programmeId?: number | null
}

const KIND_ORDER: Record<CalendarEventKind, number> = { copil: 0, meeting: 1, session: 2 }

function joinPlace(place: string | null, town: string | null): string | null {
  return [place, town && place?.includes(town) ? null : town].filter(Boolean).join(', ') || null
}

/** The events between `from` and `to` (inclusive), by date, then COPIL, meetings, sessions. */
export async function listEvents(db: Db, filter: EventFilter): Promise<CalendarEvent[]> {
  if (filter.to < filter.from) throw new AppError('invalid_input', 'La fin de la période précède son début.')
  const kinds = new Set(filter.kinds ?? CALENDAR_EVENT_KIND.codes)
  const events: CalendarEvent[] = []
  if (kinds.has('session')) {
    let query = sessionsWithProgramme(db)
      .leftJoin('towns as t', 't.inseeCode', 's.townCode')
      .select(['s.id', 's.heldOn', 's.place', 's.status', 't.name as townName', 'q.stepOrder', 'q.title as sequenceTitle', 'e.id as editionId', 'e.title as editionTitle', 'g.name as programmeName', 'g.code as programmeCode'])
      .where('s.heldOn', '>=', filter.from)
      .where('s.heldOn', '<=', filter.to)
    if (filter.programmeId) query = query.where('e.programmeId', '=', filter.programmeId)
    for (const row of await query.execute()) {
      events.push({
        uid: `session-${row.id}`,
        kind: 'session',
        date: row.heldOn,
        title: `${programmeShortName(row.programmeName)} — ${row.stepOrder}. ${row.sequenceTitle}`,
        context: row.editionTitle ?? programmeShortName(row.programmeName),
        place: joinPlace(row.place, row.townName),
        status: row.status,
        statusLabel: PROGRAMME_SESSION_STATUS.label(row.status),
        cancelled: row.status === 'annulee',
        link: `/programmes/editions/${row.editionId}`,
        programmeCode: row.programmeCode,
      })
    }
  }
  // A filter on one programme leaves out what belongs to no programme.
  if (kinds.has('meeting') && !filter.programmeId) {
    const rows = await db
      .selectFrom('groupMeetings as m')
      .innerJoin('workingGroups as w', 'w.id', 'm.groupId')
      .select(['m.id', 'm.heldOn', 'm.place', 'w.id as groupId', 'w.name as groupName'])
      .where('m.heldOn', '>=', filter.from)
      .where('m.heldOn', '<=', filter.to)
      .execute()
    for (const row of rows) {
      events.push({
        uid: `meeting-${row.id}`,
        kind: 'meeting',
        date: row.heldOn,
        title: `Réunion — ${row.groupName}`,
        context: 'Groupe de travail',
        place: row.place,
        status: 'prevue',
        statusLabel: '',
        cancelled: false,
        link: `/groupes/${row.groupId}`,
        programmeCode: null,
      })
    }
  }
  if (kinds.has('copil') && !filter.programmeId) {
    const rows = await db.selectFrom('copilSessions').select(['id', 'reference', 'heldOn', 'place', 'status']).where('heldOn', '>=', filter.from).where('heldOn', '<=', filter.to).execute()
    for (const row of rows) {
      events.push({
        uid: `copil-${row.id}`,
        kind: 'copil',
        date: row.heldOn,
        // The demo's and most references already say « COPIL-2026-12 ».
        title: /copil/i.test(row.reference) ? row.reference : `COPIL — ${row.reference}`,
        context: 'Comité de pilotage',
        place: row.place,
        status: row.status,
        statusLabel: COPIL_SESSION_STATUS.label(row.status),
        cancelled: row.status === 'annulee',
        link: `/copil/seances/${row.id}`,
        programmeCode: null,
      })
    }
  }
  return events.sort((a, b) => a.date.localeCompare(b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.title.localeCompare(b.title, 'fr'))
}

/** One event of the calendar by its uid ('session-12'), or a French not-found error. */
export async function findEvent(db: Db, uid: string): Promise<CalendarEvent> {
  const match = /^(session|meeting|copil)-(\d+)$/.exec(uid)
  const table = match ? ({ session: 'sequenceSessions', meeting: 'groupMeetings', copil: 'copilSessions' } as const)[match[1] as CalendarEventKind] : null
  const row = match && table ? await db.selectFrom(table).select('heldOn').where('id', '=', Number(match[2])).executeTakeFirst() : undefined
  const found = row ? (await listEvents(db, { from: row.heldOn, to: row.heldOn, kinds: [match![1] as CalendarEventKind] })).find((event) => event.uid === uid) : undefined
  if (!found) throw new AppError('not_found', "Cet événement n'existe pas (ou plus).")
  return found
}

/** An event as an iCalendar entry: its title, place, what it belongs to and its status. */
export function icsEventOf(event: CalendarEvent): IcsEvent {
  return {
    uid: event.uid,
    date: event.date,
    summary: event.cancelled ? `Annulé : ${event.title}` : event.title,
    location: event.place,
    description: [CALENDAR_EVENT_KIND.label(event.kind), event.context, event.statusLabel ? `Statut : ${event.statusLabel}` : null, formatDayLong(event.date)].filter(Boolean).join('\n'),
    status: event.cancelled ? 'CANCELLED' : 'CONFIRMED',
    categories: [CALENDAR_EVENT_KIND.label(event.kind)],
  }
}
