import { describe, expect, it } from 'vitest'
import { formatSideBySide } from '../../scripts/bench/format'
import type { BenchRow } from '../../scripts/bench/types'

// The benchmark's side-by-side table (--backend postgresql): one line per figure, matched by id
// across the engines, each engine's result, comparison and judgement in its own place.

const measured = (id: string, result: string, extra: Partial<BenchRow> = {}): BenchRow => ({ id, label: `Figure ${id}`, status: 'measured', result, ...extra })

describe('formatSideBySide', () => {
  const sqlite: BenchRow[] = [
    { id: 'team-move', label: 'Team move', status: 'n/a', note: 'nothing to move' },
    measured('search', '1.00 ms', { baseline: 'LIKE: 10 ms', ratio: 0.1, target: 'p95 < 20 ms', met: true }),
    measured('directory-first-page', '3.00 ms'),
    measured('open', '1.70 s', { target: '< 1 s', met: false }),
  ]
  const postgresql: BenchRow[] = [
    measured('team-move', '106 s', { label: 'Team move' }),
    measured('search', '40.0 ms', { baseline: 'LIKE: 20 ms', ratio: 2, target: 'p95 < 20 ms', met: false }),
    { id: 'directory-first-page', label: 'Figure directory-first-page', status: 'failed', note: 'refused' },
    measured('open', '26 ms', { target: '< 1 s', met: true }),
  ]
  const lines = formatSideBySide(sqlite, postgresql).split('\n')
  const cells = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim())

  it('prints one line per figure, in order, with a column per engine', () => {
    expect(cells(lines[0]!)).toEqual(['Figure', 'SQLite', 'PostgreSQL', 'Compared with (same run, same engine)', 'Ratio (SQLite · PostgreSQL)', 'Target', 'Met (SQLite · PostgreSQL)'])
    expect(lines.slice(2).map((line) => cells(line)[0])).toEqual(['Team move', 'Figure search', 'Figure directory-first-page', 'Figure open'])
  })

  it('shows each engine its result, comparison, ratio and judgement; — where a figure does not apply, FAILED where it failed', () => {
    const [move, search, block, open] = lines.slice(2).map(cells)
    expect(move).toEqual(['Team move', '—', '106 s', '—', '—', '—', '—'])
    expect(search).toEqual(['Figure search', '1.00 ms', '40.0 ms', 'SQLite: LIKE: 10 ms; PostgreSQL: LIKE: 20 ms', '0.10 · 2.00', 'p95 < 20 ms', 'yes · **NO**'])
    expect(block!.slice(1, 3)).toEqual(['3.00 ms', 'FAILED'])
    expect(open!.slice(1, 3)).toEqual(['1.70 s', '26 ms'])
    expect(open![6]).toBe('**NO** · yes')
  })

  it('leaves the judgement to the territory scale', () => {
    const tiny = formatSideBySide(sqlite, postgresql, false).split('\n').slice(2).map(cells)
    expect(tiny[1]![6]).toBe('n/a · n/a')
  })
})
