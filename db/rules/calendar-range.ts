import { addDays, mondayOf } from './dates'
import type { CalendarView } from './calendar-values'
import { formatDate, formatMonth } from './format'

// The days a calendar view shows: a month as whole weeks (Monday to Sunday, as French calendars
// print them), or one week. Pure code, for the screen and its tests.

export interface CalendarRange {
  from: string
  to: string
  /** The days shown, in weeks of seven. */
  weeks: string[][]
  /** « décembre 2026 », « Semaine du 30/11/2026 au 06/12/2026 ». */
  title: string
}

export function calendarRange(view: CalendarView, anchor: string): CalendarRange {
  const first = view === 'month' ? `${anchor.slice(0, 7)}-01` : mondayOf(anchor)
  const from = mondayOf(first)
  const last = view === 'month' ? addDays(`${nextMonth(anchor)}-01`, -1) : addDays(from, 6)
  const to = addDays(mondayOf(last), 6)
  const weeks: string[][] = []
  for (let day = from; day <= to; day = addDays(day, 7)) weeks.push(Array.from({ length: 7 }, (_, index) => addDays(day, index)))
  const title = view === 'month' ? formatMonth(anchor) : `Semaine du ${formatDate(from)} au ${formatDate(to)}`
  return { from, to, weeks, title }
}

/** 'YYYY-MM' of the month after an ISO date's. */
function nextMonth(iso: string): string {
  const year = Number(iso.slice(0, 4))
  const month = Number(iso.slice(5, 7))
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
}

/** The anchor of the view before (-1) or after (+1): a month or a week away. */
export function shiftAnchor(view: CalendarView, anchor: string, step: -1 | 1): string {
  if (view === 'week') return addDays(anchor, 7 * step)
  const year = Number(anchor.slice(0, 4))
  const month = Number(anchor.slice(5, 7)) - 1 + step
  const shifted = new Date(Date.UTC(year, month, 1))
  return shifted.toISOString().slice(0, 10)
}
