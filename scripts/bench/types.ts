// The benchmark's vocabulary: a scale, the context every measurement receives, the rows it returns.

export type ScaleName = 'territory' | 'tiny'

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
  /** The territory-scale database built by the demo generator (never modified by a measurement). */
  databaseFile: string
  sireneFile: string
  /** Debian's sqlite3 command-line tool, or why it is missing. */
  sqlite3: { path: string; version: string } | { missing: string }
  /** The built renderer (out/renderer), or why it is missing. */
  renderer: { dir: string } | { missing: string }
  /** Progress, on stderr. */
  log(message: string): void
}

export type RowStatus = 'measured' | 'skipped' | 'failed'

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
