import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../main/security/csp'
import { compareWithAllowlist, DEFAULT_ALLOWLIST, readAllowlist, runSecurityGate, stageProject, type AllowlistEntry } from '../../scripts/security-gate'
import { tempDir } from '../helpers/temp'

// The security gate (npm run security, part of npm test): Electronegativity's SARIF report against
// the allowlist. These prove that it fails CI on a deliberately broken window setting.

const root = path.resolve(__dirname, '../..')
const realWindow = fs.readFileSync(path.join(root, 'main/shell/window.ts'), 'utf8')

function fixture(files: Record<string, string>): string {
  const dir = tempDir('vitawin-gate-fixture-')
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  return dir
}

function allowlist(entries: AllowlistEntry[]): string {
  const file = path.join(tempDir('vitawin-gate-allowlist-'), 'allowlist.json')
  fs.writeFileSync(file, JSON.stringify({ entries }))
  return file
}

const meta = (policy: string) =>
  `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}" /></head><body></body></html>`
const builtPolicy = CONTENT_SECURITY_POLICY.replace(/; frame-ancestors [^;]+/, '')

async function gate(input: string, entries: string) {
  return runSecurityGate({ input, allowlist: entries, sarifFile: path.join(tempDir('vitawin-gate-sarif-'), 'report.sarif') })
}

/**
 * The project's real sources (main/, preload/, renderer/, package.json) and its built page's CSP,
 * with the project's allowlist (less the built bundle's entries: no build here), and one file
 * changed on purpose.
 */
async function gateOnProject(window: string) {
  const input = stageProject(root, ['main', 'preload', 'renderer', 'package.json'])
  try {
    fs.writeFileSync(path.join(input, 'main/shell/window.ts'), window)
    fs.mkdirSync(path.join(input, 'out/renderer'), { recursive: true })
    fs.writeFileSync(path.join(input, 'out/renderer/index.html'), meta(builtPolicy))
    return await gate(input, allowlist(readAllowlist(DEFAULT_ALLOWLIST).filter((entry) => !entry.file.startsWith('out/main/'))))
  } finally {
    fs.rmSync(input, { recursive: true, force: true })
  }
}

function broken(from: string, to: string): string {
  expect(realWindow).toContain(from)
  return realWindow.replace(from, to)
}

const rules = (findings: { rule: string }[]) => [...new Set(findings.map((finding) => finding.rule))].sort()

describe('security gate on the project with one window setting broken on purpose', () => {
  it('passes on the sources as they are', async () => {
    const result = await gateOnProject(realWindow)
    expect(result.unexpected).toEqual([])
    expect(result.stale).toEqual([])
    expect(result.passed).toBe(true)
  })

  it('fails when the sandbox is turned off', async () => {
    const result = await gateOnProject(broken('sandbox: true', 'sandbox: false'))
    expect(result.passed).toBe(false)
    expect(rules(result.unexpected)).toEqual(['SANDBOX_JS_CHECK'])
    expect(result.unexpected[0]!.file).toBe('main/shell/window.ts')
  })

  it('fails when context isolation is turned off', async () => {
    const result = await gateOnProject(broken('contextIsolation: true', 'contextIsolation: false'))
    expect(result.passed).toBe(false)
    expect(rules(result.unexpected)).toEqual(['CONTEXT_ISOLATION_JS_CHECK'])
  })

  // Electronegativity does not report nodeIntegration: true while the sandbox is on (the sandbox
  // disables Node in the page); the fixture below shows it does without, and shell-window.test.ts
  // holds the window to nodeIntegration: false in any case.
})

describe('security gate on fixtures', () => {
  it('fails CI (exit code 1) on a fixture with nodeIntegration: true, naming the check', () => {
    const input = fixture({
      'main.js': "const { BrowserWindow } = require('electron')\nnew BrowserWindow({ webPreferences: { nodeIntegration: true } })\n",
    })
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/security-gate.ts', '--input', input, '--allowlist', allowlist([]), '--sarif', path.join(input, 'report.sarif')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(run.status, run.stderr).toBe(1)
    expect(run.stdout).toContain('Security gate FAILED')
    expect(run.stdout).toMatch(/NODE_INTEGRATION_JS_CHECK\s+main\.js:2/)
    expect(fs.existsSync(path.join(input, 'report.sarif'))).toBe(true)
  })

  it('accepts an allowlisted finding, and fails on an allowlist entry that matches nothing', async () => {
    const input = fixture({ 'main.js': "const { shell } = require('electron')\nexport const open = (url) => shell.openExternal(url)\n" })
    const accepted = { rule: 'OPEN_EXTERNAL_JS_CHECK', file: 'main.js', why: 'test' }
    expect((await gate(input, allowlist([]))).unexpected.map((finding) => finding.rule)).toContain('OPEN_EXTERNAL_JS_CHECK')
    expect((await gate(input, allowlist([accepted]))).unexpected.map((finding) => finding.rule)).not.toContain('OPEN_EXTERNAL_JS_CHECK')
    const stale = { rule: 'AUXCLICK_JS_CHECK', file: 'main.js', why: 'test' }
    const result = await gate(input, allowlist([accepted, stale]))
    expect(result.passed).toBe(false)
    expect(result.stale).toEqual([stale])
  })

  it('keeps the CSP entry to the remark it was reviewed for: unsafe-inline scripts fail', async () => {
    const entries = allowlist(readAllowlist(DEFAULT_ALLOWLIST).filter((entry) => entry.rule === 'CSP_GLOBAL_CHECK'))
    const csp = (result: Awaited<ReturnType<typeof gate>>) => result.unexpected.filter((finding) => finding.rule === 'CSP_GLOBAL_CHECK')
    expect(csp(await gate(fixture({ 'out/renderer/index.html': meta(builtPolicy) }), entries))).toEqual([])
    const weak = await gate(fixture({ 'out/renderer/index.html': meta(builtPolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline' 'unsafe-eval'")) }), entries)
    expect(weak.passed).toBe(false)
    expect(csp(weak).map((finding) => finding.message)).toEqual(['One or more CSP directives detected are vulnerable'])
  })

  it('fails on a file the scanner cannot parse (it would not have been checked)', async () => {
    const result = await gate(fixture({ 'main.js': 'new BrowserWindow({ webPreferences: { sandbox: false }\n' }), allowlist([]))
    expect(result.passed).toBe(false)
    expect(result.unreadable.map((file) => file.file)).toEqual(['main.js'])
  })
})

describe('the allowlist', () => {
  it('is short and gives a reason for every entry', () => {
    const entries = readAllowlist(DEFAULT_ALLOWLIST)
    expect(entries.length).toBeLessThanOrEqual(8)
    for (const entry of entries) expect(entry.why.length, `${entry.rule} ${entry.file}`).toBeGreaterThan(20)
    // Nothing that turns a window setting off may ever be allowlisted.
    const forbidden = ['SANDBOX_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'INSECURE_CONTENT_JS_CHECK']
    expect(entries.filter((entry) => forbidden.includes(entry.rule))).toEqual([])
  })

  it('matches rule, file and (when given) message', () => {
    const finding = { rule: 'CSP_GLOBAL_CHECK', file: 'out/renderer/index.html', line: 4, message: 'x' }
    const entry = { rule: 'CSP_GLOBAL_CHECK', file: 'out/renderer/index.html', message: 'y', why: 'test' }
    expect(compareWithAllowlist([finding], [entry]).unexpected).toEqual([finding])
    expect(compareWithAllowlist([finding], [{ ...entry, message: 'x' }]).unexpected).toEqual([])
    expect(compareWithAllowlist([finding], [{ ...entry, message: undefined, file: 'index.html' }]).unexpected).toEqual([finding])
  })
})
