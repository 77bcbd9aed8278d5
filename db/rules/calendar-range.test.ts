import { describe, expect, it } from 'vitest'
import { calendarRange, shiftAnchor } from './calendar-range'
import { addDays, mondayOf } from './dates'

describe('calendar ranges', () => {
  it('show a month as whole weeks from Monday to Sunday', () => {
    const december = calendarRange('month', '2026-12-15')
    expect([december.from, december.to, december.weeks.length]).toEqual(['2026-11-30', '2027-01-03', 5])
    expect(december.title).toBe('décembre 2026')
    // February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
    const february = calendarRange('month', '2027-02-01')
    expect([february.from, february.to, february.weeks.length]).toEqual(['2027-02-01', '2027-02-28', 4])
    for (const week of december.weeks) expect(week).toHaveLength(7)
  })

  it('show a week from Monday to Sunday, Sunday included in its own week', () => {
    expect(calendarRange('week', '2026-12-06')).toMatchObject({ from: '2026-11-30', to: '2026-12-06', title: 'Semaine du 30/11/2026 au 06/12/2026' })
    expect(mondayOf('2026-12-07')).toBe('2026-12-07')
  })

  it('move a month or a week away, across years', () => {
    expect(shiftAnchor('month', '2026-12-31', 1)).toBe('2027-01-01')
    expect(shiftAnchor('month', '2026-01-15', -1)).toBe('2025-12-01')
    expect(shiftAnchor('week', '2026-12-30', 1)).toBe('2027-01-06')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
  })
})
