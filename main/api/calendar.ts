import fs from 'node:fs'
import { z } from 'zod'
import { findEvent, icsEventOf, listEvents } from '../../db/calendar/events'
import { id, isoDate, oneOf } from '../../db/fields'
import { CALENDAR_EVENT_KIND, type CalendarEventKind } from '../../db/rules/calendar-values'
import { formatDate } from '../../db/rules/format'
import { writeIcs } from '../../db/rules/ics'
import { handler } from './define'

// The calendar: events of a period (the month and week views) and their .ics files.

const period = z
  .object({
    from: isoDate,
    to: isoDate,
    kinds: z.array(oneOf(CALENDAR_EVENT_KIND)).max(3).optional(),
    programmeId: id.nullable().optional(),
  })
  .refine((value) => value.from <= value.to, { message: 'La fin de la période précède son début.', path: ['to'] })
  // A year and a bit at most: a view is a month or a week.
  .refine((value) => Date.parse(value.to) - Date.parse(value.from) <= 400 * 86_400_000, { message: 'Période trop longue (400 jours au plus).', path: ['to'] })

const FILE_PREFIX: Record<CalendarEventKind, string> = { session: 'seance', meeting: 'reunion', copil: 'copil' }

export const calendarHandlers = {
  'calendar.events': handler(period, { reads: ['workingGroups', 'groupMeetings', 'copilSessions', 'programmes', 'editions', 'sequences', 'sequenceSessions'] }, ({ store }, filter) => listEvents(store.db, filter)),

  /** The events of a view, or one event (`uid`), as an .ics file to open in Outlook or Thunderbird. */
  'calendar.export': handler(z.union([period, z.object({ uid: z.string().regex(/^(session|meeting|copil)-\d{1,15}$/) })]), { reads: ['workingGroups', 'groupMeetings', 'copilSessions', 'programmes', 'editions', 'sequences', 'sequenceSessions'] }, async ({ store, files }, args) => {
    const events = 'uid' in args ? [await findEvent(store.db, args.uid)] : await listEvents(store.db, args)
    const name = 'uid' in args ? `${FILE_PREFIX[events[0]!.kind]}-${events[0]!.date}.ics` : `calendrier-${args.from}-au-${args.to}.ics`
    const title = 'uid' in args ? events[0]!.title : `Vitawin — du ${formatDate(args.from)} au ${formatDate(args.to)}`
    return files.writeOutput(name, async (file) => {
      await fs.promises.writeFile(file, writeIcs(events.map(icsEventOf), { name: title }), 'utf8')
      return { rows: events.length }
    })
  }),
}
