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

function resultCell(row: BenchRow | undefined): string {
  if (!row) return '—'
  switch (row.status) {
    case 'n/a':
      return '—'
    case 'skipped':
      return 'skipped'
    case 'failed':
      return 'FAILED'
    default:
      return row.result ?? ''
  }
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

/** A Markdown table, its columns padded; `right`: the columns aligned right. */
function markdownTable(header: string[], body: string[][], right: number[]): string {
  const cells = body.map((row) => row.map(escapeCell))
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)))
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  const separator = `|${widths.map((width, column) => (right.includes(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`
  return [line(header), separator, ...cells.map(line)].join('\n')
}

/** The table; `judged` false (tiny scale) leaves the Met column empty: the targets are the territory's. */
export function formatTable(rows: BenchRow[], judged = true): string {
  return markdownTable(
    ['Figure', 'Result', 'Compared with (same run)', 'Ratio', 'Target', 'Met'],
    rows.map((row) => [row.label, resultCell(row), row.baseline ?? '—', formatRatio(row.ratio) || '—', row.target ?? '—', metCell(row, judged)]),
    [3],
  )
}

/** The ids of both lists, each list's order kept, a figure of one engine only beside its neighbours. */
function mergedIds(first: string[], second: string[]): string[] {
  const ids: string[] = []
  let next = 0
  for (const id of second) {
    const at = first.indexOf(id, next)
    if (at >= 0) {
      ids.push(...first.slice(next, at + 1))
      next = at + 1
    } else {
      ids.push(id)
    }
  }
  ids.push(...first.slice(next))
  return [...new Set(ids)]
}

/** Both engines' figures side by side, row by row (by id); `judged` as formatTable's. */
export function formatSideBySide(sqlite: BenchRow[], postgresql: BenchRow[], judged = true): string {
  const find = (rows: BenchRow[], id: string) => rows.find((row) => row.id === id)
  const both = <T>(a: T | undefined, b: T | undefined, show: (value: T) => string) => {
    const [left, right] = [a === undefined ? '' : show(a), b === undefined ? '' : show(b)]
    return left || right ? `${left || '—'} · ${right || '—'}` : '—'
  }
  const body = mergedIds(
    sqlite.map((row) => row.id),
    postgresql.map((row) => row.id),
  ).map((id) => {
    const [lite, server] = [find(sqlite, id), find(postgresql, id)]
    const row = (lite?.status === 'measured' ? lite : undefined) ?? (server?.status === 'measured' ? server : undefined) ?? lite ?? server!
    const baselines = [lite?.baseline && `SQLite: ${lite.baseline}`, server?.baseline && `PostgreSQL: ${server.baseline}`].filter(Boolean).join('; ')
    const applies = (engine: BenchRow | undefined) => (engine && engine.status !== 'n/a' ? engine : undefined)
    return [
      row.label,
      resultCell(lite),
      resultCell(server),
      baselines || '—',
      both(lite?.ratio, server?.ratio, (ratio) => formatRatio(ratio)),
      row.target ?? '—',
      row.target ? both(applies(lite), applies(server), (engine) => metCell(engine, judged)) : '—',
    ]
  })
  return markdownTable(['Figure', 'SQLite', 'PostgreSQL', 'Compared with (same run, same engine)', 'Ratio (SQLite · PostgreSQL)', 'Target', 'Met (SQLite · PostgreSQL)'], body, [4])
}

export function formatNotes(rows: BenchRow[], engine?: string): string[] {
  return rows.filter((row) => row.note).map((row) => `- ${row.label.split(' (')[0]}${engine ? ` (${engine})` : ''}: ${row.note}`)
}

export function formatReport(report: BenchReport): string {
  const { machine } = report
  const territory = report.scale === 'territory'
  const busy = Math.max(machine.loadAverage.start, machine.loadAverage.end) > machine.cpus / 2
  const lines = [
    `Vitawin benchmark — scale « ${report.scale} », ${report.date}`,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB RAM, ${machine.os}; Node ${machine.node}, SQLite ${machine.sqlite} (better-sqlite3)${machine.sqlite3Cli ? `, sqlite3 CLI ${machine.sqlite3Cli}` : ''}`,
    `Data: ${report.data}`,
    ...(report.postgresql ? [`Team database: ${report.postgresql.server}; the territory database moved into it before the measurements. Each figure is measured on SQLite, then on PostgreSQL.`] : []),
    `Load average (1 min) at start and end: ${machine.loadAverage.start} and ${machine.loadAverage.end}${busy ? ' — WARNING: the machine was busy with other work, the times are inflated' : ''}`,
    '',
    report.postgresql ? formatSideBySide(report.rows, report.postgresql.rows, territory) : formatTable(report.rows, territory),
    '',
    ...(territory ? [] : ['- The targets are those of the territory scale: not judged at this scale.']),
    ...(report.postgresql ? [...formatNotes(report.rows, 'SQLite'), ...formatNotes(report.postgresql.rows, 'PostgreSQL')] : formatNotes(report.rows)),
    `Total time: ${Math.round(report.durationSeconds)} s (setup included).`,
  ]
  return lines.join('\n')
}
