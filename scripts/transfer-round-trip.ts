import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openStore } from '../db/sqlite/connection'
import { generateDemo } from '../db/sqlite/demo'
import { parsePostgresUrl } from '../db/postgres/target'
import { databaseDigests, differingTables } from '../db/transfer/digest'
import { exportTeamToFile, moveFileToTeam } from '../db/transfer/files'
import { databaseUrl, dropCluster, startCluster } from './postgres-cluster'
import { DEMO_SEED, DEMO_TODAY } from './bench/setup'
import { formatCount, formatMs } from './bench/stats'

// The team mode's round trip at territory scale (issue 15, « team move / team export »): the demo
// database moved into a new PostgreSQL database, exported back into a SQLite file, and the three
// compared table by table by their digests. Prints the times and the digests; exits 1 on any
// difference. Too long for the test suite (the tests run the same round trip on the small demo).
//
//   npx tsx scripts/transfer-round-trip.ts [--scale small] [--server postgresql://superuser:…@host:port/postgres]
//
// Without --server (nor VITAWIN_TEST_PG_URL), a throw-away cluster is started (as root, Debian's postgresql).

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'territory' }, server: { type: 'string' } } })
const scale = values.scale === 'small' ? 'small' : 'territory'
const log = (message: string) => process.stdout.write(`${message}\n`)
const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const started = performance.now()
  const result = await run()
  log(`${label.padEnd(44)} ${formatMs(performance.now() - started).padStart(10)}`)
  return result
}

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-transfer-'))
let cluster: string | null = null
let server = values.server ?? process.env.VITAWIN_TEST_PG_URL ?? null
try {
  if (!server) {
    const started = await timed('Throw-away PostgreSQL cluster', () => startCluster())
    cluster = started.id
    server = started.url
  }
  const database = `vitawin_round_trip_${process.pid}`
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`create database "${database}" template template0 encoding 'UTF8'`)
  await admin.end()
  const target = parsePostgresUrl(databaseUrl(server, database).replace(/\?.*$/, ''))

  const local = path.join(folder, 'locale.sqlite')
  await timed(`Demo database (${scale}, seed ${DEMO_SEED})`, async () => {
    const store = await openStore(local)
    try {
      generateDemo(store.sqlite, { scale, seed: DEMO_SEED, today: DEMO_TODAY })
    } finally {
      await store.close()
    }
  })
  let phase = ''
  const onProgress = (progress: { phase: string }) => {
    if (progress.phase !== phase && (progress.phase === 'Vérification' || progress.phase === 'Copie : organisations')) log(`  … ${progress.phase}`)
    phase = progress.phase
  }
  const moved = await timed('team move (file → PostgreSQL, checked)', () => moveFileToTeam(local, target, { migrate: true, onProgress }))
  const out = path.join(folder, 'export.sqlite')
  const exported = await timed('team export (PostgreSQL → file, checked)', () => exportTeamToFile(target, out, { onProgress }))
  const store = await openStore(local, { readonly: true })
  const original = await timed('Digests of the original file', () => databaseDigests(store.db))
  await store.close()
  const back = await openStore(out, { readonly: true })
  const returned = await databaseDigests(back.db)
  await back.close()

  log('')
  log(`${'table'.padEnd(26)} ${'rows'.padStart(10)}  digest (SHA-256, first 16)`)
  for (const digest of original) log(`${digest.table.padEnd(26)} ${formatCount(digest.rows).padStart(10)}  ${digest.sha256.slice(0, 16)}`)
  log('')
  log(`${formatCount(moved.rows)} rows in ${original.length} tables; search index ${formatCount(moved.searchRows)} entries; export file ${formatCount(Math.round(exported.sizeBytes / 1024 / 1024))} MB`)
  const differences = [...differingTables(original, moved.tables), ...differingTables(original, exported.tables), ...differingTables(original, returned)]
  if (differences.length > 0) {
    log(`DIFFERENT: ${[...new Set(differences.map((difference) => difference.table))].join(', ')}`)
    process.exitCode = 1
  } else {
    log('Identical digests: original file = team database = exported file, table by table.')
  }
  const admin2 = new pg.Client({ connectionString: server })
  await admin2.connect()
  await admin2.query(`drop database if exists "${database}" with (force)`)
  await admin2.end()
} finally {
  fs.rmSync(folder, { recursive: true, force: true })
  if (cluster) dropCluster(cluster)
}
