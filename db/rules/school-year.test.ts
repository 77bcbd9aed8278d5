import { describe, expect, it } from 'vitest'
import {
  calendarYearBounds,
  currentSchoolYear,
  isSchoolYear,
  nextSchoolYear,
  parseSchoolYear,
  previousSchoolYear,
  schoolYearBounds,
  schoolYearOf,
} from './school-year'

// Every ISO day from start to end, inclusive, computed in UTC so that no timezone interferes.
function daysBetween(start: string, end: string): string[] {
  const days: string[] = []
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10))
  }
  return days
}

function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

describe('schoolYearOf', () => {
  it('puts the summer with the school year that ends', () => {
    expect(schoolYearOf('2026-08-15')).toBe('2025-2026')
    expect(schoolYearOf('2026-07-01')).toBe('2025-2026')
  })

  it('switches between 31 August and 1 September', () => {
    expect(schoolYearOf('2026-08-31')).toBe('2025-2026')
    expect(schoolYearOf('2026-09-01')).toBe('2026-2027')
    expect(schoolYearOf('2025-08-31')).toBe('2024-2025')
    expect(schoolYearOf('2025-09-01')).toBe('2025-2026')
  })

  it('does not switch at the new calendar year', () => {
    expect(schoolYearOf('2025-12-31')).toBe('2025-2026')
    expect(schoolYearOf('2026-01-01')).toBe('2025-2026')
    expect(schoolYearOf('2024-02-29')).toBe('2023-2024')
  })

  it('reads a Date on the local clock', () => {
    expect(schoolYearOf(new Date(2026, 7, 31, 23, 59, 59))).toBe('2025-2026')
    expect(schoolYearOf(new Date(2026, 8, 1, 0, 0, 0))).toBe('2026-2027')
    const saved = process.env.TZ
    try {
      process.env.TZ = 'Europe/Paris' // UTC+2 in summer: 23:30 UTC on 31 August is 1 September
      expect(schoolYearOf(new Date(Date.UTC(2026, 7, 31, 23, 30)))).toBe('2026-2027')
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('refuses what is not a date, in French', () => {
    expect(() => schoolYearOf('2026-02-30')).toThrow("« 2026-02-30 » n'est pas une date valide (AAAA-MM-JJ).")
    expect(() => schoolYearOf('01/09/2026')).toThrow(RangeError)
    expect(() => schoolYearOf('')).toThrow(RangeError)
    expect(() => schoolYearOf(new Date(Number.NaN))).toThrow("La date n'est pas valide.")
  })
})

describe('schoolYearBounds', () => {
  it('runs from 1 September to 31 August', () => {
    expect(schoolYearBounds('2025-2026')).toEqual({ start: '2025-09-01', end: '2026-08-31' })
    expect(schoolYearBounds('1999-2000')).toEqual({ start: '1999-09-01', end: '2000-08-31' })
  })

  it('agrees with schoolYearOf on every day of the year and on the days around it', () => {
    for (const label of ['2023-2024', '2025-2026']) {
      const { start, end } = schoolYearBounds(label)
      const days = daysBetween(start, end)
      expect(days.length).toBe(label === '2023-2024' ? 366 : 365)
      for (const day of days) expect(schoolYearOf(day), day).toBe(label)
      expect(schoolYearOf(shiftDay(start, -1))).toBe(previousSchoolYear(label))
      expect(schoolYearOf(shiftDay(end, 1))).toBe(nextSchoolYear(label))
    }
  })

  it('refuses what is not a school year, in French', () => {
    expect(() => schoolYearBounds('2025-2027')).toThrow("« 2025-2027 » n'est pas une année scolaire (par exemple 2025-2026).")
    for (const label of ['2025', '25-26', '2025/2026', '', '2026-2025']) {
      expect(() => schoolYearBounds(label), label).toThrow(RangeError)
    }
  })
})

describe('isSchoolYear', () => {
  it('accepts two consecutive years only, in the stored form', () => {
    expect(isSchoolYear('2025-2026')).toBe(true)
    expect(isSchoolYear('1999-2000')).toBe(true)
    for (const label of ['2025-2027', '2025-2025', '2026-2025', '2025/2026', '2025-26', ' 2025-2026', '2025 - 2026', '', '0999-1000']) {
      expect(isSchoolYear(label), label).toBe(false)
    }
  })
})

describe('parseSchoolYear', () => {
  it('reads the usual writings into the stored form', () => {
    expect(parseSchoolYear('2025-2026')).toBe('2025-2026')
    expect(parseSchoolYear('2025/2026')).toBe('2025-2026')
    expect(parseSchoolYear(' 2025 - 2026 ')).toBe('2025-2026')
    expect(parseSchoolYear('2025–2026')).toBe('2025-2026')
    expect(parseSchoolYear('2025-26')).toBe('2025-2026')
    expect(parseSchoolYear('1999-00')).toBe('1999-2000')
  })

  it('refuses years that do not follow each other', () => {
    for (const text of ['2025-2027', '2025-27', '2025-25', '2025', 'année 2025-2026', '', '0999-1000', '9999-00']) {
      expect(parseSchoolYear(text), text).toBeNull()
    }
  })
})

describe('previousSchoolYear and nextSchoolYear', () => {
  it('step one year back or forward', () => {
    expect(previousSchoolYear('2025-2026')).toBe('2024-2025')
    expect(nextSchoolYear('2025-2026')).toBe('2026-2027')
    expect(nextSchoolYear('1999-2000')).toBe('2000-2001')
    expect(previousSchoolYear(nextSchoolYear('2025-2026'))).toBe('2025-2026')
  })

  it('refuses what is not a school year', () => {
    expect(() => previousSchoolYear('2025')).toThrow(RangeError)
    expect(() => nextSchoolYear('2025-2027')).toThrow(RangeError)
  })
})

describe('currentSchoolYear', () => {
  it('is the school year of the given day', () => {
    expect(currentSchoolYear(new Date(2026, 7, 31, 12))).toBe('2025-2026')
    expect(currentSchoolYear(new Date(2026, 8, 1, 12))).toBe('2026-2027')
  })

  it('defaults to today', () => {
    const label = currentSchoolYear()
    expect(isSchoolYear(label)).toBe(true)
    expect([schoolYearOf(new Date()), previousSchoolYear(schoolYearOf(new Date()))]).toContain(label)
  })
})

describe('calendarYearBounds', () => {
  it('runs from 1 January to 31 December', () => {
    expect(calendarYearBounds(2026)).toEqual({ start: '2026-01-01', end: '2026-12-31' })
    expect(calendarYearBounds(2024)).toEqual({ start: '2024-01-01', end: '2024-12-31' })
  })

  it('refuses what is not a year', () => {
    for (const year of [2026.5, 99, 10000, Number.NaN, -2026]) {
      expect(() => calendarYearBounds(year), String(year)).toThrow(RangeError)
    }
  })
})
