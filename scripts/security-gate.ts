// `npm run security`: Electronegativity on the app's sources and built files, with an allowlist.
//
// Electronegativity always exits 0, so this gate runs it, reads the SARIF report it writes and fails
// on any finding that scripts/security/electronegativity-allowlist.json does not accept, on any file
// it could not parse (a file it cannot read is a file it did not check), and on allowlist entries
// that no longer match anything (so the list stays short and true).
//
//   npm run security                        the project (run by `npm test` after the build)
//   npm run security -- --input DIR         another folder, as is (the tests use fixtures)
//   options: --allowlist FILE, --sarif FILE (the report; test-results/electronegativity.sarif by default)
//
// It never touches the network: Electronegativity fetches translations and Electron's release list
// at run time; the first is answered locally with "not found", the second check is left out
// (keeping Electron up to date is npm's business, not this gate's).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

export const DEFAULT_ALLOWLIST = path.join(projectRoot, 'scripts', 'security', 'electronegativity-allowlist.json')

/**
 * What is scanned in the project: the sources of every process, package.json (Electron's version),
 * the built main bundle and the built page (its CSP meta tag). The renderer's built script is left
 * out: it is mostly the UI libraries, and the scanner cannot parse their modern syntax; the
 * renderer's own sources are scanned instead.
 */
export const PROJECT_TARGETS = ['main', 'preload', 'renderer', 'package.json', 'out/main', 'out/renderer/index.html']
const SCANNED = /\.(js|jsx|ts|tsx|html|htm|json)$/

/** Left out: it downloads Electron's release list on every run. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']

export interface Finding {
  rule: string
  file: string
  line: number
  message: string
}

export interface AllowlistEntry {
  rule: string
  file: string
  /** When given, the finding's message must be this one (e.g. a weak CSP vs a possibly weak one). */
  message?: string
  why: string
}

export interface GateResult {
  findings: Finding[]
  /** Findings no allowlist entry accepts. */
  unexpected: Finding[]
  /** Allowlist entries that match no finding. */
  stale: AllowlistEntry[]
  /** Files the scanner could not parse. */
  unreadable: { file: string; message: string }[]
  sarifFile: string
  passed: boolean
}

export function readAllowlist(file: string): AllowlistEntry[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries?: unknown }
  if (!Array.isArray(parsed.entries)) throw new Error(`${file}: "entries" must be a list`)
  return parsed.entries.map((entry: Partial<AllowlistEntry>, index) => {
    if (typeof entry.rule !== 'string' || typeof entry.file !== 'string' || typeof entry.why !== 'string' || entry.why.trim() === '') {
      throw new Error(`${file}: entry ${index + 1} needs "rule", "file" and a "why"`)
    }
    return entry as AllowlistEntry
  })
}

/** Copies the scanned parts of the project into a temporary folder, keeping their paths. */
export function stageProject(root: string, targets: string[] = PROJECT_TARGETS): string {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-security-'))
  for (const target of targets) {
    const source = path.join(root, target)
    if (!fs.existsSync(source)) {
      fs.rmSync(stage, { recursive: true, force: true })
      throw new Error(`${target} is missing: build the app first (npm run build).`)
    }
    fs.cpSync(source, path.join(stage, target), {
      recursive: true,
      filter: (file) => fs.statSync(file).isDirectory() || (SCANNED.test(file) && !/\.test\.tsx?$/.test(file)),
    })
  }
  return stage
}

function electronVersion(root: string): string | undefined {
  try {
    return (createRequire(path.join(root, 'package.json'))('electron/package.json') as { version: string }).version
  } catch {
    return undefined
  }
}

interface RunnerResult {
  errors: { file: string; message: string; tolerable: boolean }[]
}
type Runner = (options: Record<string, unknown>) => Promise<RunnerResult>

let runner: Runner | null = null

/** Electronegativity's programmatic runner, with its translation download answered locally. */
function loadRunner(): Runner {
  if (runner) return runner
  const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'))
  const gotPath = require.resolve('got', { paths: [packageDir] })
  const offline = async () => ({ statusCode: 404, body: '{}' })
  // A CommonJS module placed in require's cache is what every later require('got') gets.
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline } as unknown as NodeJS.Module
  const loaded = require(path.join(packageDir, 'dist', 'runner.js')) as Runner | { default: Runner }
  runner = typeof loaded === 'function' ? loaded : loaded.default
  return runner
}

export function readSarif(file: string): Finding[] {
  interface SarifResult {
    ruleId: string
    message?: { text?: string }
    locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[]
  }
  const sarif = JSON.parse(fs.readFileSync(file, 'utf8')) as { runs?: { results?: SarifResult[] }[] }
  return (sarif.runs ?? []).flatMap((run) =>
    (run.results ?? []).map((result) => {
      const location = result.locations?.[0]?.physicalLocation
      return {
        rule: result.ruleId,
        file: (location?.artifactLocation?.uri ?? '').split(path.sep).join('/'),
        line: location?.region?.startLine ?? 0,
        message: result.message?.text ?? '',
      }
    }),
  )
}

/** Electronegativity writes its report without waiting for the write to finish: wait for it here. */
async function waitForSarif(file: string, timeoutMs = 10_000): Promise<Finding[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return readSarif(file)
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Electronegativity wrote no readable SARIF report (${String(error)}).`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
}

export function compareWithAllowlist(findings: Finding[], allowlist: AllowlistEntry[]): Pick<GateResult, 'unexpected' | 'stale'> {
  const accepts = (entry: AllowlistEntry, finding: Finding) =>
    entry.rule === finding.rule && entry.file === finding.file && (entry.message === undefined || entry.message === finding.message)
  return {
    unexpected: findings.filter((finding) => !allowlist.some((entry) => accepts(entry, finding))),
    stale: allowlist.filter((entry) => !findings.some((finding) => accepts(entry, finding))),
  }
}

export async function runSecurityGate(options: { input?: string; allowlist?: string; sarifFile?: string; root?: string } = {}): Promise<GateResult> {
  const root = options.root ?? projectRoot
  const input = options.input ? path.resolve(options.input) : stageProject(root)
  const sarifFile = path.resolve(options.sarifFile ?? path.join(root, 'test-results', 'electronegativity.sarif'))
  fs.mkdirSync(path.dirname(sarifFile), { recursive: true })
  try {
    fs.rmSync(sarifFile, { force: true })
    const result = await loadRunner()({
      input,
      output: sarifFile,
      isSarif: true,
      isRelative: true,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS,
      electronVersionOverride: electronVersion(root),
      parserPlugins: [],
    })
    const findings = await waitForSarif(sarifFile)
    const { unexpected, stale } = compareWithAllowlist(findings, readAllowlist(options.allowlist ?? DEFAULT_ALLOWLIST))
    const unreadable = result.errors
      .filter((error) => !error.tolerable)
      .map((error) => ({ file: path.relative(input, path.resolve(error.file)).split(path.sep).join('/'), message: error.message }))
    return { findings, unexpected, stale, unreadable, sarifFile, passed: unexpected.length === 0 && stale.length === 0 && unreadable.length === 0 }
  } finally {
    if (!options.input) fs.rmSync(input, { recursive: true, force: true })
  }
}

export function formatGateResult(result: GateResult): string {
  const lines: string[] = []
  for (const finding of result.unexpected) {
    lines.push(`  ✗ ${finding.rule}  ${finding.file}:${finding.line}  ${finding.message}`)
  }
  for (const file of result.unreadable) lines.push(`  ✗ not scanned (parse error): ${file.file}: ${file.message}`)
  for (const entry of result.stale) lines.push(`  ✗ allowlist entry matches nothing, remove it: ${entry.rule} ${entry.file}`)
  const accepted = result.findings.length - result.unexpected.length
  const head = result.passed
    ? `Security gate passed: ${result.findings.length} Electronegativity finding(s), all in the allowlist.`
    : `Security gate FAILED (${accepted} allowlisted finding(s), problems below). Fix the code, or, after review, add an entry with its reason to scripts/security/electronegativity-allowlist.json.`
  return [head, ...lines, `  SARIF report: ${result.sarifFile}`].join('\n')
}

function argument(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index >= 0 ? args[index + 1] : undefined
}

async function main(args: string[]): Promise<void> {
  const result = await runSecurityGate({ input: argument(args, '--input'), allowlist: argument(args, '--allowlist'), sarifFile: argument(args, '--sarif') })
  console.log(formatGateResult(result))
  process.exitCode = result.passed ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`Security gate could not run: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
}
