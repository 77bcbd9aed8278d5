import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { tempStore } from '../../tests/helpers/temp'
import { BOOLEAN_COLUMNS } from '../rules/change-format'
import { COLUMN_VALUES, FIELD_LABELS, TABLE_LABELS } from '../rules/field-labels'
import { auditedTables } from '../sqlite/audit'
import { quoteId } from '../introspection'
import { runAuditOperation } from './context'
import { listAuditEntries, RECORD_NAMES } from './trail'

// The history shows every table, field and value in French: these tests read the live schema, so
// a column added by a later migration fails here until it has its label (and its list of values,
// when a check limits it to codes; its naming, when it refers to another table).

type Column = { name: string; type: string }

function schemaOf(sqlite: import('better-sqlite3').Database) {
  return auditedTables(sqlite).map((table) => ({
    table,
    columns: sqlite.pragma(`table_xinfo(${quoteId(table)})`) as Column[],
    foreignKeys: sqlite.pragma(`foreign_key_list(${quoteId(table)})`) as { from: string; table: string }[],
    sql: sqlite.prepare("select sql from sqlite_master where type = 'table' and name = ?").pluck().get(table) as string,
  }))
}

/** The codes a check constraint allows a column: `check (status in ('a', 'b'))`. */
function checkedCodes(sql: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const match of sql.matchAll(/check\s*\(\s*"?(\w+)"?\s+in\s*\(([^)]*)\)\s*\)/gi)) {
    found.set(match[1]!, [...match[2]!.matchAll(/'([^']*)'|(\d+)/g)].map((code) => code[1] ?? code[2]!))
  }
  return found
}

describe('the audit trail’s French names', () => {
  it('name every audited table and every one of its columns', async () => {
    const store = await tempStore()
    const unnamed: string[] = []
    for (const { table, columns } of schemaOf(store.sqlite)) {
      if (!TABLE_LABELS[table]) unnamed.push(table)
      for (const column of columns) if (!FIELD_LABELS[column.name]) unnamed.push(`${table}.${column.name}`)
    }
    expect(unnamed).toEqual([])
  })

  it('have a list of values for every column a check limits to codes, with exactly those codes', async () => {
    const store = await tempStore()
    const problems: string[] = []
    for (const { table, sql } of schemaOf(store.sqlite)) {
      for (const [column, codes] of checkedCodes(sql)) {
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
  })

  it('name the records behind every column that refers to another table', async () => {
    const store = await tempStore()
    const targets = new Set(schemaOf(store.sqlite).flatMap(({ foreignKeys }) => foreignKeys.map((key) => key.table)))
    expect([...targets].filter((target) => !RECORD_NAMES[target])).toEqual([])
    // Each naming query runs on the schema.
    for (const [table, naming] of Object.entries(RECORD_NAMES)) await expect(sql.raw(`${naming.select} where ${naming.key} is null`).execute(store.db), table).resolves.toBeDefined()
  })
})

describe('the audit trail as read', () => {
  it('shows codes as labels, dates as dd/mm/yyyy, decimals with a comma, ids as names', async () => {
    const store = await tempStore()
    const { sqlite } = store
    const audited = <T>(run: () => T) => runAuditOperation({ kind: 'test', label: 'Essai', animator: 'Camille' }, run)
    const school = Number(sqlite.prepare("insert into organisations (name, profile_code, town_code) values ('Collège Jean-Moulin', 'education', null)").run().lastInsertRowid)
    const programme = Number(sqlite.prepare("insert into programmes (code, name) values ('essai', 'Découverte des métiers')").run().lastInsertRowid)
    const edition = Number(sqlite.prepare("insert into editions (programme_id, school_year, title) values (?, '2026-2027', 'Édition 2026')").run(programme).lastInsertRowid)
    const sequence = Number(sqlite.prepare("insert into sequences (edition_id, step_order, title) values (?, 1, 'Visite')").run(edition).lastInsertRowid)
    const session = audited(() =>
      Number(
        sqlite
          .prepare("insert into sequence_sessions (sequence_id, held_on, status, pupils_count, intervention_hours, satisfaction) values (?, '2026-12-15', 'planifiee', 1250, 2.5, 4.25)")
          .run(sequence).lastInsertRowid,
      ),
    )
    audited(() => sqlite.prepare("update sequence_sessions set status = 'realisee', held_on = '2026-12-16' where id = ?").run(session))
    audited(() => sqlite.prepare("insert into session_classes (session_id, school_id, class_label, pupils_count) values (?, ?, '4e B', 24)").run(session, school))
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
    const text = JSON.stringify(entries)
    for (const raw of ['realisee', 'planifiee', '2026-12-15', '2.5', 'pupils count', 'session id']) expect(text).not.toContain(raw)
  })
})
