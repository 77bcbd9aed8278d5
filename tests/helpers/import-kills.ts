import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildSync } from 'esbuild'
import { afterAll, beforeAll } from 'vitest'

// The importer killed at random moments (tests/unit/crash-safety.test.ts on a file,
// crash-safety-team.test.ts on a team database): tests/helpers/import-child.ts in a child process,
// one spreadsheet import (one transaction) per batch, killed (SIGKILL) once it has reported one.

const ROOT = path.resolve(__dirname, '../..')
export const ROWS_PER_BATCH = 40

export interface Run {
  committed: number[]
  stderr: string
}

/** The child, bundled once for the test file (esbuild comes with tsx) so that each start costs a fraction of a second. */
export function killableImporter() {
  let child = ''
  beforeAll(() => {
    const folder = path.join(ROOT, 'node_modules', '.cache', 'vitawin-tests')
    fs.mkdirSync(folder, { recursive: true })
    child = path.join(folder, `import-child-${process.pid}.mjs`)
    buildSync({
      entryPoints: [path.join(ROOT, 'tests/helpers/import-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: child,
      logLevel: 'warning',
    })
  })
  afterAll(() => {
    if (child) fs.rmSync(child, { force: true })
  })
  return {
    /** Starts the importer on a file or a team database (postgresql://…), lets it commit at least one batch, then kills it at a random moment. */
    runAndKill(database: string, dataDir: string, work: string, first: number, random: () => number): Promise<Run> {
      return new Promise((resolve, reject) => {
        const process_ = spawn(process.execPath, [child, database, dataDir, work, String(first), String(ROWS_PER_BATCH)], { stdio: ['ignore', 'pipe', 'pipe'] })
        const committed: number[] = []
        let stdout = ''
        let stderr = ''
        let armed = false
        process_.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          let newline = stdout.indexOf('\n')
          while (newline >= 0) {
            const line = stdout.slice(0, newline)
            stdout = stdout.slice(newline + 1)
            newline = stdout.indexOf('\n')
            const match = /^committed (\d+)$/.exec(line)
            if (match) committed.push(Number(match[1]))
          }
          if (!armed && committed.length > 0) {
            armed = true
            // Anywhere in the next few batches: during a backup, a transaction, a commit, a checkpoint.
            setTimeout(() => process_.kill('SIGKILL'), Math.floor(random() * 160))
          }
        })
        process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        process_.on('error', reject)
        process_.on('exit', (code, signal) => {
          if (signal !== 'SIGKILL') reject(new Error(`the importer stopped on its own (${code}): ${stderr}`))
          else resolve({ committed, stderr })
        })
      })
    },
  }
}

/** A repeatable random sequence in [0, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
