import { valueList, type CodeOf } from './value-list'

// The calendar's lists of values.

/** What an event of the calendar is. */
export const CALENDAR_EVENT_KIND = valueList({ session: 'Séance de programme', meeting: 'Réunion de groupe de travail', copil: 'Séance du COPIL' })
export type CalendarEventKind = CodeOf<typeof CALENDAR_EVENT_KIND>

/** The calendar's views. */
export const CALENDAR_VIEW = valueList({ month: 'Mois', week: 'Semaine' })
export type CalendarView = CodeOf<typeof CALENDAR_VIEW>
