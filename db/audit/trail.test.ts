import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { insertRow, queryRows, runSql, testStore } from '../../tests/helpers/temp'
import type { Store } from '../backend'
import { BOOLEAN_COLUMNS } from '../rules/change-format'
import { COLUMN_VALUES, FIELD_LABELS, TABLE_LABELS } from '../rules/field-labels'
import { auditedTables as sqliteAuditedTables } from '../sqlite/audit'
import { introspectionOf, quoteId } from '../introspection'
import { runAuditOperation } from './context'
import { auditedTables } from './tables'
import { listAuditEntries, RECORD_NAMES } from './trail'

// The history shows every table, field and value in French: these tests read the live schema, so
// a column added by a later migration fails here until it has its label (and its list of values,
// when a check limits it to codes; its naming, when it refers to another table).

type Column = { name: string; type: string }

/** Each audited table with its columns, the tables it refers to, and its checks as SQL text. */
async function schemaOf(store: Store) {
  const schema = introspectionOf(store.db)
  const found = []
  if (store.kind === 'sqlite') {
    const { sqlite } = store
    for (const table of sqliteAuditedTables(sqlite)) {
      found.push({
        table,
        // Generated columns included (table_xinfo).
        columns: sqlite.pragma(`table_xinfo(${quoteId(table)})`) as Column[],
        foreignKeys: sqlite.pragma(`foreign_key_list(${quoteId(table)})`) as { from: string; table: string }[],
        sql: sqlite.prepare("select sql from sqlite_master where type = 'table' and name = ?").pluck().get(table) as string,
      })
    }
    return found
  }
  for (const table of await auditedTables(schema)) {
    // The introspection leaves generated columns out: PostgreSQL's are the search index's only, which is not audited.
    const checks = await queryRows<{ definition: string }>(
      store,
      `select pg_get_constraintdef(oid) as definition from pg_constraint where contype = 'c' and conrelid = (select oid from pg_class where relname = ? and relnamespace = current_schema()::regnamespace) order by conname`,
      table,
    )
    found.push({
      table,
      columns: (await schema.columns(table)) as Column[],
      foreignKeys: (await schema.foreignKeys(table)).map((key) => ({ from: key.column, table: key.references })),
      sql: checks.map((check) => check.definition).join('\n'),
    })
  }
  return found
}

/**
 * The codes a check constraint allows a column: `check (status in ('a', 'b'))` as SQLite keeps it,
 * `CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))` as PostgreSQL gives it back.
 */
function checkedCodes(sql: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  const lists = [...sql.matchAll(/check\s*\(\s*"?(\w+)"?\s+in\s*\(([^)]*)\)\s*\)/gi), ...sql.matchAll(/check\s*\(\(\s*"?(\w+)"?\s*=\s*any\s*\(array\[([^\]]*)\]\)\)\)/gi)]
  for (const match of lists) {
    found.set(match[1]!, [...match[2]!.matchAll(/'([^']*)'|(\d+)/g)].map((code) => code[1] ?? code[2]!))
  }
  return found
}

describe('the audit trail’s French names', () => {
  it('name every audited table and every one of its columns', async () => {
    const store = await testStore()
    const unnamed: string[] = []
    for (const { table, columns } of await schemaOf(store)) {
      if (!TABLE_LABELS[table]) unnamed.push(table)
      for (const column of columns) if (!FIELD_LABELS[column.name]) unnamed.push(`${table}.${column.name}`)
    }
    expect(unnamed).toEqual([])
  })

  it('have a list of values for every column a check limits to codes, with exactly those codes', async () => {
    const store = await testStore()
    const problems: string[] = []
    let checked = 0
    for (const { table, sql } of await schemaOf(store)) {
      for (const [column, codes] of checkedCodes(sql)) {
        checked++
        if (codes.every((code) => code === '0' || code === '1')) {
          if (!BOOLEAN_COLUMNS.has(column)) problems.push(`${table}.${column}: 0/1 not in BOOLEAN_COLUMNS`)
          continue
        }
        const list = COLUMN_VALUES[table]?.[column]
        if (!list) problems.push(`${table}.${column}: no list of values`)
        else if ([...list.codes].sort().join() !== [...codes].sort().join()) problems.push(`${table}.${column}: ${list.codes.join()} ≠ ${codes.join()}`)
      }
    }
    expect(problems).toEqual([])
    // The checks were read, on either engine's spelling.
    expect(checked).toBeGreaterThanOrEqual(26)
  })

  it('name the records behind every column that refers to another table', async () => {
    const store = await testStore()
    const targets = new Set((await schemaOf(store)).flatMap(({ foreignKeys }) => foreignKeys.map((key) => key.table)))
    expect([...targets].filter((target) => !RECORD_NAMES[target])).toEqual([])
    // Each naming query runs on the schema.
    for (const [table, naming] of Object.entries(RECORD_NAMES)) await expect(sql.raw(`${naming.select} where ${naming.key} is null`).execute(store.db), table).resolves.toBeDefined()
  })
})

describe('the audit trail as read', () => {
  it('shows codes as labels, dates as dd/mm/yyyy, decimals with a comma, ids as names', async () => {
    const store = await testStore()
    const audited = <T>(run: () => Promise<T>) => runAuditOperation({ kind: 'test', label: 'Essai', animator: 'Camille' }, run)
    const school = await insertRow(store, "insert into organisations (name, profile_code, town_code) values ('Collège Jean-Moulin', 'education', null)")
    const programme = await insertRow(store, "insert into programmes (code, name) values ('essai', 'Découverte des métiers')")
    const edition = await insertRow(store, "insert into editions (programme_id, school_year, title) values (?, '2026-2027', 'Édition 2026')", programme)
    const sequence = await insertRow(store, "insert into sequences (edition_id, step_order, title) values (?, 1, 'Visite')", edition)
    const session = await audited(() =>
      insertRow(store, "insert into sequence_sessions (sequence_id, held_on, status, pupils_count, intervention_hours, satisfaction) values (?, '2026-12-15', 'planifiee', 1250, 2.5, 4.25)", sequence),
    )
    await audited(() => runSql(store, "update sequence_sessions set status = 'realisee', held_on = '2026-12-16' where id = ?", session))
    await audited(() => runSql(store, "insert into session_classes (session_id, school_id, class_label, pupils_count) values (?, ?, '4e B', 24)", session, school))
    const { entries } = await listAuditEntries(store.db, {})
    const [classes, update, insert] = entries
    expect(insert!.changes).toEqual(
      expect.arrayContaining([
        { field: 'held_on', label: 'Date', after: '15/12/2026' },
        { field: 'status', label: 'Statut', after: 'Planifiée' },
        { field: 'pupils_count', label: "Nombre d'élèves", after: '1\u202f250' },
        { field: 'intervention_hours', label: "Heures d'intervention", after: '2,5' },
        { field: 'satisfaction', label: 'Satisfaction', after: '4,25' },
        { field: 'sequence_id', label: 'Séquence', after: 'Visite' },
      ]),
    )
    expect(update!.changes).toEqual([
      { field: 'held_on', label: 'Date', before: '15/12/2026', after: '16/12/2026' },
      { field: 'status', label: 'Statut', before: 'Planifiée', after: 'Réalisée' },
    ])
    expect(classes!.changes).toEqual(
      expect.arrayContaining([
        { field: 'session_id', label: 'Séance', after: 'séance du 16/12/2026' },
        { field: 'school_id', label: 'Établissement', after: `Collège Jean-Moulin (n° ${school})` },
      ]),
    )
    // (Each entry's time is ISO for the screen to format, and its milliseconds may read « 52.5 »: left out.)
    const text = JSON.stringify(entries.map(({ at: _at, ...entry }) => entry))
    for (const raw of ['realisee', 'planifiee', '2026-12-15', '2.5', 'pupils count', 'session id']) expect(text).not.toContain(raw)
  })
})
