import fs from 'node:fs'
import type { ConnectionOptions } from 'node:tls'
import pg from 'pg'
import { AppError } from '../errors'
import { TLS_MODE, type TlsMode } from '../rules/safety-values'

// Where a team database is, from a postgresql:// URL, and the pool configuration that reaches it.
// The URL is parsed here rather than by pg, because pg reads sslmode=prefer|require|verify-ca as
// verify-full and never falls back to a connection without TLS; these follow libpq instead.

export const SSL_MODES = TLS_MODE.codes
export type SslMode = TlsMode

export interface PostgresTarget {
  host: string
  port: number
  database: string
  user: string
  /** Never written to disk, a log or a message. */
  password?: string
  sslmode: SslMode
  /** The CA certificate file that signs the server's certificate (verify-ca, verify-full; optional for require). */
  caFile?: string
}

const INVALID = (detail: string) =>
  new AppError('invalid_input', `Adresse de la base d'équipe invalide : ${detail}. Forme attendue : postgresql://utilisateur@serveur:5432/base?sslmode=prefer`)

/** Reads a postgresql:// URL; its errors never repeat the password. */
export function parsePostgresUrl(text: string): PostgresTarget {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw INVALID("ce n'est pas une adresse")
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') throw INVALID('elle doit commencer par postgresql://')
  const host = decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1')
  if (!host) throw INVALID('le serveur manque')
  const port = url.port ? Number(url.port) : 5432
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!database || database.includes('/')) throw INVALID('le nom de la base manque')
  const user = decodeURIComponent(url.username)
  if (!user) throw INVALID("le nom d'utilisateur manque")
  const sslmode = (url.searchParams.get('sslmode') ?? 'prefer') as SslMode
  if (!SSL_MODES.includes(sslmode)) throw INVALID(`sslmode doit valoir ${SSL_MODES.join(', ')}`)
  const caFile = url.searchParams.get('sslrootcert') ?? undefined
  if ((sslmode === 'verify-ca' || sslmode === 'verify-full') && !caFile) {
    throw INVALID(`sslmode=${sslmode} demande le certificat de l'autorité (sslrootcert=chemin du fichier)`)
  }
  for (const key of url.searchParams.keys()) {
    if (key !== 'sslmode' && key !== 'sslrootcert') throw INVALID(`paramètre inconnu « ${key} »`)
  }
  return { host, port, database, user, ...(url.password ? { password: decodeURIComponent(url.password) } : {}), sslmode, ...(caFile ? { caFile } : {}) }
}

/** The target as the app shows it: never the password. */
export function describeTarget(target: PostgresTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host
  return `postgresql://${encodeURIComponent(target.user)}@${host}:${target.port}/${encodeURIComponent(target.database)}`
}

function tlsOptions(target: PostgresTarget): ConnectionOptions | false {
  const ca = () => {
    try {
      return fs.readFileSync(target.caFile!, 'utf8')
    } catch {
      throw new AppError('tls_refused', `Le certificat de l'autorité « ${target.caFile} » ne peut pas être lu.`)
    }
  }
  switch (target.sslmode) {
    case 'disable':
      return false
    case 'prefer':
      return { rejectUnauthorized: false }
    case 'require':
      // As libpq: with a CA file, require checks the chain like verify-ca.
      return target.caFile ? { ca: ca(), checkServerIdentity: () => undefined } : { rejectUnauthorized: false }
    case 'verify-ca':
      return { ca: ca(), checkServerIdentity: () => undefined }
    case 'verify-full':
      return { ca: ca(), rejectUnauthorized: true }
  }
}

// count(*) and sum() are bigint, avg() is numeric: pg gives strings, the app reads numbers.
const INT8 = 20
const NUMERIC = 1700
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === INT8) {
    return (value) => {
      const number = Number(value)
      if (!Number.isSafeInteger(number)) throw new RangeError(`Entier trop grand pour l'application : ${value}`)
      return number
    }
  }
  if (oid === NUMERIC) return (value) => Number.parseFloat(value)
  return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown
}

/** The pool's configuration; `withoutTls` for prefer's second attempt, when the server offers no TLS. */
export function poolConfig(target: PostgresTarget, options: { withoutTls?: boolean; applicationName?: string } = {}): pg.PoolConfig {
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password,
    ssl: options.withoutTls ? false : tlsOptions(target),
    max: 6,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    application_name: options.applicationName ?? 'vitawin',
    // The app's queries are short and interactive: compiling them (JIT, triggered by the folded
    // text's estimated cost) took 0.4 s of a 1.5 s directory filter and never paid back.
    // A laptop that dies in the middle of a statement (an import's batch): the server looks at the
    // connection every 2 s while it works and rolls back then, rather than finishing the statement
    // for nobody while holding its locks (PostgreSQL 14+, settable by any role).
    options: '-c jit=off -c client_connection_check_interval=2000',
    types: { getTypeParser: typeParser as never },
  }
}
