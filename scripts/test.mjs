// `npm test`: type-check, lint, build, security gate and the three vitest projects, in two lanes
// that run side by side on a 2-core machine. The browser lane keeps one worker (one Chromium); the
// unit lane has two, as its tests mostly wait on the PostgreSQL server, a spawned CLI or LibreOffice
// (measured: the cores were half idle with one; 12 min → 10 min for the whole run):
//
//   typecheck → lint → vitest unit + postgres     (the unit tests start once the build is there:
//   build → security → vitest browser               the CLI tests run the bundled CLI)
//
// A step starts when the steps it needs have passed; a failed step skips those that need it and the
// others go on, so one run reports every failure. Each line of output is prefixed with its step;
// the end prints each step's time. `npm run typecheck` and `npm run lint` keep their caches in
// node_modules/.cache/vitawin (outside git; `npm ci` starts them anew): a second run checks only
// what changed.
//
//   npm test                     everything
//   npm test -- --only a,b       only these steps (and nothing they need: build first yourself)
//   npm test -- --serial         one step after the other, as before the lanes (also
//                                VITAWIN_TEST_SERIAL=1): on a machine already busy with other work,
//                                where two lanes would push the slowest tests past their timeouts
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cache = path.join(root, 'node_modules', '.cache', 'vitawin')
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

export const STEPS = [
  { id: 'typecheck', command: npm, args: ['run', '--silent', 'typecheck'], after: [] },
  { id: 'lint', command: npm, args: ['run', '--silent', 'lint'], after: ['typecheck'] },
  { id: 'build', command: bin('electron-vite'), args: ['build'], after: [] },
  { id: 'security', command: npm, args: ['run', '--silent', 'security'], after: ['build'] },
  { id: 'unit', command: bin('vitest'), args: ['run', '--project', 'unit', '--project', 'postgres', '--maxWorkers', '2'], after: ['build', 'lint'] },
  { id: 'browser', command: bin('vitest'), args: ['run', '--project', 'browser'], after: ['security'] },
]

const children = new Set()

function run(step, width, write) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(step.command, step.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    children.add(child)
    const prefix = `${step.id.padEnd(width)} │ `
    for (const stream of [child.stdout, child.stderr]) {
      let rest = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n')
        rest = lines.pop()
        for (const line of lines) write(prefix + line + '\n')
      })
      stream.on('end', () => {
        if (rest) write(prefix + rest + '\n')
      })
    }
    child.on('error', (error) => {
      write(`${prefix}${error.message}\n`)
    })
    child.on('close', (code, signal) => {
      children.delete(child)
      resolve({ ok: code === 0, code: code ?? signal, ms: Date.now() - started })
    })
  })
}

function seconds(ms) {
  const s = ms / 1000
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s` : `${s.toFixed(1)} s`
}

/**
 * Runs `steps` ({ id, command, args, after: ids }), each as soon as those it needs have passed;
 * writes their output line by line, prefixed, then a table of results. Resolves to the exit code.
 */
export async function runSteps(steps, write = (text) => process.stdout.write(text)) {
  const width = Math.max(...steps.map((step) => step.id.length))
  const started = Date.now()
  const results = new Map()
  const pending = new Map()
  const outcome = (step) => {
    if (!pending.has(step.id)) {
      pending.set(
        step.id,
        (async () => {
          const needed = await Promise.all(step.after.map((id) => outcome(steps.find((each) => each.id === id))))
          const result = needed.some((each) => !each.ok) ? { ok: false, skipped: true, ms: 0 } : await run(step, width, write)
          results.set(step.id, result)
          return result
        })(),
      )
    }
    return pending.get(step.id)
  }
  await Promise.all(steps.map(outcome))
  write('\nStep        Result   Time\n')
  for (const step of steps) {
    const result = results.get(step.id)
    const status = result.skipped ? 'not run' : result.ok ? 'passed' : `FAILED (${result.code})`
    write(`${step.id.padEnd(11)} ${status.padEnd(8)} ${result.skipped ? '' : seconds(result.ms)}\n`)
  }
  const failed = steps.filter((step) => !results.get(step.id).ok)
  write(`Total: ${seconds(Date.now() - started)}${failed.length ? ` — failed or not run: ${failed.map((step) => step.id).join(', ')}` : ''}\n`)
  return failed.length ? 1 : 0
}

/** The steps one after the other, in the order of `steps` (for a machine already busy with other work). */
export function oneAfterTheOther(steps) {
  return steps.map((step, at) => ({ ...step, after: at === 0 ? [] : [steps[at - 1].id] }))
}

export async function main(argv, env = process.env) {
  const onlyAt = argv.indexOf('--only')
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',').filter(Boolean)) : null
  const chosen = only ? STEPS.filter((step) => only.has(step.id)).map((step) => ({ ...step, after: step.after.filter((id) => only.has(id)) })) : STEPS
  const steps = argv.includes('--serial') || env.VITAWIN_TEST_SERIAL === '1' ? oneAfterTheOther(chosen) : chosen
  if (only && steps.length !== only.size) {
    console.error(`Unknown step in --only: ${[...only].filter((id) => !STEPS.some((step) => step.id === id)).join(', ')} (steps: ${STEPS.map((step) => step.id).join(', ')})`)
    return 2
  }
  fs.mkdirSync(cache, { recursive: true })
  return runSteps(steps)
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal)
    process.exit(130)
  })
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code))
}
