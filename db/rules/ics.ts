import { addDays, isIsoDate } from './dates'

// iCalendar files (RFC 5545) that Outlook, Thunderbird and phones open: the calendar's events,
// one or a whole view. The app's events are days without a time (a session, a meeting, a COPIL
// session is held on a date), so they are written as all-day events (VALUE=DATE, DTEND the next
// day, exclusive), which need no time zone. Pure code.

export interface IcsEvent {
  /** Stable across exports, so that a calendar updates the event instead of adding a copy. */
  uid: string
  /** 'YYYY-MM-DD'. */
  date: string
  summary: string
  location?: string | null
  description?: string | null
  /** CONFIRMED, TENTATIVE or CANCELLED. */
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'
  categories?: string[]
}

/** The domain part of every UID: the app, not a machine, so that two exports of one event agree. */
export const ICS_UID_DOMAIN = 'vitawin-backoffice.invalid'

const CRLF = '\r\n'

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545, 3.3.11). */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

/**
 * Folds a content line at 75 octets (RFC 5545, 3.1): each continuation starts with a space, and a
 * multi-byte UTF-8 character is never cut in two.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder()
  const parts: string[] = []
  let current = ''
  let size = 0
  // The first line holds 75 octets; a continuation, 74 after its leading space.
  let limit = 75
  for (const character of line) {
    const bytes = encoder.encode(character).length
    if (size + bytes > limit) {
      parts.push(current)
      current = ''
      size = 0
      limit = 74
    }
    current += character
    size += bytes
  }
  parts.push(current)
  return parts.join(`${CRLF} `)
}

function basicDate(iso: string): string {
  if (!isIsoDate(iso)) throw new RangeError(`Date invalide : ${iso}`)
  return iso.replaceAll('-', '')
}

/** An instant in UTC, as DTSTAMP wants it: 20261203T145012Z. */
function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

/** A whole VCALENDAR with its events, lines folded and ended by CRLF. */
export function writeIcs(events: IcsEvent[], options: { name: string; now?: Date }): string {
  const stamp = utcStamp(options.now ?? new Date())
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vitawin//Back-office//FR', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(options.name)}`]
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}@${ICS_UID_DOMAIN}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDate(event.date)}`,
      `DTEND;VALUE=DATE:${basicDate(addDays(event.date, 1))}`,
      `SUMMARY:${escapeText(event.summary)}`,
    )
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`)
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`)
    if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`)
    lines.push(`STATUS:${event.status ?? 'CONFIRMED'}`, 'TRANSP:TRANSPARENT', 'END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join(CRLF) + CRLF
}
