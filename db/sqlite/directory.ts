import type BetterSqlite3 from 'better-sqlite3'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS, type DirectoryField } from '../rules/actor-columns'
import { ACTOR_KIND, ACTOR_SOURCE, ACTOR_STATUS, WORKFORCE_BAND } from '../rules/actor-values'
import type { ValueList } from '../rules/value-list'
import { hasPicks, NO_TOWN, OUTSIDE, quickWords, type ColumnFilter, type DirectoryFilter, type DirectorySort, type FilterCondition } from '../rules/directory-filter'
import { foldText } from '../rules/text'
import { directoryJoins, directorySelectSql, FIELD_SQL, SQLITE_DIRECTORY, TABLES, type FieldSql, type Join, type Kind } from '../actors/directory-sql'

// The whole directory as compact rows (arrays of values, one per field) for the grid and its
// export. A hot path at territory scale (160,000 rows): one plain SQL statement per kind, read in
// raw mode, no per-row objects. The journal's aggregates come from covering indexes
// (0008-journal-summary): one index scan, no table lookups (350 → 80 ms at 300,000 entries).
//
// Turning SQLite values into JavaScript strings is most of the time (about 0.2 µs a value), so a
// reader that needs a few columns (the export) asks for those fields only: the statement then
// selects only them and joins only the aggregates they need.

// The statements are written once for both engines (db/actors/directory-sql.ts); the filtered,
// sorted windows below are SQLite's only so far.
const JOINS = directoryJoins(SQLITE_DIRECTORY)
const selectSql = (kind: Kind, fields: readonly DirectoryField[], where = '', perRow = false) =>
  directorySelectSql(SQLITE_DIRECTORY, kind, fields, where, perRow)

export type DirectoryRow = (string | number | null)[]

/** Up to this many keys, each row's aggregates are read for it alone (a block of the grid). */
const PER_ROW_UP_TO = 2000

export interface DirectoryPage<Fields extends readonly DirectoryField[] = typeof DIRECTORY_FIELDS> {
  /** What each row holds, position by position. */
  fields: Fields
  rows: DirectoryRow[]
  /** Every actor of the directory. */
  total: number
  /** The rows the filter keeps (with `filter`, `sort` or `window`). */
  matched?: number
  /** The longest names of the whole directory (with `longestNames`): the grid sizes its name column on them. */
  longestNames?: string[]
}

export interface DirectoryOptions<Fields extends readonly DirectoryField[]> {
  /** Only these actors, in the order given (unknown keys are left out). */
  keys?: string[]
  /** Only these fields, in this order (default: every field, in DIRECTORY_FIELDS order). */
  fields?: Fields
  /** Only the rows this filter keeps (db/rules/directory-filter.ts)… */
  filter?: DirectoryFilter
  /** …in this order (default: organisations, then people, each in table order)… */
  sort?: DirectorySort[]
  /** …and of them only this window (the grid's block of rows). */
  window?: { offset: number; limit: number }
  /** Also the `longestNames` of the whole directory, this many. */
  longestNames?: number
}

/** All rows, or only those of the given keys (in the order given), or those a filter keeps. */
export function loadDirectory<Fields extends readonly DirectoryField[] = typeof DIRECTORY_FIELDS>(
  sqlite: BetterSqlite3.Database,
  options: DirectoryOptions<Fields> = {},
): DirectoryPage<Fields> {
  const total =
    (sqlite.prepare('select (select count(*) from organisations) + (select count(*) from people)').pluck().get() as number) ?? 0
  const asked = (options.fields ?? DIRECTORY_FIELDS) as Fields
  const longest = options.longestNames ? { longestNames: longestNames(sqlite, options.longestNames) } : {}
  if (options.filter || options.sort || options.window) {
    const matching = matchingKeys(sqlite, options.filter ?? {}, options.sort ?? [])
    const keys = options.window ? matching.slice(options.window.offset, options.window.offset + options.window.limit) : matching
    const rows = asked.length === 1 && asked[0] === 'key' ? keys.map((key) => [key]) : rowsOf(sqlite, asked, keys)
    return { fields: asked, rows, total, matched: matching.length, ...longest }
  }
  if (options.keys) return { fields: asked, rows: rowsOf(sqlite, asked, options.keys), total, ...longest }
  // In table order, whichever aggregates are joined.
  const read = (kind: Kind) => sqlite.prepare(selectSql(kind, asked, `order by ${TABLES[kind].alias}.id`)).raw(true).all() as DirectoryRow[]
  return { fields: asked, rows: [...read('organisation'), ...read('person')], total, ...longest }
}

/** The rows of these keys, in the order given (unknown keys are left out). */
function rowsOf(sqlite: BetterSqlite3.Database, asked: readonly DirectoryField[], keys: readonly string[]): DirectoryRow[] {
  // Aggregates for all rows cost the same whatever the number of keys: a few rows read their own.
  const perRow = keys.length <= PER_ROW_UP_TO
  const organisationIds: number[] = []
  const personIds: number[] = []
  for (const key of keys) (key.startsWith('o') ? organisationIds : personIds).push(Number(key.slice(1)))
  // Rows come back in table order; the key (read as an extra last value) puts them in the order asked.
  const withKey = (kind: Kind, ids: number[]) => {
    if (ids.length === 0) return []
    const where = `where ${TABLES[kind].alias}.id in (select value from json_each(?))`
    return sqlite.prepare(selectSql(kind, [...asked, 'key'], where, perRow)).raw(true).all(JSON.stringify(ids)) as DirectoryRow[]
  }
  const byKey = new Map<string, DirectoryRow>()
  for (const row of [...withKey('organisation', organisationIds), ...withKey('person', personIds)]) {
    byKey.set(row.pop() as string, row)
  }
  const rows: DirectoryRow[] = []
  for (const key of keys) {
    const row = byKey.get(key)
    if (row) rows.push(row)
  }
  return rows
}

function longestNames(sqlite: BetterSqlite3.Database, count: number): string[] {
  return sqlite
    .prepare(
      `select name from (select o.name name from organisations o union all select ${FIELD_SQL.name.person} from people p)
       order by length(name) desc limit ?`,
    )
    .pluck()
    .all(count) as string[]
}

// The filtered and sorted directory. A column is filtered and sorted on what it shows (labels in
// place of codes), compared without case or accents (vitawin_fold, as the search does); the keys
// of a query are kept until the data changes, so that scrolling through its windows reads only
// the rows shown.

const DATE_FIELDS = new Set<DirectoryField>(DIRECTORY_COLUMNS.filter((column) => column.type === 'date').map((column) => column.id))

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`
const labelCase = (column: string, list: ValueList<string>) =>
  `case ${column} ${list.options.map((option) => `when ${quote(option.value)} then ${quote(option.label)}`).join(' ')} else ${column} end`

/** What a field shows in the grid, for one kind: labels in place of codes. */
function shownSql(kind: Kind, field: DirectoryField): FieldSql[Kind] {
  const a = TABLES[kind].alias
  const idColumn = kind === 'organisation' ? 'organisation_id' : 'person_id'
  switch (field) {
    case 'kind':
      return quote(ACTOR_KIND.label(kind))
    case 'profileCode':
      return `(select label from actor_profiles where code = ${a}.profile_code)`
    case 'townCode':
      return `coalesce((select name from towns where insee_code = ${a}.town_code), nullif(${a}.town_code, ''), nullif(${a}.outside_town, '') || ' (hors territoire)')`
    case 'status':
      return labelCase(`${a}.status`, ACTOR_STATUS)
    case 'source':
      return kind === 'organisation' ? labelCase('o.source', ACTOR_SOURCE) : quote(ACTOR_SOURCE.label('saisie'))
    case 'workforceBand':
      return kind === 'organisation' ? labelCase('o.workforce_band', WORKFORCE_BAND) : 'null'
    case 'fields':
      return `(select group_concat(coalesce(f.label, x.field_code), ', ') from actor_action_fields x left join action_fields f on f.code = x.field_code where x.${idColumn} = ${a}.id)`
    case 'offers':
      return `(select group_concat(label, ', ') from (select distinct coalesce(t.label, e.offer_type_code) label from engagement_offers e
        left join offer_types t on t.code = e.offer_type_code where e.${idColumn} = ${a}.id and e.active = 1))`
    default:
      return FIELD_SQL[field][kind]
  }
}

/** The aggregate a field's shown value reads, if any. */
function joinOf(kind: Kind, field: DirectoryField): Join | undefined {
  if (field === 'fields' || field === 'offers') return undefined
  const join = FIELD_SQL[field].join
  return join && kind in JOINS[join] ? join : undefined
}

/** The SQL of one condition of a column's filter, on its shown value; null when it keeps everything. */
function conditionSql(shown: string, date: boolean, condition: FilterCondition, params: unknown[]): string | null {
  const blank = `coalesce(${shown}, '') = ''`
  if (condition.type === 'blank') return blank
  if (condition.type === 'notBlank') return `not (${blank})`
  if (date || condition.filterType === 'date') {
    const day = (value: string | null | undefined) => (value ?? '').slice(0, 10)
    const from = day((condition as { dateFrom?: string | null }).dateFrom)
    const to = day((condition as { dateTo?: string | null }).dateTo)
    if (!from) return null
    const compare = (operator: string, value: string) => {
      params.push(value)
      return `${shown} ${operator} ?`
    }
    switch (condition.type) {
      case 'equals':
        return compare('=', from)
      case 'notEqual':
        return compare('<>', from)
      case 'lessThan':
        return compare('<', from)
      case 'greaterThan':
        return compare('>', from)
      case 'inRange':
        return to ? `${compare('>', from)} and ${compare('<', to)}` : compare('>', from)
      default:
        return null
    }
  }
  const value = foldText((condition as { filter?: string | null }).filter ?? '')
  if (!value) return null
  const folded = `vitawin_fold(coalesce(${shown}, ''))`
  params.push(value)
  switch (condition.type) {
    case 'contains':
      return `instr(${folded}, ?) > 0`
    case 'notContains':
      return `instr(${folded}, ?) = 0`
    case 'equals':
      return `${folded} = ?`
    case 'notEqual':
      return `${folded} <> ?`
    case 'startsWith':
      return `substr(${folded}, 1, ${value.length}) = ?`
    case 'endsWith':
      return `substr(${folded}, -${value.length}) = ?`
    default:
      params.pop()
      return null
  }
}

function columnFilterSql(shown: string, date: boolean, filter: ColumnFilter, params: unknown[]): string | null {
  if (!('conditions' in filter)) return conditionSql(shown, date, filter, params)
  const parts = filter.conditions.map((condition) => conditionSql(shown, date, condition, params)).filter((part) => part !== null)
  if (parts.length === 0) return null
  // A condition that keeps everything makes an OR keep everything too.
  if (filter.operator === 'OR' && parts.length < filter.conditions.length) return null
  return `(${parts.map((part) => `(${part})`).join(filter.operator === 'OR' ? ' or ' : ' and ')})`
}

/** One kind's part of the query: its keys, sort values and order, the rows the filter keeps; null when none can pass. */
function kindPartSql(kind: Kind, filter: DirectoryFilter, sort: readonly DirectorySort[], params: unknown[]): string | null {
  const a = TABLES[kind].alias
  const picks = filter.picks
  const where: string[] = []
  const joins = new Set<Join>()
  const shown = (field: DirectoryField) => {
    const join = joinOf(kind, field)
    if (join) joins.add(join)
    return shownSql(kind, field)
  }
  const inList = (column: string, values: readonly string[]) => {
    params.push(JSON.stringify(values))
    return `${column} in (select value from json_each(?))`
  }
  if (picks) {
    if (picks.type !== 'tous' && picks.type !== kind) return null
    if (picks.profiles.length > 0) {
      const codes = picks.profiles.filter((profile) => profile.startsWith(`${kind}:`)).map((profile) => profile.slice(kind.length + 1))
      if (codes.length === 0) return null
      where.push(inList(`${a}.profile_code`, codes))
    }
    if (picks.statuses.length > 0) where.push(inList(`${a}.status`, picks.statuses))
    if (picks.towns.length > 0) {
      const codes = picks.towns.filter((town) => town !== OUTSIDE && town !== NO_TOWN)
      const noCode = `coalesce(${a}.town_code, '') = ''`
      const either = [
        ...(codes.length ? [inList(`${a}.town_code`, codes)] : []),
        ...(picks.towns.includes(OUTSIDE) ? [`(${noCode} and coalesce(${a}.outside_town, '') <> '')`] : []),
        ...(picks.towns.includes(NO_TOWN) ? [`(${noCode} and coalesce(${a}.outside_town, '') = '')`] : []),
      ]
      where.push(`(${either.join(' or ')})`)
    }
  }
  for (const [field, columnFilter] of Object.entries(filter.columns ?? {}) as [DirectoryField, ColumnFilter][]) {
    if (!columnFilter || !(field in FIELD_SQL)) continue
    const condition = columnFilterSql(shown(field), DATE_FIELDS.has(field), columnFilter, params)
    if (condition) where.push(condition)
  }
  const sortValues = sort.flatMap((item, at) => {
    const value = shown(item.field)
    return DATE_FIELDS.has(item.field) ? [`${value} s${at}`] : [`vitawin_fold(coalesce(${value}, '')) s${at}`, `coalesce(${value}, '') t${at}`]
  })
  const words = quickWords(filter.quick).map(foldText).filter(Boolean)
  const quickFields = (filter.quickFields ?? []).filter((field) => field in FIELD_SQL)
  const quick = words.length && quickFields.length ? `, vitawin_fold(${quickFields.map((field) => `coalesce(${shown(field)}, '')`).join(" || ' ' || ")}) q` : ''
  const joinSql = [...joins].map((join) => (JOINS[join] as Partial<Record<Kind, string>>)[kind])
  const select = [
    `select ${FIELD_SQL.key[kind]} key, ${kind === 'organisation' ? 0 : 1} k, ${a}.id id${sortValues.map((value) => `, ${value}`).join('')}${quick}`,
    `from ${TABLES[kind].from}`,
    ...joinSql,
    where.length ? `where ${where.join(' and ')}` : '',
  ].join('\n  ')
  if (!quick) return select
  // Each word is looked for in the folded text, folded once a row (the limit keeps SQLite from
  // copying the expression into each condition).
  const found = words.map((word) => {
    params.push(word)
    return 'instr(q, ?) > 0'
  })
  return `select * from (${select} limit -1) where ${found.join(' and ')}`
}

/** The keys of the rows a filter keeps, in the sort's order: the statements (one, or one per kind in table order) and their parameters. */
function matchingSql(filter: DirectoryFilter, sort: readonly DirectorySort[]): { sql: string; params: unknown[] }[] {
  if (sort.length === 0) {
    // Table order: each kind read in its own order, organisations first; no sorting at all.
    return (['organisation', 'person'] as const).flatMap((kind) => {
      const params: unknown[] = []
      const part = kindPartSql(kind, filter, sort, params)
      return part === null ? [] : [{ sql: `select key from (${part}) order by id`, params }]
    })
  }
  const params: unknown[] = []
  const parts = (['organisation', 'person'] as const).map((kind) => kindPartSql(kind, filter, sort, params)).filter((part) => part !== null)
  if (parts.length === 0) return []
  const order = sort.flatMap((item, at) => {
    const direction = item.descending ? ' desc' : ''
    return DATE_FIELDS.has(item.field) ? [`s${at}${direction}`] : [`s${at}${direction}`, `t${at}${direction}`]
  })
  return [{ sql: `select key from (${parts.join('\nunion all\n')})\norder by ${[...order, 'k', 'id'].join(', ')}`, params }]
}

/** The filter without what keeps every row: the same query, whatever empty parts it names. */
function essential(filter: DirectoryFilter): DirectoryFilter {
  const words = quickWords(filter.quick)
  const columns = Object.entries(filter.columns ?? {}).filter(([, value]) => value)
  return {
    ...(filter.picks && hasPicks(filter.picks) ? { picks: filter.picks } : {}),
    ...(words.length && filter.quickFields?.length ? { quick: words.join(' '), quickFields: filter.quickFields } : {}),
    ...(columns.length ? { columns: Object.fromEntries(columns) } : {}),
  }
}

interface CachedKeys {
  stamp: string
  keys: string[]
}

const KEPT_QUERIES = 6
const cache = new WeakMap<BetterSqlite3.Database, Map<string, CachedKeys>>()

/** The keys of the rows a filter keeps, in the sort's order; kept until the data changes. */
export function matchingKeys(sqlite: BetterSqlite3.Database, filter: DirectoryFilter, sort: readonly DirectorySort[]): string[] {
  // Changes through this connection, or through another one (the command line, another window).
  const stamp = `${sqlite.prepare('select total_changes()').pluck().get()}:${sqlite.pragma('data_version', { simple: true })}`
  const essentials = essential(filter)
  const id = JSON.stringify([essentials, sort])
  let kept = cache.get(sqlite)
  if (!kept) cache.set(sqlite, (kept = new Map()))
  const hit = kept.get(id)
  if (hit?.stamp === stamp) {
    // The most recent last.
    kept.delete(id)
    kept.set(id, hit)
    return hit.keys
  }
  const keys = matchingSql(essentials, sort).flatMap(({ sql, params }) => sqlite.prepare(sql).pluck().all(...params) as string[])
  kept.delete(id)
  kept.set(id, { stamp, keys })
  while (kept.size > KEPT_QUERIES) kept.delete(kept.keys().next().value!)
  return keys
}
