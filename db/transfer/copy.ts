import { CompiledQuery } from 'kysely'
import { withoutAudit } from '../audit/context'
import { AppError, redact, toAppError } from '../errors'
import type { Engine } from '../migrations/dialect'
import { plural } from '../rules/format'
import type { Db } from '../schema'
import { createKysely, connect } from '../sqlite/connection'
import { migrate } from '../sqlite/migrator'
import { differingTables, digestBuilder, tableDigest, type TableDigest } from './digest'
import { readIdCounters, searchIndexDuringCopy, searchIndexSize, writeIdCounters } from './engines'
import { engineOf, quoteId } from '../introspection'
import { pageReader, transferPlan, type Row, type TablePlan } from './plan'

// Copies a whole database into an empty one, on either engine: a local file into a team
// database, a team database into a file (which is also its backup), a backup into an empty team
// database. Every table, the audit trail included (copied as it is, never recorded again), in
// foreign-key order and keyset pages; all in one transaction on the target, checked table by
// table against the source's digests before it commits: a failure, a mismatch or a killed
// process leaves the target as it was.

export interface TransferProgress {
  phase: string
  done: number
  total: number
}

export interface CopyOptions {
  onProgress?: (progress: TransferProgress) => void
  /** Rows read per page (tests use small pages to cross page boundaries). */
  pageRows?: number
}

export interface CopyReport {
  /** Each table's digest, identical on both sides. */
  tables: TableDigest[]
  rows: number
  /** Rows of the full-text index, rebuilt on the target. */
  searchRows: number
  /** The last id handed out, per table that generates its ids, as carried to the target. */
  idCounters: Record<string, number>
  durationMs: number
}

/** The parameters one insert statement may carry (SQLite's default limit is 32,766; PostgreSQL's 65,535). */
const MAX_PARAMETERS = 30_000

const describeKey = (plan: TablePlan, row: Row) => plan.key.map((column) => String(row[column])).join(' / ')

// PostgreSQL's text refuses U+0000, and pg turns a lone UTF-16 surrogate into U+FFFD: either
// would come back different, so the row is named before anything is written.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
function checkText(plan: TablePlan, row: Row): void {
  for (const column of plan.columns) {
    const value = row[column]
    if (typeof value === 'string' && (value.includes('\u0000') || LONE_SURROGATE.test(value))) {
      throw new AppError(
        'invalid_input',
        `Caractère invalide dans ${plan.name} n° ${describeKey(plan, row)}, champ ${column} : la base d'équipe ne peut pas l'enregistrer. ` +
          "Corrigez ce champ dans l'application, puis recommencez. Rien n'a été copié.",
      )
    }
  }
}

async function schemaHistory(db: Db): Promise<string[]> {
  const { rows } = await db.withoutPlugins().executeQuery<{ name: string }>(CompiledQuery.raw('select name from schema_migrations order by name'))
  return rows.map((row) => row.name)
}

async function assertSameSchema(source: Db, target: Db): Promise<string[]> {
  const [from, to] = [await schemaHistory(source), await schemaHistory(target)]
  if (from.length !== to.length || from.some((name, index) => name !== to[index])) {
    throw new AppError(
      'conflict',
      `La base source est au schéma ${from.length} et la base cible au schéma ${to.length} : les deux doivent être à la même version ` +
        "de Vitawin Back-office (mettez d'abord à jour la plus ancienne). Rien n'a été copié.",
      { source: from.length, target: to.length },
    )
  }
  return from
}

async function hasRows(db: Db, table: string): Promise<boolean> {
  const { rows } = await db.withoutPlugins().executeQuery(CompiledQuery.raw(`select 1 from ${quoteId(table)} limit 1`))
  return rows.length > 0
}

async function rowCount(db: Db, table: string): Promise<number> {
  const { rows } = await db.withoutPlugins().executeQuery<{ n: number | string }>(CompiledQuery.raw(`select count(*) as n from ${quoteId(table)}`))
  return Number(rows[0]?.n ?? 0)
}

/**
 * The rows the migrations write into a new database (towns, profiles, indicators…), by table:
 * the digest of their keys, read from a new in-memory database at the same schema version.
 */
const seedCache = new Map<number, Promise<Map<string, TableDigest>>>()
function seededKeys(version: number, plans: TablePlan[]): Promise<Map<string, TableDigest>> {
  let seeds = seedCache.get(version)
  if (!seeds) {
    seeds = readSeededKeys(version, plans)
    seedCache.set(version, seeds)
    seeds.catch(() => seedCache.delete(version))
  }
  return seeds
}

async function readSeededKeys(version: number, plans: TablePlan[]): Promise<Map<string, TableDigest>> {
  const sqlite = connect(':memory:', {})
  const db = createKysely(sqlite)
  try {
    await migrate(sqlite, version)
    const seeds = new Map<string, TableDigest>()
    for (const plan of plans) if (await hasRows(db, plan.name)) seeds.set(plan.name, await tableDigest(db, plan, plan.key))
    return seeds
  } finally {
    await db.destroy()
    if (sqlite.open) sqlite.close()
  }
}

/**
 * Refuses a target that holds anything besides what the migrations wrote into it; returns the
 * tables holding those rows (the copy replaces them with the source's, which may have changed them).
 */
async function assertEmpty(target: Db, plans: TablePlan[], version: number): Promise<TablePlan[]> {
  const filled = []
  for (const plan of plans) if (await hasRows(target, plan.name)) filled.push(plan)
  if (filled.length === 0) return []
  const seeds = await seededKeys(version, plans)
  const found: TableDigest[] = []
  for (const plan of filled) {
    const seed = seeds.get(plan.name)
    const keys = await tableDigest(target, plan, plan.key)
    if (!seed || seed.rows !== keys.rows || seed.sha256 !== keys.sha256) found.push(keys)
  }
  if (found.length > 0) {
    const extra = found.sort((a, b) => b.rows - a.rows).map((table) => `${table.table} (${plural(table.rows, 'ligne')})`)
    throw new AppError(
      'conflict',
      `La base cible n'est pas vide : ${extra.slice(0, 4).join(', ')}${extra.length > 4 ? ` et ${plural(extra.length - 4, 'autre table', 'autres tables')}` : ''}. Les données ne sont copiées que dans une base vide, ` +
        "pour ne jamais se mêler à d'autres. Rien n'a été copié.",
      { tables: extra },
    )
  }
  return filled
}

function inserter(target: Db, engine: Engine, plan: TablePlan) {
  const raw = target.withoutPlugins()
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / plan.columns.length))
  const statements = new Map<number, string>()
  const head = `insert into ${quoteId(plan.name)} (${plan.columns.map(quoteId).join(', ')}) values `
  const statement = (rows: number) => {
    let text = statements.get(rows)
    if (!text) {
      let index = 0
      const tuple = () => `(${plan.columns.map(() => (engine === 'postgres' ? `$${++index}` : '?')).join(', ')})`
      text = head + Array.from({ length: rows }, tuple).join(', ')
      statements.set(rows, text)
    }
    return text
  }
  const run = (rows: Row[]) => raw.executeQuery(CompiledQuery.raw(statement(rows.length), rows.flatMap((row) => plan.columns.map((column) => row[column] ?? null))))
  const savepoint = async (name: string, action: 'savepoint' | 'release savepoint' | 'rollback to savepoint') =>
    raw.executeQuery(CompiledQuery.raw(`${action} ${name}`))
  /** Finds the row the engine refuses, for a message that names it. */
  const culprit = async (rows: Row[], error: unknown) => {
    for (const row of rows) {
      await savepoint('transfer_row', 'savepoint')
      try {
        await run([row])
      } catch (rowError) {
        await savepoint('transfer_row', 'rollback to savepoint')
        return failed(plan, row, rowError)
      }
      await savepoint('transfer_row', 'release savepoint')
    }
    return toAppError(error)
  }
  return async (rows: Row[]) => {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement)
      // On PostgreSQL a failed statement aborts the transaction: the savepoint lets the rows be tried one by one.
      await savepoint('transfer_chunk', 'savepoint')
      try {
        await run(chunk)
      } catch (error) {
        await savepoint('transfer_chunk', 'rollback to savepoint')
        throw await culprit(chunk, error)
      }
      await savepoint('transfer_chunk', 'release savepoint')
    }
  }
}

function failed(plan: TablePlan, row: Row, error: unknown): AppError {
  const code = String((error as { code?: unknown })?.code ?? '')
  const reason = code.startsWith('22')
    ? "une valeur n'a pas la forme que la base cible attend"
    : code.startsWith('23') || code.startsWith('SQLITE_CONSTRAINT')
      ? 'elle ne respecte pas une règle de la base cible'
      : 'la base cible la refuse'
  const detail = redact(error instanceof Error ? error.message : String(error))
  return new AppError(
    'invalid_input',
    `La ligne ${plan.name} n° ${describeKey(plan, row)} ne peut pas être copiée : ${reason} (détail : ${detail}). Rien n'a été copié : corrigez-la dans la base source, puis recommencez.`,
  )
}

// A record's version moves on at every update that leaves it as it was (0013-record-versions):
// the update that sets a row's self-references gives its version back, from one below.
const VERSION = 'version'
const versioned = (plan: TablePlan) => plan.columns.includes(VERSION)

/** The row as first written: its references to rows of its own table left out until all are in. */
function withoutSelfReferences(plan: TablePlan, row: Row): Row {
  const refers = plan.selfReferences.some((column) => row[column] !== null && row[column] !== undefined)
  const written: Row = { ...row, ...Object.fromEntries(plan.selfReferences.map((column) => [column, null])) }
  if (refers && versioned(plan) && typeof row[VERSION] === 'number') written[VERSION] = row[VERSION] - 1
  return written
}

async function copyTable(source: Db, target: Db, engine: Engine, plan: TablePlan, pageRows: number | undefined, progress: (rows: number) => void): Promise<TableDigest> {
  const digest = digestBuilder(plan.name, plan.columns)
  const insert = inserter(target, engine, plan)
  const reader = await pageReader(source, plan, pageRows)
  for await (const page of reader.pages()) {
    for (const row of page) {
      digest.add(row)
      if (engine === 'postgres') checkText(plan, row)
    }
    // A row may refer to a later one of the same table: those references are set once all are in.
    await insert(plan.selfReferences.length === 0 ? page : page.map((row) => withoutSelfReferences(plan, row)))
    progress(page.length)
  }
  if (plan.selfReferences.length > 0) {
    const setColumns = versioned(plan) ? [...plan.selfReferences, VERSION] : plan.selfReferences
    const set = setColumns.map((column, index) => `${quoteId(column)} = ${engine === 'postgres' ? `$${index + 1}` : '?'}`).join(', ')
    const where = plan.key.map((column, index) => `${quoteId(column)} = ${engine === 'postgres' ? `$${setColumns.length + index + 1}` : '?'}`).join(' and ')
    const update = `update ${quoteId(plan.name)} set ${set} where ${where}`
    const filter = plan.selfReferences.map((column) => `${quoteId(column)} is not null`).join(' or ')
    for await (const page of reader.pages([...plan.key, ...setColumns], filter)) {
      for (const row of page) {
        await target.withoutPlugins().executeQuery(CompiledQuery.raw(update, [...setColumns.map((column) => row[column]), ...plan.key.map((column) => row[column])]))
      }
    }
  }
  return digest.done()
}

/**
 * Copies every table of `source` into `target`, which must be at the same schema version and
 * empty (nothing but the rows its migrations wrote). Returns the digests, identical on both sides.
 */
export async function copyDatabase(source: Db, target: Db, options: CopyOptions = {}): Promise<CopyReport> {
  const started = Date.now()
  const progress = options.onProgress ?? (() => undefined)
  const sourceEngine = engineOf(source)
  const targetEngine = engineOf(target)
  // One snapshot of the source: what the copy reads is one moment of it, even if someone writes meanwhile.
  const snapshot = sourceEngine === 'postgres' ? source.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : source.transaction()
  return withoutAudit(() =>
    snapshot.execute(async (from) => {
      const history = await assertSameSchema(from, target)
      const plans = await transferPlan(from)
      await assertSamePlans(plans, await transferPlan(target))
      const counts = new Map<string, number>()
      for (const plan of plans) counts.set(plan.name, await rowCount(from, plan.name))
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0)
      const counters = await readIdCounters(from)
      const sourceSearchRows = await searchIndexSize(from)

      return target.transaction().execute(async (to) => {
        const seeded = await assertEmpty(to, plans, history.length)
        for (const plan of seeded.reverse()) await to.withoutPlugins().executeQuery(CompiledQuery.raw(`delete from ${quoteId(plan.name)}`))
        await searchIndexDuringCopy.beforeCopy(to)

        const expected: TableDigest[] = []
        let done = 0
        for (const plan of plans) {
          const phase = `Copie : ${plan.name}`
          progress({ phase, done, total })
          expected.push(
            await copyTable(from, to, targetEngine, plan, options.pageRows, (rows) => {
              done += rows
              progress({ phase, done, total })
            }),
          )
        }
        await writeIdCounters(to, counters)
        await searchIndexDuringCopy.afterCopy(to)

        const actual: TableDigest[] = []
        for (const [index, plan] of plans.entries()) {
          progress({ phase: 'Vérification', done: index, total: plans.length })
          actual.push(await tableDigest(to, plan))
        }
        progress({ phase: 'Vérification', done: plans.length, total: plans.length })
        const differing = differingTables(expected, actual)
        if (differing.length > 0) {
          throw new AppError(
            'internal',
            `La copie ne correspond pas à la base source (${differing.map(({ table }) => table).join(', ')}) : elle a été annulée, la base cible est restée telle qu'elle était.`,
            { differing },
          )
        }
        const searchRows = await searchIndexSize(to)
        if (searchRows !== sourceSearchRows) {
          throw new AppError(
            'internal',
            `L'index de recherche copié compte ${searchRows} lignes au lieu de ${sourceSearchRows} : la copie a été annulée, la base cible est restée telle qu'elle était.`,
          )
        }
        const targetCounters = await readIdCounters(to)
        return {
          tables: actual,
          rows: total,
          searchRows,
          idCounters: Object.fromEntries([...targetCounters].sort(([a], [b]) => (a < b ? -1 : 1))),
          durationMs: Date.now() - started,
        }
      })
    }),
  )
}

async function assertSamePlans(source: TablePlan[], target: TablePlan[]): Promise<void> {
  const describe = (plans: TablePlan[]) => new Map(plans.map((plan) => [plan.name, [...plan.columns].sort().join(',')]))
  const [a, b] = [describe(source), describe(target)]
  const differing = [...new Set([...a.keys(), ...b.keys()])].filter((table) => a.get(table) !== b.get(table))
  if (differing.length > 0) {
    throw new AppError('conflict', `Les deux bases n'ont pas les mêmes tables ou colonnes (${differing.join(', ')}) : rien n'a été copié.`, { tables: differing })
  }
}
