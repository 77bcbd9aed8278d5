import { performance } from 'node:perf_hooks'
import type { BenchRow } from './types'

// Small numeric helpers: medians, percentiles, timing, formatting.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Nearest-rank percentile (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

/** Milliseconds taken by `run`. */
export async function time(run: () => unknown): Promise<number> {
  const started = performance.now()
  await run()
  return performance.now() - started
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** « 840 ms », « 3.21 s », « 0.42 ms ». */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  if (ms >= 100) return `${Math.round(ms)} ms`
  if (ms >= 10) return `${ms.toFixed(1)} ms`
  return `${ms.toFixed(2)} ms`
}

export function formatMb(mb: number): string {
  return `${Math.round(mb)} MB`
}

export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? '' : ratio.toFixed(2)
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US')
}

/** A row whose figure is the median of its runs (milliseconds), judged against `limitMs` when there is one. */
export function timedRow(row: { id: string; label: string; timings: readonly number[]; target?: string; limitMs?: number; note?: string; values?: BenchRow['values'] }): BenchRow {
  const ms = median(row.timings)
  return {
    id: row.id,
    label: row.label,
    status: 'measured',
    result: formatMs(ms),
    ...(row.target !== undefined && { target: row.target }),
    ...(row.limitMs !== undefined && { met: ms < row.limitMs }),
    ...(row.note !== undefined && { note: row.note }),
    values: { ms: round(ms), runs: row.timings.map((value) => round(value)), ...row.values },
  }
}

/** The row `measure` returns, or a failed row saying why: one figure that fails leaves the others of its measurement measured. */
export async function attempt(row: Pick<BenchRow, 'id' | 'label' | 'target'>, measure: () => Promise<BenchRow>): Promise<BenchRow> {
  try {
    return await measure()
  } catch (error) {
    return { ...row, status: 'failed', met: row.target ? null : undefined, note: error instanceof Error ? error.message : String(error) }
  }
}
