import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { escapeText, foldLine, ICS_UID_DOMAIN, writeIcs } from './ics'

// The .ics files are read back by a real iCalendar parser (ical.js, Thunderbird's), and checked
// line by line against RFC 5545: CRLF, 75-octet lines, escaped text, DTSTAMP in UTC, all-day dates.

const LONG = 'Séance « Découverte des métiers de l’industrie » avec le lycée Louis-Lumière, salle 12 ; prévoir badge, gilet\\casque'

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component))
}

describe('writeIcs', () => {
  const now = new Date('2026-12-03T14:50:12.345Z')
  const text = writeIcs(
    [
      { uid: 'session-12', date: '2026-12-15', summary: LONG, location: 'Lycée Louis-Lumière, Vincennes', description: 'Q2ER\nStatut : Planifiée', categories: ['Séance de programme'] },
      { uid: 'copil-3', date: '2026-12-31', summary: 'COPIL — 2026-4', status: 'CANCELLED' },
    ],
    { name: 'Vitawin — décembre 2026', now },
  )

  it('is read back by ical.js with every field as written', () => {
    const [session, copil] = parse(text)
    expect(session!.uid).toBe(`session-12@${ICS_UID_DOMAIN}`)
    expect(session!.summary).toBe(LONG)
    expect(session!.location).toBe('Lycée Louis-Lumière, Vincennes')
    expect(session!.description).toBe('Q2ER\nStatut : Planifiée')
    expect(session!.startDate.isDate).toBe(true)
    expect(session!.startDate.toString()).toBe('2026-12-15')
    expect(session!.endDate.toString()).toBe('2026-12-16')
    // The year's last day ends on the next year's first.
    expect(copil!.endDate.toString()).toBe('2027-01-01')
    expect(copil!.component.getFirstPropertyValue('status')).toBe('CANCELLED')
    const stamp = session!.component.getFirstPropertyValue('dtstamp') as ICAL.Time
    expect(stamp.toString()).toBe('2026-12-03T14:50:12Z')
  })

  it('follows RFC 5545: CRLF only, lines of 75 octets at most, folded with a space, required properties', () => {
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const lines = text.split('\r\n').slice(0, -1)
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    expect(lines.some((line) => line.startsWith(' '))).toBe(true)
    expect(lines.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vitawin//Back-office//FR'])
    const unfolded = text.replace(/\r\n /g, '')
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20261215\r\n')
    expect(unfolded).toContain('DTSTAMP:20261203T145012Z\r\n')
    expect(unfolded).toContain('SUMMARY:Séance « Découverte des métiers de l’industrie » avec le lycée Louis-Lumière\\, salle 12 \\; prévoir badge\\, gilet\\\\casque\r\n')
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(2)
  })

  it('gives an event the same UID at every export', () => {
    const again = writeIcs([{ uid: 'session-12', date: '2026-12-15', summary: 'Autre titre' }], { name: 'x', now: new Date() })
    expect(parse(again)[0]!.uid).toBe(parse(text)[0]!.uid)
  })
})

describe('the pieces', () => {
  it('escape backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf')
  })

  it('fold at 75 octets without cutting a character in two', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`
    const folded = foldLine(line).split('\r\n')
    for (const part of folded) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75)
    expect(folded.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line)
    expect(foldLine('SHORT:x')).toBe('SHORT:x')
  })

  it('refuse a date that does not exist', () => {
    expect(() => writeIcs([{ uid: 'x', date: '2026-02-30', summary: 'x' }], { name: 'x' })).toThrow(/Date invalide/)
  })
})
