import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { SCHEMA_VERSION } from '../../db/migrations'
import { directory, dashboard } from './measure/directory'
import { actorsExport } from './measure/export'
import { followUps } from './measure/followups'
import { funderReport } from './measure/funder-report'
import { databaseOpen } from './measure/open'
import { renderer } from './measure/renderer'
import { search } from './measure/search'
import { sireneImport } from './measure/sirene'
import { buildDatabase, buildSireneFile, DEMO_SEED, findSqlite3, prepareRenderer, SIRENE_SEED } from './setup'
import { startBenchServer, type BenchServer } from './server'
import { formatCount, formatMs, round } from './stats'
import { ENGINE_NAMES, type BenchContext, type BenchRow, type Engine, type Measurement, type Scale, type ScaleName } from './types'

// `npm run bench`: builds the inputs, runs every measurement, returns the report.

export const SCALES: Record<ScaleName, Scale> = {
  territory: {
    name: 'territory',
    demo: 'territory',
    sireneRows: 1_000_000,
    sireneTerritoryShare: 0.05,
    runs: { sirene: 3, sqliteImport: 3, export: 3, exceljs: 3, search: 3, likeScan: 1, directoryPage: 10, directoryFull: 5, followUpsApi: 10, followUpsRenderer: 5, dashboard: 5, funderReport: 3, open: 5, renderer: 5 },
    searchQueries: 200,
  },
  // The same code on tiny inputs, in seconds: the smoke test that keeps the benchmark from rotting.
  tiny: {
    name: 'tiny',
    demo: 'small',
    sireneRows: 3_000,
    sireneTerritoryShare: 0.05,
    runs: { sirene: 1, sqliteImport: 1, export: 1, exceljs: 1, search: 1, likeScan: 1, directoryPage: 2, directoryFull: 1, followUpsApi: 2, followUpsRenderer: 1, dashboard: 1, funderReport: 1, open: 2, renderer: 1 },
    searchQueries: 200,
  },
}

/** Every figure, in the table's order. */
export const MEASUREMENTS: Measurement[] = [sireneImport, actorsExport, search, directory, followUps, dashboard, funderReport, databaseOpen, renderer]

export interface BenchOptions {
  scale: ScaleName
  /** 'postgresql': every figure on SQLite and on a PostgreSQL server too, side by side. Default: SQLite alone. */
  backend?: Engine
  /** PostgreSQL: a role that may create databases, on the server's postgres database; default: a throw-away cluster. */
  databaseUrl?: string
  /** Run `electron-vite build` first (the browser measurement needs out/renderer). */
  build: boolean
  /** Install Debian's sqlite3 when missing and running as root. */
  installTools: boolean
  /** Only these measurements (ids of MEASUREMENTS). */
  only?: string[]
  /** A folder to work in and keep; its database and SIRENE file are reused when they match. */
  workDir?: string
  log?: (message: string) => void
}

export interface BenchReport {
  date: string
  scale: ScaleName
  command: string
  data: string
  machine: {
    cpus: number
    cpuModel: string
    memoryGb: number
    os: string
    node: string
    sqlite: string
    sqlite3Cli: string | null
    /** One-minute load average when the run started and ended: other work on the machine skews the figures. */
    loadAverage: { start: number; end: number }
  }
  durationSeconds: number
  /** SQLite's figures. */
  rows: BenchRow[]
  /** With --backend postgresql: the same figures on the server, row for row by id. */
  postgresql?: PostgresReport
}

export interface PostgresReport {
  server: string
  version: string
  rows: BenchRow[]
}

/** The move of the territory file into the server, done once before the measurements (« Passer en mode équipe »). */
function moveRow(server: BenchServer): BenchRow {
  return {
    id: 'team-move',
    label: 'Team move: the territory file into the empty team database (migrations, copy, row-for-row check), once',
    status: 'measured',
    result: formatMs(server.move.ms),
    note: `${formatCount(server.move.rows)} rows copied and checked, ${formatCount(server.move.searchRows)} search entries`,
    values: { ms: round(server.move.ms), rows: server.move.rows, searchRows: server.move.searchRows },
  }
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

interface Manifest {
  scale: ScaleName
  demoSeed: number
  sireneSeed: number
  sireneRows: number
  schemaVersion: number
}

function machine(sqlite3Cli: string | null, loadAtStart: number): BenchReport['machine'] {
  const probe = new BetterSqlite3(':memory:')
  const sqlite = probe.prepare('select sqlite_version()').pluck().get() as string
  probe.close()
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    sqlite,
    sqlite3Cli,
    loadAverage: { start: Math.round(loadAtStart * 100) / 100, end: Math.round(os.loadavg()[0]! * 100) / 100 },
  }
}

/** The database and the SIRENE file: built in the work folder, or reused from an earlier run there. */
async function prepareInputs(work: string, scale: Scale, log: (message: string) => void) {
  const databaseFile = path.join(work, `${scale.name}.sqlite`)
  const sireneFile = path.join(work, `StockEtablissement-${scale.sireneRows}.csv`)
  const manifestFile = path.join(work, 'inputs.json')
  const manifest: Manifest = { scale: scale.name, demoSeed: DEMO_SEED, sireneSeed: SIRENE_SEED, sireneRows: scale.sireneRows, schemaVersion: SCHEMA_VERSION }
  const reusable =
    fs.existsSync(manifestFile) &&
    fs.existsSync(databaseFile) &&
    fs.existsSync(sireneFile) &&
    fs.readFileSync(manifestFile, 'utf8') === JSON.stringify(manifest)
  if (reusable) {
    log(`Reusing the inputs of ${work}`)
  } else {
    fs.rmSync(manifestFile, { force: true })
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${databaseFile}${suffix}`, { force: true })
    await buildDatabase(databaseFile, scale, log)
    await buildSireneFile(sireneFile, scale, log)
    fs.writeFileSync(manifestFile, JSON.stringify(manifest))
  }
  const counts = new BetterSqlite3(databaseFile, { readonly: true })
  const count = (table: string) => formatCount(counts.prepare(`select count(*) from ${table}`).pluck().get() as number)
  const data = `${count('organisations')} organisations, ${count('people')} people, ${count('interactions')} journal entries (demo generator, seed ${DEMO_SEED}); SIRENE file of ${formatCount(scale.sireneRows)} lines, ${Math.round(scale.sireneTerritoryShare * 100)} % in the 13 towns`
  counts.close()
  return { databaseFile, sireneFile, data }
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = Date.now()
  const loadAtStart = os.loadavg()[0]!
  const scale = SCALES[options.scale]
  const elapsed = () => `${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s`
  const log = (message: string) => (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(`[${elapsed()}] ${message}`)
  const unknown = (options.only ?? []).filter((id) => !MEASUREMENTS.some((measurement) => measurement.id === id))
  if (unknown.length > 0) throw new Error(`unknown measurement(s): ${unknown.join(', ')} (known: ${MEASUREMENTS.map((m) => m.id).join(', ')})`)
  const selected = MEASUREMENTS.filter((measurement) => !options.only || options.only.includes(measurement.id))

  const work = options.workDir ? path.resolve(options.workDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-bench-'))
  fs.mkdirSync(work, { recursive: true })
  try {
    const needsRenderer = selected.some((measurement) => measurement.id === 'renderer' || measurement.id === 'followups')
    const rendererState = needsRenderer ? prepareRenderer(ROOT, options.build, log) : { missing: 'not selected' }
    const sqlite3 = findSqlite3(options.installTools, log)
    if ('missing' in sqlite3) log(`sqlite3 comparison will be skipped: ${sqlite3.missing}`)
    const inputs = await prepareInputs(work, scale, log)
    const context: BenchContext = {
      scale,
      engine: 'sqlite',
      root: ROOT,
      work,
      databaseFile: inputs.databaseFile,
      target: { kind: 'sqlite', file: inputs.databaseFile },
      sireneFile: inputs.sireneFile,
      sqlite3,
      renderer: rendererState,
      log,
    }
    const rows: BenchRow[] = []
    let postgresql: PostgresReport | undefined
    const server = options.backend === 'postgresql' ? await startBenchServer({ serverUrl: options.databaseUrl, file: inputs.databaseFile, log }) : null
    try {
      const contexts: BenchContext[] = [context]
      if (server) {
        postgresql = { server: server.description, version: server.version, rows: [moveRow(server)] }
        rows.push({ id: 'team-move', label: postgresql.rows[0]!.label, status: 'n/a', note: 'nothing to move: the file is the database' })
        contexts.push({ ...context, engine: 'postgresql', target: { kind: 'postgres', config: server.target }, server })
      }
      // Each figure on one engine, then on the other: both measured under about the same load.
      for (const measurement of selected) {
        // The rows the other engine gave for this measurement: a failure fails each of them, row for row.
        let twins: BenchRow[] = []
        for (const engineContext of contexts) {
          const into = engineContext.engine === 'sqlite' ? rows : postgresql!.rows
          if (server) log(`— ${ENGINE_NAMES[engineContext.engine]} —`)
          try {
            const measured = await measurement.measure(engineContext)
            into.push(...measured)
            twins = measured
          } catch (error) {
            log(`${measurement.label} failed on ${ENGINE_NAMES[engineContext.engine]}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
            const note = error instanceof Error ? error.message : String(error)
            const failed = (twins.length > 0 ? twins : [{ id: measurement.id, label: measurement.label, target: measurement.target }]).map(
              ({ id, label, target }): BenchRow => ({ id, label, status: 'failed', ...(target !== undefined && { target }), met: null, note }),
            )
            into.push(...failed)
          }
        }
      }
    } finally {
      await server?.close()
    }
    return {
      date: new Date().toISOString(),
      scale: scale.name,
      command: ['npm run bench', ...(options.scale === 'territory' && options.backend !== 'postgresql' ? [] : ['--']), ...(options.scale === 'territory' ? [] : [`--scale ${options.scale}`]), ...(options.backend === 'postgresql' ? ['--backend postgresql'] : [])].join(' '),
      data: inputs.data,
      machine: machine('missing' in sqlite3 ? null : sqlite3.version, loadAtStart),
      durationSeconds: (Date.now() - started) / 1000,
      rows,
      ...(postgresql && { postgresql }),
    }
  } finally {
    if (!options.workDir) fs.rmSync(work, { recursive: true, force: true })
  }
}
