import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { formatReport } from './format'
import { MEASUREMENTS, runBench, SCALES } from './run'
import type { ScaleName } from './types'

// `npm run bench` (also `npm run cli -- bench`): measures the app at territory scale against its
// targets and prints the table; `--json <file>` also writes it as JSON.

const USAGE = `Usage: npm run bench -- [options]

  --scale territory|tiny   territory (default): 60,000 organisations, 100,000 people, 300,000 journal
                           entries, a 1,000,000-line SIRENE file; tiny: the same code in seconds
  --backend sqlite|postgresql
                           postgresql: every figure on SQLite and on a PostgreSQL server too, side by
                           side (the territory database moved into it as « team move » does)
  --database-url <url>     with --backend postgresql, the server to use: a role that may create
                           databases, postgresql://user:password@host:port/postgres (default: a
                           throw-away cluster, as root with Debian's postgresql; dropped at the end)
  --json <file>            also write the report as JSON (both engines)
  --only <ids>             only these figures, comma-separated: ${MEASUREMENTS.map((measurement) => measurement.id).join(', ')}
  --work <folder>          work in this folder and keep it; its inputs are reused when they match
  --no-build               do not run electron-vite build (use the existing out/renderer)
  --no-install             do not install Debian's sqlite3 when it is missing
`

export async function main(argv: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        scale: { type: 'string', default: 'territory' },
        backend: { type: 'string', default: 'sqlite' },
        'database-url': { type: 'string' },
        json: { type: 'string' },
        only: { type: 'string' },
        work: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        'no-install': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (!(values.scale! in SCALES)) {
    console.error(`Unknown scale « ${values.scale} »: territory or tiny.\n\n${USAGE}`)
    return 2
  }
  if (values.backend !== 'sqlite' && values.backend !== 'postgresql') {
    console.error(`Unknown backend « ${values.backend} »: sqlite or postgresql.\n\n${USAGE}`)
    return 2
  }
  if (values['database-url'] && values.backend !== 'postgresql') {
    console.error(`--database-url goes with --backend postgresql.\n\n${USAGE}`)
    return 2
  }
  const report = await runBench({
    scale: values.scale as ScaleName,
    backend: values.backend,
    ...(values['database-url'] && { databaseUrl: values['database-url'] }),
    build: !values['no-build'],
    installTools: !values['no-install'],
    only: values.only ? values.only.split(',').map((id) => id.trim()).filter(Boolean) : undefined,
    workDir: values.work,
  })
  console.log(formatReport(report))
  if (values.json) {
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true })
    fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`JSON report written to ${path.resolve(values.json)}`)
  }
  return [...report.rows, ...(report.postgresql?.rows ?? [])].some((row) => row.status === 'failed') ? 1 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error)
      process.exit(1)
    },
  )
}
