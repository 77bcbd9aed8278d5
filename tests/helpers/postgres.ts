import crypto from 'node:crypto'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { databaseUrl } from '../../scripts/postgres-cluster'

// A database of its own for each test, on the test server (tests/helpers/postgres-global.ts):
// cloned from the migrated template, or empty, dropped when the file's tests are done.

export const postgresUrl: string | null = inject('postgresUrl')

/** Why this file's tests are skipped, for describe.skipIf: only when the run was told to skip PostgreSQL. */
export const SKIPPED_POSTGRES = postgresUrl === null

const created: { name: string; pools: pg.Pool[] }[] = []

afterAll(async () => {
  if (!postgresUrl || created.length === 0) return
  for (const database of created) await Promise.all(database.pools.map((pool) => pool.end().catch(() => undefined)))
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  for (const { name } of created.splice(0)) await admin.query(`drop database if exists "${name}" with (force)`)
  await admin.end()
})

export interface TestDatabase {
  name: string
  url: string
  /** A pool on the database, ended after the file's tests. */
  pool(options?: pg.PoolConfig): pg.Pool
}

/** A new database: migrated (a clone of the template) or empty (for the migrations' own tests). */
export async function postgresDatabase(contents: 'migrated' | 'empty' = 'migrated'): Promise<TestDatabase> {
  if (!postgresUrl) throw new Error('No PostgreSQL server for this run.')
  const name = `vitawin_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
  const template = contents === 'migrated' ? inject('postgresTemplate') : 'template0'
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  try {
    await admin.query(`create database "${name}" template "${template}" encoding 'UTF8'`)
  } finally {
    await admin.end()
  }
  const entry = { name, pools: [] as pg.Pool[] }
  created.push(entry)
  const url = databaseUrl(postgresUrl, name)
  return {
    name,
    url,
    pool(options = {}) {
      const pool = new pg.Pool({ connectionString: url, max: 4, ...options })
      pool.on('error', () => undefined)
      entry.pools.push(pool)
      return pool
    },
  }
}
