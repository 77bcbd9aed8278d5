import type { DirectoryField } from '../rules/actor-columns'
import type { Engine } from '../migrations/dialect'
import type { Database } from '../schema'

// The directory's statements, written once for both engines (SQLite: db/sqlite/directory.ts;
// PostgreSQL: db/postgres/directory.ts): what each field reads, and the aggregates joined only
// when a field asked for needs them. The journal's aggregates come from covering indexes
// (0008-journal-summary): one index scan, no table lookups (350 → 80 ms at 300,000 entries on
// SQLite, whose planner is told which index to read; PostgreSQL's chooses for itself).
//
// Lists (tags, networks, fields, offers, organisations) are joined in the order of their values,
// so that both engines give the same text.

export type Kind = 'organisation' | 'person'

/** The tables the directory's rows read (its read calls declare them: main/api/define.ts). */
export const DIRECTORY_TABLES = ['organisations', 'people', 'affiliations', 'tags', 'actorTags', 'networks', 'actorNetworks', 'actorActionFields', 'engagementOffers', 'interactions'] as const satisfies readonly (keyof Database)[]

/** How the few things the engines write differently are written for one of them. */
export interface DirectoryDialect {
  engine: Engine
  /**
   * The group's names joined by ', ', in their order without regard to ASCII case (then byte order,
   * whatever the server's locale).
   */
  names(value: string): string
  /** The group's codes joined by ',', in their order; each code once with `distinct`. */
  codes(value: string, distinct?: boolean): string
  /** After a table in a from clause: the index SQLite must read (nothing on PostgreSQL). */
  indexedBy(index: string): string
  /** The statement's parameter number `n` (1-based). */
  parameter(n: number): string
  /** `column` is one of the values of a list given as a parameter (`placeholder`, its value made by `list`). */
  anyOf(column: string, placeholder: string, type: 'int' | 'text'): string
  /** The value given for anyOf's parameter. */
  list(values: readonly (number | string)[]): unknown
  /** Where `needle` first is in `haystack` (1-based), 0 when nowhere. */
  position(haystack: string, needle: string): string
  /** The last `length` characters of `text`. */
  tail(text: string, length: number): string
  /** After a subquery: keeps the planner from folding it into the outer query. */
  fence: string
  /** After an expression compared or sorted: byte order (SQLite's BINARY), whatever the server's locale. */
  collate: string
}

export const SQLITE_DIRECTORY: DirectoryDialect = {
  engine: 'sqlite',
  names: (value) => `group_concat(${value}, ', ' order by lower(${value}), ${value})`,
  // SQLite's DISTINCT aggregates take one argument: ',' is group_concat's own separator.
  codes: (value, distinct) => (distinct ? `group_concat(distinct ${value} order by ${value})` : `group_concat(${value}, ',' order by ${value})`),
  indexedBy: (index) => ` indexed by ${index}`,
  parameter: () => '?',
  anyOf: (column, placeholder) => `${column} in (select value from json_each(${placeholder}))`,
  list: (values) => JSON.stringify(values),
  position: (haystack, needle) => `instr(${haystack}, ${needle})`,
  tail: (text, length) => `substr(${text}, -${length})`,
  fence: ' limit -1',
  collate: '',
}

export const POSTGRES_DIRECTORY: DirectoryDialect = {
  engine: 'postgres',
  // lower() under "C" folds ASCII only, like SQLite's; tags and networks are citext, compared as text here.
  names: (value) => `string_agg(${value}::text, ', ' order by lower(${value}::text collate "C"), ${value}::text collate "C")`,
  codes: (value, distinct) => `string_agg(${distinct ? 'distinct ' : ''}${value}, ',' order by ${value})`,
  indexedBy: () => '',
  parameter: (n) => `$${n}`,
  anyOf: (column, placeholder, type) => `${column} = any(${placeholder}::${type}[])`,
  list: (values) => values,
  position: (haystack, needle) => `strpos(${haystack}, ${needle})`,
  tail: (text, length) => `right(${text}, ${length})`,
  fence: ' offset 0',
  collate: ' collate "C"',
}

export interface FieldSql {
  organisation: string
  person: string
  /** The aggregate the expression reads, joined only when the field is asked for. */
  join?: Join
}

export type Join = 'affiliations' | 'tags' | 'networks' | 'fields' | 'offers' | 'journal'

/** A column both tables have, under the same name. */
const own = (column: string): FieldSql => ({ organisation: `o.${column}`, person: `p.${column}` })
/** A column of organisations only. */
const organisationOnly = (column: string): FieldSql => ({ organisation: `o.${column}`, person: 'null' })
/** A value of a joined aggregate, the same for both kinds. */
const aggregate = (expression: string, join: Join): FieldSql => ({ organisation: expression, person: expression, join })

export const FIELD_SQL: Record<DirectoryField, FieldSql> = {
  key: { organisation: "'o' || o.id", person: "'p' || p.id" },
  kind: { organisation: "'organisation'", person: "'person'" },
  name: { organisation: 'o.name', person: "p.first_name || ' ' || p.last_name" },
  profileCode: own('profile_code'),
  townCode: own('town_code'),
  outsideTown: own('outside_town'),
  status: own('status'),
  joinedOn: own('joined_on'),
  email: own('email'),
  phone: own('phone'),
  organisations: { organisation: 'null', person: 'af.names', join: 'affiliations' },
  tags: aggregate('tg.names', 'tags'),
  networks: aggregate('nw.names', 'networks'),
  fields: aggregate('fd.codes', 'fields'),
  offers: aggregate('ofr.codes', 'offers'),
  lastInteractionOn: aggregate('ix.last_on', 'journal'),
  nextStepDueOn: aggregate('ix.next_due', 'journal'),
  postalCode: organisationOnly('postal_code'),
  nafCode: organisationOnly('naf_code'),
  workforceBand: organisationOnly('workforce_band'),
  source: { organisation: 'o.source', person: "'saisie'" },
  closedOn: organisationOnly('closed_on'),
  createdAt: { organisation: 'substr(o.created_at, 1, 10)', person: 'substr(p.created_at, 1, 10)' },
  updatedAt: { organisation: 'substr(o.updated_at, 1, 10)', person: 'substr(p.updated_at, 1, 10)' },
  siret: organisationOnly('siret'),
  siren: organisationOnly('siren'),
  rna: organisationOnly('rna'),
  uai: organisationOnly('uai'),
  website: organisationOnly('website'),
  address: organisationOnly('address'),
  jobTitle: { organisation: 'null', person: 'p.job_title' },
  notes: own('notes'),
  sireneUpdatedOn: organisationOnly('sirene_updated_on'),
  anonymisedAt: { organisation: 'null', person: 'substr(p.anonymised_at, 1, 10)' },
}

export const TABLES: Record<Kind, { from: string; alias: string }> = {
  organisation: { from: 'organisations o', alias: 'o' },
  person: { from: 'people p', alias: 'p' },
}

/** The aggregates joined on demand, by kind, for one engine. */
function directoryJoins(d: DirectoryDialect) {
  return {
    affiliations: {
      person: `left join (select a.person_id id, ${d.names('o.name')} names from affiliations a join organisations o on o.id = a.organisation_id
             where a.ended_on is null group by a.person_id) af on af.id = p.id`,
    },
    tags: {
      organisation: `left join (select l.organisation_id id, ${d.names('t.name')} names from actor_tags l join tags t on t.id = l.tag_id
             where l.organisation_id is not null group by l.organisation_id) tg on tg.id = o.id`,
      person: `left join (select l.person_id id, ${d.names('t.name')} names from actor_tags l join tags t on t.id = l.tag_id
             where l.person_id is not null group by l.person_id) tg on tg.id = p.id`,
    },
    networks: {
      organisation: `left join (select l.organisation_id id, ${d.names('n.name')} names from actor_networks l join networks n on n.id = l.network_id
             where l.organisation_id is not null group by l.organisation_id) nw on nw.id = o.id`,
      person: `left join (select l.person_id id, ${d.names('n.name')} names from actor_networks l join networks n on n.id = l.network_id
             where l.person_id is not null group by l.person_id) nw on nw.id = p.id`,
    },
    fields: {
      organisation: `left join (select organisation_id id, ${d.codes('field_code')} codes from actor_action_fields
             where organisation_id is not null group by organisation_id) fd on fd.id = o.id`,
      person: `left join (select person_id id, ${d.codes('field_code')} codes from actor_action_fields
             where person_id is not null group by person_id) fd on fd.id = p.id`,
    },
    offers: {
      organisation: `left join (select organisation_id id, ${d.codes('offer_type_code', true)} codes from engagement_offers
             where organisation_id is not null and active = 1 group by organisation_id) ofr on ofr.id = o.id`,
      person: `left join (select person_id id, ${d.codes('offer_type_code', true)} codes from engagement_offers
             where person_id is not null and active = 1 group by person_id) ofr on ofr.id = p.id`,
    },
    journal: {
      organisation: `left join (select organisation_id id, max(occurred_on) last_on,
               min(case when next_step_done_on is null then next_step_due_on end) next_due
             from interactions${d.indexedBy('interactions_organisation_summary')} where organisation_id is not null group by organisation_id) ix on ix.id = o.id`,
      person: `left join (select person_id id, max(occurred_on) last_on,
               min(case when next_step_done_on is null then next_step_due_on end) next_due
             from interactions${d.indexedBy('interactions_person_summary')} where person_id is not null group by person_id) ix on ix.id = p.id`,
    },
  } satisfies Record<Join, Partial<Record<Kind, string>>>
}

const joinsOf = new Map<DirectoryDialect, ReturnType<typeof directoryJoins>>()

/** The SQL joining aggregate `join` to one kind's rows on one engine; undefined when that kind has none. */
export function joinSql(d: DirectoryDialect, kind: Kind, join: Join): string | undefined {
  let joins = joinsOf.get(d)
  if (!joins) joinsOf.set(d, (joins = directoryJoins(d)))
  return (joins[join] as Partial<Record<Kind, string>>)[kind]
}

/** An aggregated field read for one row (a window of rows): the aggregate of that row alone. */
function perRowSql(d: DirectoryDialect, kind: Kind, field: DirectoryField): string {
  const { names, codes } = d
  const a = TABLES[kind].alias
  const link = kind === 'organisation' ? 'organisation_id' : 'person_id'
  const listed = (table: string, named: string, column: string) =>
    `(select ${names('n.name')} from ${table} l join ${named} n on n.id = l.${column} where l.${link} = ${a}.id)`
  switch (field) {
    case 'organisations':
      return kind === 'person'
        ? `(select ${names('o2.name')} from affiliations x join organisations o2 on o2.id = x.organisation_id where x.person_id = p.id and x.ended_on is null)`
        : 'null'
    case 'tags':
      return listed('actor_tags', 'tags', 'tag_id')
    case 'networks':
      return listed('actor_networks', 'networks', 'network_id')
    case 'fields':
      return `(select ${codes('field_code')} from actor_action_fields where ${link} = ${a}.id)`
    case 'offers':
      return `(select ${codes('offer_type_code', true)} from engagement_offers where ${link} = ${a}.id and active = 1)`
    case 'lastInteractionOn':
      return `(select max(occurred_on) from interactions where ${link} = ${a}.id)`
    case 'nextStepDueOn':
      return `(select min(case when next_step_done_on is null then next_step_due_on end) from interactions where ${link} = ${a}.id)`
    default:
      return FIELD_SQL[field][kind]
  }
}

/**
 * The statement reading `fields` (in that order) for one kind, with only the joins they need; or,
 * for a few rows (`perRow`: a block of the grid), each aggregate computed for its row alone rather than for all.
 */
export function directorySelectSql(d: DirectoryDialect, kind: Kind, fields: readonly DirectoryField[], where = '', perRow = false): string {
  const joined = new Set<string>()
  for (const field of perRow ? [] : fields) {
    const join = FIELD_SQL[field].join && joinSql(d, kind, FIELD_SQL[field].join)
    if (join) joined.add(join)
  }
  const expressions = fields.map((field) => (perRow ? perRowSql(d, kind, field) : FIELD_SQL[field][kind]))
  return [`select ${expressions.join(', ')}`, `from ${TABLES[kind].from}`, ...joined, where].join('\n  ')
}
