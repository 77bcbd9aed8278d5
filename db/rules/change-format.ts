import { columnValueLabel, fieldLabel } from './field-labels'
import { formatDate, formatDateTime, formatInteger } from './format'
import { isIsoDate } from './dates'
import { snakeCase } from './text'

// One change of a record as the animators read it: the field's French label and its values in
// French formats (dates dd/mm/yyyy, decimals with a comma, codes as their labels, ids as names).
// The journal of changes, each actor's history and the personal-data export all write through
// here. Pure code: names behind ids come from the caller (`name`), which alone reads the database.

/** Columns that hold 0 or 1 (shown « Oui » / « Non »). */
export const BOOLEAN_COLUMNS = new Set(['active', 'is_minor', 'is_guest'])

/** Columns holding a whole JSON document (a saved view's state, an import's mapping): summed up, never dumped. */
export const DOCUMENT_COLUMNS: Record<string, string> = { state: 'réglages de la vue', mapping: 'correspondance des colonnes' }

const LONG_TEXT = 160

// Hours and ratings keep two decimals (1,25 h), where formatDecimal rounds to one.
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 })

/** The name of the record an id or a reference code points to (« Vincennes » for 94080), when the caller knows it. */
export type NameOf = (table: string, column: string, value: unknown) => string | undefined

/**
 * A stored value as the animators read it: '—' for nothing; the code's label, the boolean's
 * « Oui »/« Non », the date as dd/mm/yyyy, the number with a decimal comma, the name behind an id.
 * `full` keeps long texts whole (the export); the screens cut them at 160 characters.
 */
export function formatStoredValue(table: string, field: string, value: unknown, name?: NameOf, full = false): string {
  if (value === null || value === undefined || value === '') return '—'
  const column = snakeCase(field)
  const label = columnValueLabel(table, column, value)
  if (label !== undefined) return label
  if (BOOLEAN_COLUMNS.has(column) && (value === 0 || value === 1 || typeof value === 'boolean')) return value === 1 || value === true ? 'Oui' : 'Non'
  const named = name?.(table, column, value)
  if (named !== undefined) return named
  if (column in DOCUMENT_COLUMNS) return `(${DOCUMENT_COLUMNS[column]})`
  if (typeof value === 'number') return Number.isInteger(value) ? formatInteger(value) : decimal.format(value)
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non'
  if (typeof value === 'string') {
    if (isIsoDate(`${value}`)) return formatDate(value)
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return formatDateTime(value)
    return full || value.length <= LONG_TEXT ? value : `${value.slice(0, LONG_TEXT - 3)}…`
  }
  const text = JSON.stringify(value)
  return full || text.length <= LONG_TEXT ? text : `${text.slice(0, LONG_TEXT - 3)}…`
}

export interface ChangeText {
  field: string
  /** The field's French label. */
  label: string
  /** The value before (an update or a deletion), as shown; undefined for a creation. */
  before?: string
  /** The value after (a creation or an update), as shown; undefined for a deletion. */
  after?: string
}

/** One field of one audited change, in French: its label and its values before and after. */
export function formatChange(table: string, field: string, change: { before?: unknown; after?: unknown }, name?: NameOf, full = false): ChangeText {
  const text: ChangeText = { field, label: fieldLabel(field) }
  if ('before' in change && change.before !== undefined) text.before = formatStoredValue(table, field, change.before, name, full)
  if ('after' in change && change.after !== undefined) text.after = formatStoredValue(table, field, change.after, name, full)
  return text
}

/** « Statut : En cours → Réalisée », « Date : 15/12/2026 » — a change on one line, for a cell of an export. */
export function changeLine(change: ChangeText): string {
  if (change.before !== undefined && change.after !== undefined) return `${change.label} : ${change.before} → ${change.after}`
  return `${change.label} : ${change.after ?? change.before ?? '—'}`
}
