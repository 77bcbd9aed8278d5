// Reading the cells of a row as people fill them: text, dates, two addresses or numbers in one cell,
// several contacts in one cell. Nothing is dropped: what does not fit a field goes to the notes,
// with a warning.

import { parseFrenchDate } from '../../rules/dates'
import { normalizeFrenchPhone, validateEmail } from '../../rules/identifiers'

/** A cell as text: dates as 2024-03-15, booleans as Oui / Non, numbers as written, trimmed. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non'
  if (typeof value === 'number') return Number.isFinite(value) ? (Number.isInteger(value) ? String(value) : String(value).replace('.', ',')) : ''
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text).trim()
  return String(value).trim()
}

/** A date cell: a real date, an Excel serial number, or text written the French way. */
export function cellDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10)
  if (typeof value === 'number') return parseFrenchDate(value)
  return parseFrenchDate(cellText(value))
}

/** A short form of a long text, for messages. */
export function quoted(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export interface Kept {
  /** The value for the field (normalised), or null. */
  value: string | null
  /** What goes to the notes. */
  notes: string[]
  warnings: string[]
}

const EMAIL_LIKE = /[^\s;,<>()"'/[\]]+@[^\s;,<>()"'/[\]]+/g

/** An e-mail cell: the first valid address for the field, the others (and anything unreadable) to the notes. */
export function keepEmails(text: string, what: string): Kept {
  const found = [...text.matchAll(EMAIL_LIKE)].map((match) => match[0].replace(/^mailto:/i, '').replace(/\.$/, ''))
  if (found.length === 0) {
    const result = validateEmail(text)
    if (result.ok) return { value: result.value, notes: [], warnings: [] }
    return { value: null, notes: [`${what} : ${text}`], warnings: [`${what} illisible (« ${quoted(text)} ») : gardé dans les notes.`] }
  }
  const valid: string[] = []
  const invalid: string[] = []
  for (const address of found) {
    const result = validateEmail(address)
    if (result.ok && !valid.includes(result.value)) valid.push(result.value)
    else if (!result.ok) invalid.push(address)
  }
  const [first, ...others] = valid
  const notes: string[] = []
  const warnings: string[] = []
  if (others.length > 0) {
    notes.push(`Autres courriels : ${others.join(', ')}`)
    warnings.push(`${others.length + 1} adresses dans la cellule ${what.toLowerCase()} : ${first} est retenue, ${others.join(', ')} dans les notes.`)
  }
  if (invalid.length > 0) {
    notes.push(`${what} : ${invalid.join(', ')}`)
    warnings.push(`${what} illisible (« ${quoted(invalid.join(', '))} ») : gardé dans les notes.`)
  }
  return { value: first ?? null, notes, warnings }
}

// A French number as people write it: 01 43 28 00 00, 01.43.28.00.00, +33 1 43 28 00 00, +33 (0)1…
const PHONE_LIKE = /(?:(?:\+|00)\s?\d{2,3}[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d){8}(?!\d)/g

/** A phone cell: the first number for the field, the others (and anything unreadable) to the notes. */
export function keepPhones(text: string, what: string): Kept {
  const found = [...text.matchAll(PHONE_LIKE)].map((match) => match[0].trim())
  if (found.length <= 1) {
    const result = normalizeFrenchPhone(found[0] ?? text)
    if (result.ok) {
      const rest = found.length === 1 ? text.replace(found[0]!, '').replace(/^[\s:./-]*(t[ée]l[ée]?(phone)?|fixe|portable|mobile|standard)?[\s:./-]*$/i, '') : ''
      if (!rest.trim()) return { value: result.value, notes: [], warnings: [] }
      return { value: result.value, notes: [`${what} : ${text}`], warnings: [] }
    }
    return { value: null, notes: [`${what} : ${text}`], warnings: [`${what} illisible (« ${quoted(text)} ») : gardé dans les notes.`] }
  }
  const numbers: string[] = []
  for (const each of found) {
    const result = normalizeFrenchPhone(each)
    if (result.ok && !numbers.includes(result.value)) numbers.push(result.value)
  }
  const [first, ...others] = numbers
  if (!first) return { value: null, notes: [`${what} : ${text}`], warnings: [`${what} illisible (« ${quoted(text)} ») : gardé dans les notes.`] }
  if (others.length === 0) return { value: first, notes: [], warnings: [] }
  return {
    value: first,
    notes: [`Autres téléphones : ${found.slice(1).join(', ')}`],
    warnings: [`${others.length + 1} numéros dans la cellule ${what.toLowerCase()} : ${found[0]} est retenu, ${found.slice(1).join(', ')} dans les notes.`],
  }
}

/** Several people named in one cell (« Jean Dupont / Marie Martin », « M. Dupont et Mme Leroy »): each of at least two words. */
export function splitContacts(text: string): string[] {
  const parts = text
    .split(/\s*(?:;|\n|\s\/\s|\s&\s|\set\s|,\s+(?=(?:m\.?|mme|mlle|monsieur|madame)\s))\s*/i)
    .map((part) => part.trim())
    .filter(Boolean)
  return parts.length > 1 && parts.every((part) => part.split(/\s+/).length >= 2) ? parts : [text.trim()]
}

/** The separate values of a cell that may hold several (« Éducation ; Insertion / emploi »). */
export function splitList(text: string): string[] {
  return text
    .split(/\s*(?:[;,|+\n]|\s\/\s)\s*/)
    .map((item) => item.trim())
    .filter(Boolean)
}
