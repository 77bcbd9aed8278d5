import { formatRatio } from './stats'
import type { BenchReport } from './run'
import type { BenchRow } from './types'

// The report as a Markdown table (readable on a terminal, pasted as is into the README), its notes
// below it.

function metCell(row: BenchRow, judged: boolean): string {
  if (!judged) return row.target ? 'n/a' : '—'
  if (row.status === 'skipped' || row.status === 'failed') return row.target ? 'not judged' : '—'
  if (row.met === undefined) return '—'
  if (row.met === null) return 'not judged'
  return row.met ? 'yes' : '**NO**'
}

function resultCell(row: BenchRow): string {
  switch (row.status) {
    case 'skipped':
      return 'skipped'
    case 'failed':
      return 'FAILED'
    default:
      return row.result ?? ''
  }
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

/** The table; `judged` false (tiny scale) leaves the Met column empty: the targets are the territory's. */
export function formatTable(rows: BenchRow[], judged = true): string {
  const header = ['Figure', 'Result', 'Compared with (same run)', 'Ratio', 'Target', 'Met']
  const body = rows.map((row) => [row.label, resultCell(row), row.baseline ?? '—', formatRatio(row.ratio) || '—', row.target ?? '—', metCell(row, judged)].map(escapeCell))
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)))
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  const separator = `|${widths.map((width, column) => (column === 3 ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`
  return [line(header), separator, ...body.map(line)].join('\n')
}

export function formatNotes(rows: BenchRow[]): string[] {
  return rows.filter((row) => row.note).map((row) => `- ${row.label.split(' (')[0]}: ${row.note}`)
}

export function formatReport(report: BenchReport): string {
  const { machine } = report
  const territory = report.scale === 'territory'
  const busy = Math.max(machine.loadAverage.start, machine.loadAverage.end) > machine.cpus / 2
  const lines = [
    `Vitawin benchmark — scale « ${report.scale} », ${report.date}`,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB RAM, ${machine.os}; Node ${machine.node}, SQLite ${machine.sqlite} (better-sqlite3)${machine.sqlite3Cli ? `, sqlite3 CLI ${machine.sqlite3Cli}` : ''}`,
    `Data: ${report.data}`,
    `Load average (1 min) at start and end: ${machine.loadAverage.start} and ${machine.loadAverage.end}${busy ? ' — WARNING: the machine was busy with other work, the times are inflated' : ''}`,
    '',
    formatTable(report.rows, territory),
    '',
    ...(territory ? [] : ['- The targets are those of the territory scale: not judged at this scale.']),
    ...formatNotes(report.rows),
    `Total time: ${Math.round(report.durationSeconds)} s (setup included).`,
  ]
  return lines.join('\n')
}
