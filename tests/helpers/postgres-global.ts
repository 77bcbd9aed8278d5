import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migratePostgres } from '../../db/postgres/migrator'
import { clusterUnavailable, databaseUrl, dropCluster, startCluster } from '../../scripts/postgres-cluster'

// Global setup of the `postgres` test project. The server: VITAWIN_TEST_PG_URL (set by .ci/run,
// or by a developer for any server they own, with a superuser), else a throw-away cluster started
// here (as root, with Debian's postgresql installed), else the run fails and says why; only
// VITAWIN_SKIP_POSTGRES=1 skips the PostgreSQL tests, with a warning. Then a template database,
// migrated once, from which each test file clones its own database.

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser's URL on the test server, ending in /postgres; null when the run skips PostgreSQL. */
    postgresUrl: string | null
    /** The migrated template database each test clones. */
    postgresTemplate: string
  }
}

const root = path.resolve(import.meta.dirname, '../..')

/** Changes whenever a migration, the PostgreSQL migrator or its audit and NOTIFY triggers do. */
function schemaHash(): string {
  const hash = crypto.createHash('sha1')
  const folder = path.join(root, 'db/migrations')
  const files = [...fs.readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).map((name) => path.join(folder, name)), ...['migration-compiler.ts', 'migrator.ts', 'audit.ts', 'changes.ts', '../audit/tables.ts'].map((name) => path.join(root, 'db/postgres', name))]
  for (const file of files.sort()) hash.update(file).update(fs.readFileSync(file))
  return hash.digest('hex').slice(0, 12)
}

async function prepareTemplate(serverUrl: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    const found = await admin.query<{ datistemplate: boolean }>('select datistemplate from pg_database where datname = $1', [template])
    if (found.rows[0]?.datistemplate) return
    await admin.query(`drop database if exists "${template}" with (force)`)
    await admin.query(`create database "${template}" template template0 encoding 'UTF8'`)
    const pool = new pg.Pool({ connectionString: databaseUrl(serverUrl, template), max: 1 })
    try {
      await migratePostgres(pool)
    } finally {
      await pool.end()
    }
    await admin.query(`alter database "${template}" is_template true`)
  } finally {
    await admin.end()
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  let serverUrl = process.env.VITAWIN_TEST_PG_URL || null
  let clusterId: string | null = null
  if (!serverUrl) {
    const unavailable = clusterUnavailable()
    if (unavailable && process.env.VITAWIN_SKIP_POSTGRES === '1') {
      console.warn(`\n⚠ PostgreSQL tests SKIPPED (VITAWIN_SKIP_POSTGRES=1): ${unavailable}.\n`)
      project.provide('postgresUrl', null)
      project.provide('postgresTemplate', '')
      return undefined
    }
    if (unavailable) {
      throw new Error(
        `The PostgreSQL tests need a server: set VITAWIN_TEST_PG_URL=postgresql://superuser:password@host:port/postgres, ` +
          `or run the tests as root with Debian's postgresql installed (a throw-away cluster is then started), ` +
          `or set VITAWIN_SKIP_POSTGRES=1 to skip them knowingly. Here ${unavailable}.`,
      )
    }
    const cluster = await startCluster()
    serverUrl = cluster.url
    clusterId = cluster.id
  }
  const template = `vitawin_tpl_${schemaHash()}`
  try {
    await prepareTemplate(serverUrl, template)
  } catch (error) {
    if (clusterId) dropCluster(clusterId)
    throw error
  }
  project.provide('postgresUrl', serverUrl)
  project.provide('postgresTemplate', template)
  return () => {
    if (clusterId) dropCluster(clusterId)
  }
}
