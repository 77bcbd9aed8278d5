import { CompiledQuery } from 'kysely'
import { engineOf, introspectionOf, quoteId } from '../introspection'
import type { Db } from '../schema'

// What a copy walks, read from the live schema (db/introspection.ts): every table in an order
// where a row's references are written before it, each read in primary-key order, a page at a
// time. The same walk serves the copy and the digests, on either engine.

/** The migrations' history: each database keeps its own (same names, its own dates). */
export const NOT_COPIED = new Set(['schema_migrations'])

/** Rows read per query: memory stays bounded whatever the table's size. */
export const PAGE_ROWS = 5_000

export type Row = Record<string, unknown>

export interface TablePlan {
  name: string
  /** Every column, in the table's order. */
  columns: string[]
  /** The primary key's columns, in key order. */
  key: string[]
  /** Columns referring to the table itself: written as null, then set once every row is there. */
  selfReferences: string[]
}

/** The tables to copy, each after the tables it refers to (ties by name, so the order is stable). */
export async function transferPlan(db: Db): Promise<TablePlan[]> {
  const schema = introspectionOf(db)
  const plans = new Map<string, TablePlan>()
  const dependsOn = new Map<string, Set<string>>()
  for (const name of await schema.tables()) {
    if (NOT_COPIED.has(name)) continue
    const columns = await schema.columns(name)
    const key = columns.filter((column) => column.primaryKey > 0).sort((a, b) => a.primaryKey - b.primaryKey).map((column) => column.name)
    if (key.length === 0) throw new Error(`Table ${name} has no primary key: it cannot be copied in key order.`)
    const foreignKeys = await schema.foreignKeys(name)
    plans.set(name, {
      name,
      columns: columns.map((column) => column.name),
      key,
      selfReferences: [...new Set(foreignKeys.filter((fk) => fk.references === name).map((fk) => fk.column))],
    })
    dependsOn.set(name, new Set(foreignKeys.map((fk) => fk.references).filter((table) => table !== name && !NOT_COPIED.has(table))))
  }
  const ordered: TablePlan[] = []
  const placed = new Set<string>()
  while (ordered.length < plans.size) {
    const ready = [...plans.keys()].filter((name) => !placed.has(name) && [...dependsOn.get(name)!].every((table) => placed.has(table) || !plans.has(table)))
    if (ready.length === 0) {
      const left = [...plans.keys()].filter((name) => !placed.has(name))
      throw new Error(`Foreign keys form a cycle between ${left.join(', ')}: only self-references are handled.`)
    }
    for (const name of ready.sort()) {
      placed.add(name)
      ordered.push(plans.get(name)!)
    }
  }
  return ordered
}

/**
 * On PostgreSQL, the key columns whose collation does not sort by bytes (a column created
 * without the "C" collation, on a server whose default is a locale): they are sorted with
 * collate "C", so that both engines read a table in the same order (SQLite compares text by bytes).
 */
export async function byteOrderFixes(db: Db, plan: TablePlan): Promise<Set<string>> {
  if (engineOf(db) !== 'postgres') return new Set()
  const { rows } = await db.withoutPlugins().executeQuery<{ name: string }>(
    CompiledQuery.raw(
      `select a.attname::text as name from pg_attribute a
        join pg_collation c on c.oid = a.attcollation
        where a.attrelid = (select oid from pg_class where relname = $1 and relnamespace = current_schema()::regnamespace)
          and a.attname = any($2::text[])
          and not (c.collname in ('C', 'POSIX')
            or (c.collname = 'default' and (select datcollate from pg_database where datname = current_database()) in ('C', 'POSIX')))`,
      [plan.name, plan.key],
    ),
  )
  return new Set(rows.map((row) => row.name))
}

export interface PageReader {
  /** Pages of rows in key order, with `columns` (the plan's by default). */
  pages(columns?: string[], filter?: string): AsyncGenerator<Row[]>
}

/** Reads a table by keyset pages: `where (key) > (last key) order by key limit n`. */
export async function pageReader(db: Db, plan: TablePlan, pageRows: number = PAGE_ROWS): Promise<PageReader> {
  const engine = engineOf(db)
  const raw = db.withoutPlugins()
  const fixes = await byteOrderFixes(db, plan)
  const keyExpression = plan.key.map((column) => (fixes.has(column) ? `${quoteId(column)}::text collate "C"` : quoteId(column)))
  const param = (index: number) => (engine === 'postgres' ? `$${index}` : '?')
  const tuple = (items: string[]) => (items.length === 1 ? items[0]! : `(${items.join(', ')})`)
  return {
    async *pages(columns = plan.columns, filter) {
      const selected = [...new Set([...columns, ...plan.key])]
      const head = `select ${selected.map(quoteId).join(', ')} from ${quoteId(plan.name)}`
      const order = `order by ${keyExpression.join(', ')} limit ${pageRows}`
      let last: unknown[] | null = null
      for (;;) {
        const conditions: string[] = [...(filter ? [`(${filter})`] : []), ...(last ? [`${tuple(keyExpression)} > ${tuple(last.map((_, i) => param(i + 1)))}`] : [])]
        const text: string = `${head}${conditions.length ? ` where ${conditions.join(' and ')}` : ''} ${order}`
        const { rows } = await raw.executeQuery<Row>(CompiledQuery.raw(text, last ?? []))
        if (rows.length === 0) return
        yield rows
        if (rows.length < pageRows) return
        const end: Row = rows[rows.length - 1]!
        last = plan.key.map((column): unknown => end[column])
      }
    },
  }
}
