import pg from 'pg'
import { parsePostgresUrl, type PostgresTarget } from '../../db/postgres/target'
import { moveFileToTeam } from '../../db/transfer/files'
import { databaseUrl, dropCluster, startCluster } from '../postgres-cluster'
import { formatCount, formatMs, time } from './stats'

// The PostgreSQL server of `npm run bench -- --backend postgresql`: a throw-away cluster (as the
// tests start theirs), or a server given with --database-url; the territory database moved into
// a new database there as « Passer en mode équipe » does (db/transfer: migrated, copied, checked
// row for row). Every database made here is dropped at the end, and the cluster with them.

export interface BenchServer {
  /** « PostgreSQL 15.18, throw-away cluster on 127.0.0.1:5433 » (never the password). */
  description: string
  version: string
  /** The territory database, moved from the file. */
  target: PostgresTarget
  /** Its address, password included: for a child process's environment, never for a log. */
  url: string
  /** The move into it: milliseconds and rows copied. */
  move: { ms: number; rows: number; searchRows: number }
  /** The server's connection settings for a command-line client (psql): PGHOST, PGPASSWORD… */
  clientEnv(database: string): Record<string, string>
  /** A new database, a copy of the territory one (nothing may be connected to it meanwhile). */
  copy(name: string): Promise<PostgresTarget>
  /** A new, empty database. */
  create(name: string): Promise<PostgresTarget>
  drop(name: string): Promise<void>
  /** Drops every database made here, then the cluster when it was started here. */
  close(): Promise<void>
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`

async function admin<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/**
 * Starts (or reaches) the server and moves the territory file into it. `serverUrl`: a role that
 * may create databases, on the server's `postgres` database; without it, a throw-away cluster
 * (as root, Debian's postgresql).
 */
export async function startBenchServer(options: { serverUrl?: string; file: string; log: (message: string) => void }): Promise<BenchServer> {
  const { log } = options
  let cluster: string | null = null
  let serverUrl = options.serverUrl ?? null
  if (!serverUrl) {
    log('Starting a throw-away PostgreSQL cluster…')
    const started = await startCluster(process.pid, { durable: true })
    cluster = started.id
    serverUrl = started.url
  }
  const prefix = `vitawin_bench_${process.pid}`
  const made = new Set<string>()
  const targetOf = (name: string) => parsePostgresUrl(databaseUrl(serverUrl, name).replace(/\?.*$/, ''))
  const server = {
    clientEnv(database: string) {
      const target = targetOf(database)
      return { PGHOST: target.host, PGPORT: String(target.port), PGUSER: target.user, PGPASSWORD: target.password ?? '', PGDATABASE: database }
    },
    async create(name: string) {
      await admin(serverUrl, (client) => client.query(`create database ${quoted(name)} template template0 encoding 'UTF8'`))
      made.add(name)
      return targetOf(name)
    },
    async copy(name: string) {
      // file_copy: the copy of a few hundred megabytes without writing it all to the WAL.
      await admin(serverUrl, (client) => client.query(`create database ${quoted(name)} template ${quoted(prefix)} strategy file_copy`))
      made.add(name)
      return targetOf(name)
    },
    async drop(name: string) {
      await admin(serverUrl, (client) => client.query(`drop database if exists ${quoted(name)} with (force)`))
      made.delete(name)
    },
    async close() {
      try {
        for (const name of [...made]) await server.drop(name)
      } finally {
        if (cluster) dropCluster(cluster)
      }
    },
  }
  try {
    const version = await admin(serverUrl, async (client) => (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version.split(' ')[0]!)
    const target = await server.create(prefix)
    log(`Moving the territory database into PostgreSQL ${version} (team move: migrations, copy, row-for-row check)…`)
    let report: Awaited<ReturnType<typeof moveFileToTeam>> | undefined
    const ms = await time(async () => {
      report = await moveFileToTeam(options.file, target, { migrate: true })
    })
    log(`  done in ${formatMs(ms)} (${formatCount(report!.rows)} rows)`)
    const where = `${target.host}:${target.port}`
    return {
      ...server,
      description: `PostgreSQL ${version}, ${cluster ? `a throw-away cluster on this machine (${where}, fsync on)` : `the server given (${where})`}`,
      version,
      target,
      url: databaseUrl(serverUrl, prefix),
      move: { ms, rows: report!.rows, searchRows: report!.searchRows },
    }
  } catch (error) {
    await server.close()
    throw error
  }
}
