import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterUnavailable, dropCluster, startCluster, type Cluster } from '../../scripts/postgres-cluster'
import { SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { openPostgresStore } from './connection'
import { parsePostgresUrl } from './target'

// TLS on a real server: a throw-away cluster of this file's own with ssl=on and a certificate made
// for the test (a CA, and a server certificate for localhost and 127.0.0.1 signed by it). The app
// connects with sslmode=require, verify-ca with the CA file and verify-full with the right name;
// a wrong CA, a certificate made for another name and a server without TLS are refused in French.

const unavailable = SKIPPED_POSTGRES ? 'the run skips PostgreSQL' : clusterUnavailable()

const DATABASE = 'vitawin_tls'

/** Runs openssl in `folder`; its message when it fails. */
function openssl(folder: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' })
}

/** A CA (its certificate and key) in `folder`, named `name`. */
function makeAuthority(folder: string, name: string): void {
  openssl(folder, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`])
}

/** A server certificate for `names` (DNS:…, IP:…), signed by the CA `authority`. */
function makeServerCertificate(folder: string, file: string, authority: string, names: string): void {
  fs.writeFileSync(path.join(folder, `${file}.ext`), `subjectAltName=${names}\n`)
  openssl(folder, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=vitawin-test-server', '-keyout', `${file}.key`, '-out', `${file}.csr`])
  openssl(folder, ['x509', '-req', '-in', `${file}.csr`, '-CA', `${authority}.crt`, '-CAkey', `${authority}.key`, '-CAcreateserial', '-days', '2', '-extfile', `${file}.ext`, '-out', `${file}.crt`])
  // The server reads its key only when no one else can.
  execFileSync('chown', ['postgres', path.join(folder, `${file}.key`)])
  fs.chmodSync(path.join(folder, `${file}.key`), 0o600)
}

let cluster: Cluster | null = null
let folder = ''

/** The test database's URL on the cluster, through `host`, with the query given. */
function urlOf(query: string, host = '127.0.0.1'): string {
  const url = new URL(cluster!.url)
  url.hostname = host
  url.pathname = `/${DATABASE}`
  return `${url.toString()}${query}`
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: cluster!.url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** Changes a setting of the running server and waits until new sessions have it. */
async function reconfigure(setting: string, value: string): Promise<void> {
  await admin(async (client) => {
    await client.query(`alter system set ${setting} = '${value}'`)
    await client.query('select pg_reload_conf()')
  })
  await expect.poll(() => admin(async (client) => (await client.query(`show ${setting}`)).rows[0]![setting]), { timeout: 10_000 }).toBe(value)
}

/** Opens the store at `url` and says whether its session is encrypted; closes it. */
async function encrypted(url: string, migrate = false): Promise<boolean> {
  const store = await openPostgresStore(parsePostgresUrl(url), { migrate })
  try {
    return store.encrypted
  } finally {
    await store.close()
  }
}

async function refusal(url: string): Promise<{ code: string; message: string }> {
  try {
    await encrypted(url)
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error(`${url} was accepted`)
}

describe.skipIf(unavailable)('TLS to a team server offering it', () => {
  beforeAll(async () => {
    // Kept for the whole file (the server reads it at each reload), removed after.
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-tls-'))
    // The server (the postgres account) reads its certificate and key from here.
    fs.chmodSync(folder, 0o755)
    makeAuthority(folder, 'authority')
    makeAuthority(folder, 'other-authority')
    makeServerCertificate(folder, 'server', 'authority', 'DNS:localhost,IP:127.0.0.1')
    makeServerCertificate(folder, 'elsewhere', 'authority', 'DNS:autre-serveur.example')
    cluster = await startCluster(process.pid, { settings: ['ssl=on', `ssl_cert_file=${path.join(folder, 'server.crt')}`, `ssl_key_file=${path.join(folder, 'server.key')}`] })
    await admin((client) => client.query(`create database ${DATABASE} encoding 'UTF8' template template0`))
    // Migrated once, over a verified connection.
    expect(await encrypted(urlOf(`?sslmode=verify-full&sslrootcert=${path.join(folder, 'authority.crt')}`), true)).toBe(true)
  }, 120_000)

  afterAll(() => {
    if (cluster) dropCluster(cluster.id)
    fs.rmSync(folder, { recursive: true, force: true })
  })

  it('connects encrypted with require, verify-ca with the CA file, verify-full with the name of the certificate', async () => {
    const ca = path.join(folder, 'authority.crt')
    expect(await encrypted(urlOf('?sslmode=require'))).toBe(true)
    expect(await encrypted(urlOf('?sslmode=prefer'))).toBe(true)
    expect(await encrypted(urlOf(`?sslmode=verify-ca&sslrootcert=${ca}`))).toBe(true)
    expect(await encrypted(urlOf(`?sslmode=verify-full&sslrootcert=${ca}`, 'localhost'))).toBe(true)
    expect(await encrypted(urlOf(`?sslmode=verify-full&sslrootcert=${ca}`, '127.0.0.1'))).toBe(true)
  })

  it('refuses in French a certificate signed by another authority, with verify-ca, verify-full and require given a CA file', async () => {
    const other = path.join(folder, 'other-authority.crt')
    for (const mode of ['verify-ca', 'verify-full', 'require']) {
      const error = await refusal(urlOf(`?sslmode=${mode}&sslrootcert=${other}`))
      expect(error.code, mode).toBe('tls_refused')
      expect(error.message).toBe(
        `La connexion chiffrée au serveur 127.0.0.1:${new URL(cluster!.url).port} est refusée : son certificat n'est pas signé par l'autorité « ${other} » (sslrootcert). Vérifiez le fichier de l'autorité.`,
      )
    }
    const missing = await refusal(urlOf(`?sslmode=verify-ca&sslrootcert=${path.join(folder, 'absent.crt')}`))
    expect(missing).toMatchObject({ code: 'tls_refused', message: `Le certificat de l'autorité « ${path.join(folder, 'absent.crt')} » ne peut pas être lu.` })
  })

  it('refuses in French a certificate made for another name with verify-full, which verify-ca accepts', async () => {
    const ca = path.join(folder, 'authority.crt')
    await reconfigure('ssl_cert_file', path.join(folder, 'elsewhere.crt'))
    await reconfigure('ssl_key_file', path.join(folder, 'elsewhere.key'))
    try {
      const error = await refusal(urlOf(`?sslmode=verify-full&sslrootcert=${ca}`, 'localhost'))
      expect(error).toMatchObject({
        code: 'tls_refused',
        message: `La connexion chiffrée au serveur localhost:${new URL(cluster!.url).port} est refusée : son certificat est fait pour un autre nom que « localhost » (sslmode=verify-full). Vérifiez le nom du serveur.`,
      })
      expect(await encrypted(urlOf(`?sslmode=verify-ca&sslrootcert=${ca}`, 'localhost'))).toBe(true)
    } finally {
      await reconfigure('ssl_cert_file', path.join(folder, 'server.crt'))
      await reconfigure('ssl_key_file', path.join(folder, 'server.key'))
    }
  })

  it('refuses in French sslmode=require against a server without TLS, where prefer connects unencrypted', async () => {
    await reconfigure('ssl', 'off')
    try {
      const error = await refusal(urlOf('?sslmode=require'))
      expect(error).toMatchObject({
        code: 'tls_refused',
        message: `La connexion chiffrée au serveur 127.0.0.1:${new URL(cluster!.url).port} est impossible : il ne la propose pas (sslmode=require). Demandez à l'informatique d'activer TLS sur le serveur, ou choisissez le mode « prefer ».`,
      })
      expect(await encrypted(urlOf('?sslmode=prefer'))).toBe(false)
    } finally {
      await reconfigure('ssl', 'on')
    }
  })
})
