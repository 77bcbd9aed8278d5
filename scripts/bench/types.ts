import type { DatabaseTarget } from '../../db/backend'
import type { BenchServer } from './server'

// The benchmark's vocabulary: a scale, the context every measurement receives, the rows it returns.

export type ScaleName = 'territory' | 'tiny'

/** The engine a measurement runs on: the local file, or the team database on a PostgreSQL server. */
export type Engine = 'sqlite' | 'postgresql'

export const ENGINE_NAMES: Record<Engine, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' }

export interface Scale {
  name: ScaleName
  /** Demo generator's scale (db/sqlite/demo). */
  demo: 'territory' | 'small'
  /** Lines of the generated SIRENE StockEtablissement file. */
  sireneRows: number
  /** Share of those lines in the territory's 13 towns. */
  sireneTerritoryShare: number
  /** Runs per measurement; each figure is the median of its runs. */
  runs: {
    sirene: number
    sqliteImport: number
    export: number
    exceljs: number
    search: number
    likeScan: number
    directoryPage: number
    directoryFull: number
    followUpsApi: number
    followUpsRenderer: number
    dashboard: number
    funderReport: number
    open: number
    renderer: number
  }
  searchQueries: number
}

export interface BenchContext {
  scale: Scale
  /** The repository's root. */
  root: string
  /** The run's temporary folder. */
  work: string
  /** The engine measured: the same measurement code runs on either. */
  engine: Engine
  /** The territory-scale database built by the demo generator (never modified by a measurement); on PostgreSQL, the source of the server's copy. */
  databaseFile: string
  /** The database the measurements read: the file, or its copy in a team database (never modified by a measurement). */
  target: DatabaseTarget
  /** PostgreSQL: the server, for the measurements that need a copy of the database or a client of their own. */
  server?: BenchServer
  sireneFile: string
  /** Debian's sqlite3 command-line tool, or why it is missing. */
  sqlite3: { path: string; version: string } | { missing: string }
  /** The built renderer (out/renderer), or why it is missing. */
  renderer: { dir: string } | { missing: string }
  /** Progress, on stderr. */
  log(message: string): void
}

/** 'n/a': the figure has no meaning on this engine (its note says why). */
export type RowStatus = 'measured' | 'skipped' | 'failed' | 'n/a'

/** One line of the table (and of the JSON). */
export interface BenchRow {
  id: string
  label: string
  status: RowStatus
  /** The figure, formatted ("3.2 s", "p95 4.1 ms · median 1.2 ms"). */
  result?: string
  /** What it is compared with, in the same run, formatted. */
  baseline?: string
  /** result / baseline (lower is better). */
  ratio?: number
  /** The target, as text ("≤ 1.0 (goal 0.5)"). */
  target?: string
  /** Whether the target is met; null when it could not be judged (e.g. comparison skipped). */
  met?: boolean | null
  /** Why a row or its comparison was skipped, and other remarks. */
  note?: string
  /** The raw numbers behind the row (milliseconds, megabytes, run counts). */
  values?: Record<string, number | string | number[]>
}

/** A figure of the table: `measure` returns its row(s). */
export interface Measurement {
  id: string
  label: string
  target?: string
  measure: (context: BenchContext) => Promise<BenchRow[]>
}

/** measure/export-child.ts's database: a file, or a team database's address (in the environment: its password in no process list). */
export const EXPORT_DATABASE_VARIABLE = 'VITAWIN_BENCH_DATABASE'

/** What measure/export-child.ts prints: one export in a process of its own. */
export interface ExportChildResult {
  ms: number
  /** exceljs only: reading the rows, and writing the workbook. */
  readMs?: number
  writeMs?: number
  rows: number
  bytes: number
  rssBeforeMb: number
  peakRssMb: number
}
