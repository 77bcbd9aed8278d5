import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS, type DirectoryField } from '../rules/actor-columns'
import { ACTOR_KIND, ACTOR_SOURCE, ACTOR_STATUS, WORKFORCE_BAND } from '../rules/actor-values'
import type { ValueList } from '../rules/value-list'
import { hasPicks, NO_TOWN, OUTSIDE, quickWords, type ColumnFilter, type DirectoryFilter, type DirectorySort, type FilterCondition } from '../rules/directory-filter'
import { foldText } from '../rules/text'
import { directorySelectSql, FIELD_SQL, joinSql, TABLES, type DirectoryDialect, type Join, type Kind } from './directory-sql'

// The directory read the same way on both engines (db/sqlite/directory.ts and
// db/postgres/directory.ts give how each runs a statement): the whole directory, the rows of given
// keys, and the keys of the rows the grid's filters keep, in the order of its sort. A column is
// filtered and sorted on what it shows (labels in place of codes), compared without case or
// accents (vitawin_fold, as the search does). The keys of a query are kept until the data changes,
// so that scrolling through its windows reads only the rows shown.

export type DirectoryRow = (string | number | null)[]

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

interface Statement {
  sql: string
  params: unknown[]
}

/** Up to this many keys, each row's aggregates are read for it alone (a block of the grid). */
const PER_ROW_UP_TO = 2000

/** The longest names of the whole directory (its parameter: how many). */
const longestNamesSql = (d: DirectoryDialect) =>
  `select name from (select o.name as name from organisations o union all select ${FIELD_SQL.name.person} from people p) x
   order by length(name) desc, name${d.collate} limit ${d.parameter(1)}`

const DATE_FIELDS = new Set<DirectoryField>(DIRECTORY_COLUMNS.filter((column) => column.type === 'date').map((column) => column.id))

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`
const labelCase = (column: string, list: ValueList<string>) =>
  `case ${column} ${list.options.map((option) => `when ${quote(option.value)} then ${quote(option.label)}`).join(' ')} else ${column} end`

/** What a field shows in the grid, for one kind: labels in place of codes. */
function shownSql(d: DirectoryDialect, kind: Kind, field: DirectoryField): string {
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
      return `(select ${d.names('label')} from (select coalesce(f.label, x.field_code) as label from actor_action_fields x
        left join action_fields f on f.code = x.field_code where x.${idColumn} = ${a}.id) l)`
    case 'offers':
      return `(select ${d.names('label')} from (select distinct coalesce(t.label, e.offer_type_code) as label from engagement_offers e
        left join offer_types t on t.code = e.offer_type_code where e.${idColumn} = ${a}.id and e.active = 1) l)`
    default:
      return FIELD_SQL[field][kind]
  }
}

/** The aggregate a field's shown value reads, if any. */
function joinOf(d: DirectoryDialect, kind: Kind, field: DirectoryField): Join | undefined {
  if (field === 'fields' || field === 'offers') return undefined
  const join = FIELD_SQL[field].join
  return join && joinSql(d, kind, join) ? join : undefined
}

/** A statement's parameters as they are bound: `bind(value)` adds one and gives its place in the SQL. */
function binder(d: DirectoryDialect, params: unknown[]) {
  return (value: unknown) => {
    params.push(value)
    return d.parameter(params.length)
  }
}

/** The SQL of one condition of a column's filter, on its shown value; null when it keeps everything. */
function conditionSql(d: DirectoryDialect, shown: string, date: boolean, condition: FilterCondition, params: unknown[]): string | null {
  const bind = binder(d, params)
  const blank = `coalesce(${shown}, '') = ''`
  if (condition.type === 'blank') return blank
  if (condition.type === 'notBlank') return `not (${blank})`
  if (date || condition.filterType === 'date') {
    const day = (value: string | null | undefined) => (value ?? '').slice(0, 10)
    const from = day((condition as { dateFrom?: string | null }).dateFrom)
    const to = day((condition as { dateTo?: string | null }).dateTo)
    if (!from) return null
    const compare = (operator: string, value: string) => `${shown} ${operator} ${bind(value)}`
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
  switch (condition.type) {
    case 'contains':
      return `${d.position(folded, bind(value))} > 0`
    case 'notContains':
      return `${d.position(folded, bind(value))} = 0`
    case 'equals':
      return `${folded} = ${bind(value)}`
    case 'notEqual':
      return `${folded} <> ${bind(value)}`
    case 'startsWith':
      return `substr(${folded}, 1, ${value.length}) = ${bind(value)}`
    case 'endsWith':
      return `${d.tail(folded, value.length)} = ${bind(value)}`
    default:
      return null
  }
}

function columnFilterSql(d: DirectoryDialect, shown: string, date: boolean, filter: ColumnFilter, params: unknown[]): string | null {
  if (!('conditions' in filter)) return conditionSql(d, shown, date, filter, params)
  // A condition that keeps everything makes an OR keep everything too (its parameters are dropped with it).
  const before = params.length
  const parts = filter.conditions.map((condition) => conditionSql(d, shown, date, condition, params)).filter((part) => part !== null)
  if (parts.length === 0) return null
  if (filter.operator === 'OR' && parts.length < filter.conditions.length) {
    params.length = before
    return null
  }
  return `(${parts.map((part) => `(${part})`).join(filter.operator === 'OR' ? ' or ' : ' and ')})`
}

/** One kind's part of the query: its keys, sort values and order, the rows the filter keeps; null when none can pass. */
function kindPartSql(d: DirectoryDialect, kind: Kind, filter: DirectoryFilter, sort: readonly DirectorySort[], params: unknown[]): string | null {
  const bind = binder(d, params)
  const a = TABLES[kind].alias
  const picks = filter.picks
  const where: string[] = []
  const joins = new Set<Join>()
  const shown = (field: DirectoryField) => {
    const join = joinOf(d, kind, field)
    if (join) joins.add(join)
    return shownSql(d, kind, field)
  }
  const inList = (column: string, values: readonly string[]) => d.anyOf(column, bind(d.list(values)), 'text')
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
    const condition = columnFilterSql(d, shown(field), DATE_FIELDS.has(field), columnFilter, params)
    if (condition) where.push(condition)
  }
  const sortValues = sort.flatMap((item, at) => {
    const value = shown(item.field)
    return DATE_FIELDS.has(item.field) ? [`${value} as s${at}`] : [`vitawin_fold(coalesce(${value}, '')) as s${at}`, `coalesce(${value}, '') as t${at}`]
  })
  const words = quickWords(filter.quick).map(foldText).filter(Boolean)
  const quickFields = (filter.quickFields ?? []).filter((field) => field in FIELD_SQL)
  if (words.length && quickFields.length) {
    // The rows holding every word in their folded text, folded once a row in a query of its own
    // (the fence keeps the engine from copying the expression into each word's condition), so
    // that the sort's values are computed for those rows only.
    const quickJoins = new Set<Join>()
    const text = quickFields.map((field) => {
      const join = joinOf(d, kind, field)
      if (join) quickJoins.add(join)
      return `coalesce(${shownSql(d, kind, field)}, '')`
    })
    const folded = [`select ${a}.id as id, vitawin_fold(${text.join(" || ' ' || ")}) as q`, `from ${TABLES[kind].from}`, ...joinsSql(d, kind, quickJoins)].join('\n  ')
    const found = words.map((word) => `${d.position('q', bind(word))} > 0`)
    where.push(`${a}.id in (select id from (${folded}${d.fence}) w where ${found.join(' and ')})`)
  }
  return [
    `select ${FIELD_SQL.key[kind]} as actor_key, ${kind === 'organisation' ? 0 : 1} as k, ${a}.id as id${sortValues.map((value) => `, ${value}`).join('')}`,
    `from ${TABLES[kind].from}`,
    ...joinsSql(d, kind, joins),
    where.length ? `where ${where.join(' and ')}` : '',
  ].join('\n  ')
}

const joinsSql = (d: DirectoryDialect, kind: Kind, joins: Set<Join>) => [...joins].map((join) => joinSql(d, kind, join)!)

/** The keys of the rows a filter keeps, in the sort's order: the statements (one, or one per kind in table order). */
function matchingStatements(d: DirectoryDialect, filter: DirectoryFilter, sort: readonly DirectorySort[]): Statement[] {
  if (sort.length === 0) {
    // Table order: each kind read in its own order, organisations first; no sorting at all.
    return (['organisation', 'person'] as const).flatMap((kind) => {
      const params: unknown[] = []
      const part = kindPartSql(d, kind, filter, sort, params)
      return part === null ? [] : [{ sql: `select actor_key from (${part}) m order by id`, params }]
    })
  }
  const params: unknown[] = []
  const parts = (['organisation', 'person'] as const).map((kind) => kindPartSql(d, kind, filter, sort, params)).filter((part) => part !== null)
  if (parts.length === 0) return []
  // SQLite's order on both engines: byte order, no value (null) first going up and last going down.
  const order = sort.flatMap((item, at) => {
    const direction = item.descending ? ' desc nulls last' : ' nulls first'
    return DATE_FIELDS.has(item.field) ? [`s${at}${d.collate}${direction}`] : [`s${at}${d.collate}${direction}`, `t${at}${d.collate}${direction}`]
  })
  return [{ sql: `select actor_key from (${parts.join('\nunion all\n')}) m\norder by ${[...order, 'k', 'id'].join(', ')}`, params }]
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

/** How one engine runs the directory's statements. */
export interface DirectoryEngine {
  dialect: DirectoryDialect
  /** What the kept keys of queries belong to (the connection). */
  connection: object
  /** A statement's rows as arrays of values. */
  arrays(sql: string, params?: unknown[]): DirectoryRow[] | Promise<DirectoryRow[]>
  /** A value that changes with any change to the database, whoever made it. */
  stamp(): string | Promise<string>
}

/** All rows, or only those of the given keys (in the order given), or those a filter keeps. */
export async function readDirectory<Fields extends readonly DirectoryField[] = typeof DIRECTORY_FIELDS>(
  engine: DirectoryEngine,
  options: DirectoryOptions<Fields> = {},
): Promise<DirectoryPage<Fields>> {
  const d = engine.dialect
  const [[total]] = (await engine.arrays('select (select count(*) from organisations) + (select count(*) from people)')) as [[number]]
  const asked = (options.fields ?? DIRECTORY_FIELDS) as Fields
  const longest = options.longestNames
    ? { longestNames: (await engine.arrays(longestNamesSql(d), [options.longestNames])).map(([name]) => name as string) }
    : {}
  if (options.filter || options.sort || options.window) {
    const matching = await matchingKeys(engine, options.filter ?? {}, options.sort ?? [])
    const keys = options.window ? matching.slice(options.window.offset, options.window.offset + options.window.limit) : matching
    const rows = asked.length === 1 && asked[0] === 'key' ? keys.map((key) => [key]) : await rowsOf(engine, asked, keys)
    return { fields: asked, rows, total, matched: matching.length, ...longest }
  }
  if (options.keys) return { fields: asked, rows: await rowsOf(engine, asked, options.keys), total, ...longest }
  // In table order, whichever aggregates are joined.
  const read = (kind: Kind) => engine.arrays(directorySelectSql(d, kind, asked, `order by ${TABLES[kind].alias}.id`))
  return { fields: asked, rows: [...(await read('organisation')), ...(await read('person'))], total, ...longest }
}

/** The rows of these keys, in the order given (unknown keys are left out). */
async function rowsOf(engine: DirectoryEngine, asked: readonly DirectoryField[], keys: readonly string[]): Promise<DirectoryRow[]> {
  // Aggregates for all rows cost the same whatever the number of keys: a few rows read their own.
  const perRow = keys.length <= PER_ROW_UP_TO
  const ids: Record<Kind, number[]> = { organisation: [], person: [] }
  for (const key of keys) ids[key.startsWith('o') ? 'organisation' : 'person'].push(Number(key.slice(1)))
  const d = engine.dialect
  const byKey = new Map<string, DirectoryRow>()
  for (const kind of ['organisation', 'person'] as const) {
    if (ids[kind].length === 0) continue
    // The key, read as an extra last value, puts the rows in the order asked.
    const where = `where ${d.anyOf(`${TABLES[kind].alias}.id`, d.parameter(1), 'int')}`
    for (const row of await engine.arrays(directorySelectSql(d, kind, [...asked, 'key'], where, perRow), [d.list(ids[kind])])) {
      byKey.set(row.pop() as string, row)
    }
  }
  return keys.map((key) => byKey.get(key)).filter((row) => row !== undefined)
}

const KEPT_QUERIES = 6
const kept = new WeakMap<object, Map<string, { stamp: string; keys: string[] }>>()

/** The keys of the rows a filter keeps, in the sort's order; those of the last few queries kept until the data changes. */
async function matchingKeys(engine: DirectoryEngine, filter: DirectoryFilter, sort: readonly DirectorySort[]): Promise<string[]> {
  const stamp = await engine.stamp()
  const essentials = essential(filter)
  const id = JSON.stringify([essentials, sort])
  let queries = kept.get(engine.connection)
  if (!queries) kept.set(engine.connection, (queries = new Map()))
  const hit = queries.get(id)
  // The most recent last.
  queries.delete(id)
  if (hit?.stamp === stamp) {
    queries.set(id, hit)
    return hit.keys
  }
  const keys: string[] = []
  // One statement after the other: in table order, organisations first.
  for (const { sql, params } of matchingStatements(engine.dialect, essentials, sort)) {
    for (const [key] of await engine.arrays(sql, params)) keys.push(key as string)
  }
  queries.set(id, { stamp, keys })
  while (queries.size > KEPT_QUERIES) queries.delete(queries.keys().next().value!)
  return keys
}
