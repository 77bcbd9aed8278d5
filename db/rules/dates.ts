import { excelSerialToIso } from './excel-cells'

// Calendar dates, stored as ISO 'YYYY-MM-DD' strings (no time, no timezone) and shown as
// 'dd/mm/yyyy' (format.ts). Pure code: imported by the backend and by the renderer alike. Dates are handled as
// year/month/day numbers, never through a Date at midnight, which a timezone can shift by a day.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
}

function existingDate(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** True for a strict 'YYYY-MM-DD' string naming a day that exists (not 2026-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = ISO_DATE.exec(value)
  return match !== null && existingDate(Number(match[1]), Number(match[2]), Number(match[3]))
}

// A time after the date is ignored, but not a timezone: 2026-11-23T23:30Z is the 24th in Paris.
const ISO_DATE_LOOSE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/
const FRENCH_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+\d{1,2}[:h]\d{2}(?::\d{2})?)?$/
// In text, only 5-digit serials (1927-05-18 to 2173-10-14): "2026" typed in a date column is a
// year, not 18 July 1905.
const SERIAL_TEXT = /^\d{5}(?:[.,]\d+)?$/

/**
 * A date typed or imported by a user, as an ISO string, or null when it is not recognised or does
 * not exist. Accepts 23/11/2026, 23/11/26, 23.11.2026, 23-11-2026, 2026-11-23 (a time after it is
 * ignored, a timezone is refused) and Excel serial numbers (46349, as a number or as 5 digits of
 * text). Two-digit years are read 2000–2069 for 00–69 and 1970–1999 for 70–99.
 */
export function parseFrenchDate(input: string | number | null | undefined): string | null {
  if (input === null || input === undefined) return null
  if (typeof input === 'number') return excelSerialToIso(input)
  const text = input.trim()
  if (text === '') return null

  const iso = ISO_DATE_LOOSE.exec(text)
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    return existingDate(year, month, day) ? isoOf(year, month, day) : null
  }
  const french = FRENCH_DATE.exec(text)
  if (french) {
    const day = Number(french[1])
    const month = Number(french[3])
    let year = Number(french[4])
    if (french[4]!.length === 2) year += year < 70 ? 2000 : 1900
    return existingDate(year, month, day) ? isoOf(year, month, day) : null
  }
  if (SERIAL_TEXT.test(text)) return excelSerialToIso(Number(text.replace(',', '.')))
  return null
}

/** Today's date on the user's clock (local time, not UTC), as 'YYYY-MM-DD'. */
export function todayIso(now: Date = new Date()): string {
  return isoOf(now.getFullYear(), now.getMonth() + 1, now.getDate())
}

/** The date `days` days after (or before, when negative) an ISO date: 2026-12-31 + 1 → 2027-01-01. */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** The Monday and the Sunday of the week a day belongs to (weeks run from Monday to Sunday, as in France). */
export function weekOf(iso: string): { monday: string; sunday: string } {
  const monday = mondayOf(iso)
  return { monday, sunday: addDays(monday, 6) }
}

/** The Monday of an ISO date's week. */
export function mondayOf(iso: string): string {
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay()
  return addDays(iso, -((weekday + 6) % 7))
}
