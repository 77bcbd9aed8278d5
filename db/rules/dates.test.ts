import { describe, expect, it } from 'vitest'
import { isIsoDate, parseFrenchDate, todayIso, weekOf } from './dates'
import { formatDate } from './format'

describe('isIsoDate', () => {
  it('accepts days that exist', () => {
    for (const date of ['2026-01-01', '2026-02-28', '2024-02-29', '2000-02-29', '2026-04-30', '2026-12-31', '0001-01-01', '9999-12-31']) {
      expect(isIsoDate(date), date).toBe(true)
    }
  })

  it('refuses days that do not exist', () => {
    for (const date of ['2026-02-29', '2026-02-30', '1900-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32', '0000-01-01']) {
      expect(isIsoDate(date), date).toBe(false)
    }
  })

  it('refuses other writings and other types', () => {
    for (const value of ['2026-1-5', ' 2026-01-05', '2026-01-05 ', '2026-01-05T00:00', '26-01-05', '05/01/2026', '2026/01/05', '', '２０２６-01-05']) {
      expect(isIsoDate(value), value).toBe(false)
    }
    expect(isIsoDate(null)).toBe(false)
    expect(isIsoDate(20260105)).toBe(false)
    expect(isIsoDate(new Date(2026, 0, 5))).toBe(false)
  })
})

describe('parseFrenchDate', () => {
  it('reads French day/month/year writings', () => {
    expect(parseFrenchDate('23/11/2026')).toBe('2026-11-23')
    expect(parseFrenchDate('23/11/26')).toBe('2026-11-23')
    expect(parseFrenchDate('1/9/2025')).toBe('2025-09-01')
    expect(parseFrenchDate('01/09/2025')).toBe('2025-09-01')
    expect(parseFrenchDate('23.11.2026')).toBe('2026-11-23')
    expect(parseFrenchDate('23-11-2026')).toBe('2026-11-23')
    expect(parseFrenchDate('  23/11/2026  ')).toBe('2026-11-23')
    expect(parseFrenchDate('29/02/2024')).toBe('2024-02-29')
  })

  it('ignores a time after the date', () => {
    expect(parseFrenchDate('23/11/2026 14:30')).toBe('2026-11-23')
    expect(parseFrenchDate('23/11/2026 14h30')).toBe('2026-11-23')
    expect(parseFrenchDate('23/11/2026 00:00:00')).toBe('2026-11-23')
    expect(parseFrenchDate('2026-11-23T10:30:00')).toBe('2026-11-23')
    expect(parseFrenchDate('2026-11-23 10:30')).toBe('2026-11-23')
  })

  it('refuses a timezone, which could change the day', () => {
    expect(parseFrenchDate('2026-11-23T23:30:00Z')).toBeNull()
    expect(parseFrenchDate('2026-11-23T23:30:00+01:00')).toBeNull()
  })

  it('reads two-digit years in 1970–2069', () => {
    expect(parseFrenchDate('01/01/00')).toBe('2000-01-01')
    expect(parseFrenchDate('01/01/69')).toBe('2069-01-01')
    expect(parseFrenchDate('01/01/70')).toBe('1970-01-01')
    expect(parseFrenchDate('23/11/75')).toBe('1975-11-23')
  })

  it('reads ISO dates', () => {
    expect(parseFrenchDate('2026-11-23')).toBe('2026-11-23')
    expect(parseFrenchDate('2026-1-5')).toBe('2026-01-05')
  })

  it('reads Excel serial numbers', () => {
    expect(parseFrenchDate(46349)).toBe('2026-11-23')
    expect(parseFrenchDate('46349')).toBe('2026-11-23')
    expect(parseFrenchDate(46349.75)).toBe('2026-11-23') // 18:00 the same day
    expect(parseFrenchDate('46349,5')).toBe('2026-11-23')
    expect(parseFrenchDate(25569)).toBe('1970-01-01') // the Unix epoch
    expect(parseFrenchDate(45658)).toBe('2025-01-01')
    expect(parseFrenchDate(45901)).toBe('2025-09-01')
    expect(parseFrenchDate(46265)).toBe('2026-08-31')
  })

  it("follows Excel's 1900 calendar, including its fictitious 29 February 1900", () => {
    expect(parseFrenchDate(1)).toBe('1900-01-01')
    expect(parseFrenchDate(59)).toBe('1900-02-28')
    expect(parseFrenchDate(60)).toBeNull()
    expect(parseFrenchDate(61)).toBe('1900-03-01')
    expect(parseFrenchDate(2958465)).toBe('9999-12-31')
  })

  it('refuses serials out of range and short numbers written as text', () => {
    for (const serial of [0, -1, 0.5, 2958466, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseFrenchDate(serial), String(serial)).toBeNull()
    }
    expect(parseFrenchDate('2026')).toBeNull()
    expect(parseFrenchDate('123456')).toBeNull()
  })

  it('refuses dates that do not exist and unrecognised text', () => {
    for (const text of ['31/02/2026', '29/02/2026', '32/01/2026', '10/13/2026', '11/23/2026', '00/01/2026', '2026-02-30', '23/11-2026', '23/11/226', '23 novembre 2026', 'hier', '', '   ']) {
      expect(parseFrenchDate(text), text).toBeNull()
    }
    expect(parseFrenchDate(null)).toBeNull()
    expect(parseFrenchDate(undefined)).toBeNull()
  })
})

describe('formatDate', () => {
  it('writes dd/mm/yyyy', () => {
    expect(formatDate('2026-11-23')).toBe('23/11/2026')
    expect(formatDate('2025-09-01')).toBe('01/09/2025')
  })

  it('shows nothing for nothing and leaves other text visible', () => {
    expect(formatDate('', '')).toBe('')
    expect(formatDate(null, '')).toBe('')
    expect(formatDate(undefined, '')).toBe('')
    expect(formatDate(null)).toBe('—')
    expect(formatDate('2026-02-30')).toBe('2026-02-30')
    expect(formatDate('à définir')).toBe('à définir')
  })

  it('writes an instant by its date', () => {
    expect(formatDate('2026-11-23T14:05:09.123Z')).toBe('23/11/2026')
  })

  it('round-trips with parseFrenchDate', () => {
    for (const iso of ['2026-11-23', '2024-02-29', '1999-12-31', '2000-01-01']) {
      expect(parseFrenchDate(formatDate(iso))).toBe(iso)
    }
  })
})

describe('todayIso', () => {
  it('uses the local calendar day, at both ends of the day', () => {
    expect(todayIso(new Date(2026, 0, 5, 0, 0, 0))).toBe('2026-01-05')
    expect(todayIso(new Date(2026, 0, 5, 23, 59, 59))).toBe('2026-01-05')
    expect(todayIso(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31')
  })

  it('uses the local day, not the UTC day', () => {
    const saved = process.env.TZ
    try {
      process.env.TZ = 'Pacific/Kiritimati' // UTC+14
      expect(todayIso(new Date(Date.UTC(2026, 0, 5, 12, 0)))).toBe('2026-01-06')
      process.env.TZ = 'America/Los_Angeles' // UTC-8 in January
      expect(todayIso(new Date(Date.UTC(2026, 0, 5, 3, 0)))).toBe('2026-01-04')
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('defaults to now', () => {
    const before = todayIso(new Date())
    const today = todayIso()
    expect(isIsoDate(today)).toBe(true)
    expect([before, todayIso(new Date())]).toContain(today)
  })
})

describe('weekOf', () => {
  it('runs from Monday to Sunday, across months and years', () => {
    expect(weekOf('2026-12-03')).toEqual({ monday: '2026-11-30', sunday: '2026-12-06' }) // a Thursday
    expect(weekOf('2026-11-30')).toEqual({ monday: '2026-11-30', sunday: '2026-12-06' }) // the Monday itself
    expect(weekOf('2026-12-06')).toEqual({ monday: '2026-11-30', sunday: '2026-12-06' }) // the Sunday is the week's last day
    expect(weekOf('2026-12-07')).toEqual({ monday: '2026-12-07', sunday: '2026-12-13' })
    expect(weekOf('2027-01-01')).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' })
    expect(weekOf('2024-02-29')).toEqual({ monday: '2024-02-26', sunday: '2024-03-03' })
  })
})
