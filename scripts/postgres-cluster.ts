import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import { pathToFileURL } from 'node:url'

// A throw-away PostgreSQL cluster, made with Debian's postgresql-common as root (pg_createcluster
// runs initdb as the postgres user; initdb alone refuses root). Durability is off: the cluster
// lives as long as one test run or benchmark. `.ci/run` starts one through this file's command
// line; the tests' global setup (tests/helpers/postgres-global.ts), `npm run bench -- --backend
// postgresql` and scripts/transfer-round-trip.ts start their own when no server is given.

const CLUSTER_PREFIX = 'vitawin-test-'

export interface Cluster {
  /** e.g. '15/vitawin-test-1234' */
  id: string
  url: string
}

/** Runs a postgresql-common command; its own message when it fails. */
function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: 'pipe' })
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim()
    throw new Error(`${command} ${args.join(' ')} failed${stderr ? `:\n${stderr}` : ''}`)
  }
}

/** Why no cluster can be started here, or null when one can. */
export function clusterUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'the tests are not running as root (pg_createcluster needs root)'
  if (!fs.existsSync('/usr/bin/pg_createcluster')) return "Debian's postgresql package is not installed (apt-get install postgresql)"
  if (!newestVersion()) return 'no PostgreSQL server is installed under /usr/lib/postgresql'
  return null
}

function newestVersion(): string | undefined {
  if (!fs.existsSync('/usr/lib/postgresql')) return undefined
  return fs
    .readdirSync('/usr/lib/postgresql')
    .filter((name) => /^\d+$/.test(name) && Number(name) >= 15 && fs.existsSync(`/usr/lib/postgresql/${name}/bin/postgres`))
    .sort((a, b) => Number(a) - Number(b))
    .at(-1)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Drops the test clusters left by runs that were killed before they could drop their own. */
function dropOrphans(version: string): void {
  const folder = `/etc/postgresql/${version}`
  if (!fs.existsSync(folder)) return
  for (const name of fs.readdirSync(folder)) {
    const pid = Number(name.startsWith(CLUSTER_PREFIX) ? name.slice(CLUSTER_PREFIX.length).split('-')[0] : NaN)
    if (Number.isInteger(pid) && !processAlive(pid)) dropCluster(`${version}/${name}`)
  }
}

/**
 * Creates and starts a cluster on a free port, with a superuser the tests log in as. `durable`:
 * fsync and full-page writes on, as on a real server (the benchmark); off by default (the tests).
 * `settings`: more of postgresql.conf's (`ssl=on`, `ssl_cert_file=…`), for a test's own cluster.
 */
export async function startCluster(owner: number = process.pid, { durable = false, settings = [] }: { durable?: boolean; settings?: string[] } = {}): Promise<Cluster> {
  const unavailable = clusterUnavailable()
  if (unavailable) throw new Error(`Cannot start a PostgreSQL cluster: ${unavailable}.`)
  const version = newestVersion()!
  dropOrphans(version)
  const name = `${CLUSTER_PREFIX}${owner}-${crypto.randomBytes(3).toString('hex')}`
  const port = await freePort()
  const options = [...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']), 'max_connections=200']
  run(
    'pg_createcluster',
    [version, name, '-p', String(port), '--locale', 'C.UTF-8', '--start-conf', 'manual', ...options.flatMap((option) => ['-o', option]), '--', '--auth-host=scram-sha-256'],
  )
  const id = `${version}/${name}`
  try {
    // Set with pg_conftool: pg_createcluster's -o leaves out ssl, which it decides itself.
    for (const setting of settings) {
      const [key, ...value] = setting.split('=')
      run('pg_conftool', [version, name, 'set', key!, value.join('=')])
    }
    run('pg_ctlcluster', [version, name, 'start'])
    const password = crypto.randomBytes(12).toString('hex')
    run('runuser', ['-u', 'postgres', '--', 'psql', '-p', String(port), '-qAtc', `create role vitawin_test login superuser password '${password}'`])
    return { id, url: `postgresql://vitawin_test:${password}@127.0.0.1:${port}/postgres` }
  } catch (error) {
    dropCluster(id)
    throw error
  }
}

/** The URL of another database on the same server (a superuser's URL ends in /postgres). */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

export function dropCluster(id: string): void {
  const [version, name] = id.split('/')
  run('pg_dropcluster', ['--stop', version!, name!])
}

// Command line, for .ci/run: `tsx scripts/postgres-cluster.ts start <owner pid>` prints
// shell assignments; `… stop <id>` drops the cluster.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [command, argument] = process.argv.slice(2)
  if (command === 'start') {
    const cluster = await startCluster(Number(argument) || process.ppid)
    process.stdout.write(`VITAWIN_TEST_PG_URL='${cluster.url}'\nVITAWIN_TEST_PG_CLUSTER='${cluster.id}'\n`)
  } else if (command === 'stop' && argument) {
    dropCluster(argument)
  } else {
    process.stderr.write('usage: postgres-cluster.ts start [owner pid] | stop <version/name>\n')
    process.exit(2)
  }
}
