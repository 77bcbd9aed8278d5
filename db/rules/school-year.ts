// School years (September to August, written '2025-2026') and calendar years, as ISO date bounds.
// Pure code: imported by the backend and by the renderer alike.

import { isIsoDate, todayIso } from './dates'

export interface DateBounds {
  /** First day, ISO 'YYYY-MM-DD', inclusive. */
  start: string
  /** Last day, ISO 'YYYY-MM-DD', inclusive. */
  end: string
}

const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/
const FIRST_MONTH = 9 // September

function label(startYear: number): string {
  return `${startYear}-${startYear + 1}`
}

/** The first calendar year of a valid school-year label, or null. */
function startYearOf(schoolYear: string): number | null {
  const match = SCHOOL_YEAR.exec(schoolYear)
  if (!match) return null
  const start = Number(match[1])
  return Number(match[2]) === start + 1 && start >= 1000 ? start : null
}

function requireStartYear(schoolYear: string): number {
  const start = startYearOf(schoolYear)
  if (start === null) {
    throw new RangeError(`« ${schoolYear} » n'est pas une année scolaire (par exemple 2025-2026).`)
  }
  return start
}

/** True for a school-year label like '2025-2026' (two consecutive years). */
export function isSchoolYear(value: string): boolean {
  return startYearOf(value) !== null
}

/**
 * A school year typed or imported by a user, in its stored form, or null: accepts '2025-2026',
 * '2025/2026', '2025 - 2026' and '2025-26'.
 */
export function parseSchoolYear(input: string): string | null {
  const match = /^(\d{4})\s*[-/–—]\s*(\d{4}|\d{2})$/.exec(input.trim())
  if (!match) return null
  const start = Number(match[1])
  const end = match[2]!
  const consecutive = end.length === 2 ? Number(end) === (start + 1) % 100 : Number(end) === start + 1
  return consecutive && start >= 1000 && start < 9999 ? label(start) : null
}

/**
 * The school year a day belongs to: '2025-2026' from 2025-09-01 to 2026-08-31. An ISO string is
 * read as written (no timezone involved); a Date is read on the local clock.
 */
export function schoolYearOf(date: string | Date): string {
  let iso: string
  if (typeof date === 'string') {
    if (!isIsoDate(date)) throw new RangeError(`« ${date} » n'est pas une date valide (AAAA-MM-JJ).`)
    iso = date
  } else {
    if (Number.isNaN(date.getTime())) throw new RangeError("La date n'est pas valide.")
    iso = todayIso(date)
  }
  const year = Number(iso.slice(0, 4))
  const month = Number(iso.slice(5, 7))
  return label(month >= FIRST_MONTH ? year : year - 1)
}

/** The school year of today (local clock). */
export function currentSchoolYear(today: Date = new Date()): string {
  return schoolYearOf(today)
}

/** First and last day of a school year: '2025-2026' → 2025-09-01 to 2026-08-31. */
export function schoolYearBounds(schoolYear: string): DateBounds {
  const start = requireStartYear(schoolYear)
  return { start: `${start}-09-01`, end: `${start + 1}-08-31` }
}

/** '2025-2026' → '2024-2025'. */
export function previousSchoolYear(schoolYear: string): string {
  return label(requireStartYear(schoolYear) - 1)
}

/** '2025-2026' → '2026-2027'. */
export function nextSchoolYear(schoolYear: string): string {
  return label(requireStartYear(schoolYear) + 1)
}

/** First and last day of a calendar year: 2026 → 2026-01-01 to 2026-12-31. */
export function calendarYearBounds(year: number): DateBounds {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`« ${year} » n'est pas une année valide.`)
  }
  return { start: `${year}-01-01`, end: `${year}-12-31` }
}
