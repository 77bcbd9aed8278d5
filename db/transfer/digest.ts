import crypto from 'node:crypto'
import type { Db } from '../schema'
import { pageReader, transferPlan, type Row, type TablePlan } from './plan'

// A table's digest: its row count and a SHA-256 of its rows in primary-key order, each value
// written the same way whatever engine it was read from. Both engines hand the app the same
// JavaScript values (integers and doubles as numbers, text as strings, null, blobs as bytes), so
// the same data gives the same digest on SQLite and on PostgreSQL, and a copy checked by its
// digests was copied row for row.

export interface TableDigest {
  table: string
  rows: number
  /** SHA-256 of the rows, hexadecimal. */
  sha256: string
}

/** One value, tagged with its kind, so that 1, '1', null and 'null' never write the same bytes. */
export function encodeValue(value: unknown): string {
  if (value === null || value === undefined) return 'z'
  if (typeof value === 'number') return `n${Object.is(value, -0) ? 0 : value}`
  if (typeof value === 'bigint') return `n${value}`
  if (typeof value === 'boolean') return `n${value ? 1 : 0}`
  if (typeof value === 'string') return `s${value.length}:${value}`
  if (value instanceof Uint8Array) return `b${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`
  throw new Error(`Unexpected value in a row: ${Object.prototype.toString.call(value)}`)
}

/** Accumulates a table's digest, row after row, in key order. */
export function digestBuilder(table: string, columns: string[]) {
  const hash = crypto.createHash('sha256')
  let rows = 0
  return {
    add(row: Row) {
      rows++
      let line = ''
      for (const column of columns) line += `${encodeValue(row[column])}\u001f`
      hash.update(`${line}\n`)
    },
    done(): TableDigest {
      return { table, rows, sha256: hash.digest('hex') }
    },
  }
}

/** The digest of one table, read by pages. `columns` fixes the column order (the other side's, for a comparison). */
export async function tableDigest(db: Db, plan: TablePlan, columns: string[] = plan.columns): Promise<TableDigest> {
  const builder = digestBuilder(plan.name, columns)
  for await (const page of (await pageReader(db, plan)).pages(columns)) for (const row of page) builder.add(row)
  return builder.done()
}

/** The digest of every table a copy carries, in the copy's order. */
export async function databaseDigests(db: Db): Promise<TableDigest[]> {
  const digests: TableDigest[] = []
  for (const plan of await transferPlan(db)) digests.push(await tableDigest(db, plan))
  return digests
}

/** The tables whose digests differ (count or hash), by name; empty when the two sides hold the same rows. */
export function differingTables(expected: TableDigest[], actual: TableDigest[]): { table: string; expected?: TableDigest; actual?: TableDigest }[] {
  const byName = new Map(actual.map((digest) => [digest.table, digest]))
  const names = new Set([...expected.map((digest) => digest.table), ...actual.map((digest) => digest.table)])
  const expectedByName = new Map(expected.map((digest) => [digest.table, digest]))
  return [...names]
    .filter((name) => {
      const a = expectedByName.get(name)
      const b = byName.get(name)
      return !a || !b || a.rows !== b.rows || a.sha256 !== b.sha256
    })
    .map((name) => ({ table: name, expected: expectedByName.get(name), actual: byName.get(name) }))
}
