import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../tests/helpers/temp'
import { FileRegistry, sweepStaleFolders } from './files'

// The private folder of exports and uploads: what a crashed or killed process left behind (maybe
// exports of personal data) goes at the next start, never a running process's folder.

function folder(parent: string, name: string, ageDays = 0): string {
  const full = path.join(parent, name)
  fs.mkdirSync(full)
  fs.writeFileSync(path.join(full, 'annuaire.xlsx'), 'export')
  const time = new Date(Date.now() - ageDays * 24 * 3600 * 1000)
  fs.utimesSync(full, time, time)
  return full
}

/** The number of a process that has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

describe('sweepStaleFolders', () => {
  it('removes the folders of ended processes and old ones without a process, keeps the others', () => {
    const parent = tempDir()
    const dead = folder(parent, `vitawin-files-${endedPid()}-AbC123`)
    const mine = folder(parent, `vitawin-files-${process.pid}-XyZ789`)
    const parentProcess = folder(parent, `vitawin-files-${process.ppid}-Qwe456`)
    const oldWithoutPid = folder(parent, 'vitawin-files-Old123', 3)
    const recentWithoutPid = folder(parent, 'vitawin-files-New123')
    const unrelated = folder(parent, 'vitawin-test-files-abc123', 3)
    fs.writeFileSync(path.join(parent, 'vitawin-files-1-FILE01'), 'a file, not a folder')

    expect(sweepStaleFolders(parent).sort()).toEqual([dead, oldWithoutPid].sort())
    for (const kept of [mine, parentProcess, recentWithoutPid, unrelated]) expect(fs.existsSync(kept), kept).toBe(true)
    expect(fs.existsSync(path.join(parent, 'vitawin-files-1-FILE01'))).toBe(true)
  })

  it('finds nothing to do in a missing folder', () => {
    expect(sweepStaleFolders(path.join(tempDir(), 'missing'))).toEqual([])
  })
})

describe('FileRegistry', () => {
  it('names its folder after the process and removes it on dispose', () => {
    const registry = new FileRegistry()
    const output = registry.createOutput('export.xlsx')
    expect(path.basename(path.dirname(path.dirname(output.path)))).toMatch(new RegExp(`^vitawin-files-${process.pid}-`))
    fs.writeFileSync(output.path, 'x')
    const handle = output.complete()
    expect(registry.resolve(handle.id).size).toBe(1)
    registry.dispose()
    expect(fs.existsSync(output.path)).toBe(false)
    expect(() => registry.resolve(handle.id)).toThrow(/introuvable/)
  })
})
