import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../tests/helpers/temp'
import { claimInstance, INSTANCE_FILE, runningInstance } from './instance'

const URL = 'http://127.0.0.1:41234/?token=abc'

describe('one browser mode per data folder', () => {
  it('claims a free folder, readable by this user only, and releases it', () => {
    const dataDir = tempDir()
    const claim = claimInstance(dataDir, URL)
    expect(claim.claimed).toBe(true)
    const file = path.join(dataDir, INSTANCE_FILE)
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ pid: process.pid, url: URL })
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    if (claim.claimed) claim.release()
    expect(fs.existsSync(file)).toBe(false)
  })

  it('gives the address of the instance that runs, and takes over the claim of one that ended', () => {
    const dataDir = tempDir()
    const file = path.join(dataDir, INSTANCE_FILE)
    // Another process that runs: this test's parent.
    fs.writeFileSync(file, JSON.stringify({ pid: process.ppid, url: URL }))
    expect(runningInstance(dataDir)).toEqual({ pid: process.ppid, url: URL })
    expect(claimInstance(dataDir, 'http://127.0.0.1:5000/?token=x')).toEqual({ claimed: false, running: { pid: process.ppid, url: URL } })

    // A process that has ended (a crash left its claim behind).
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    fs.writeFileSync(file, JSON.stringify({ pid: Number(ended.stdout), url: URL }))
    expect(runningInstance(dataDir)).toBeNull()
    const claim = claimInstance(dataDir, 'http://127.0.0.1:5000/?token=x')
    expect(claim.claimed).toBe(true)
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid)
  })
})
