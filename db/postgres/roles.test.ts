import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { sql } from 'kysely'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createApiHost } from '../../main/api/host'
import { teamCommand } from '../../main/cli/team'
import { caught } from '../../tests/helpers/errors'
import { postgresUrl, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { databaseUrl } from '../../scripts/postgres-cluster'
import { tempDir } from '../../tests/helpers/temp'
import { openStore, parsePostgresUrl } from '../backend'
import { toAppError } from '../errors'
import { migrations } from '../migrations'

// The owner and application roles exactly as the README gives IT their SQL (« Mode équipe »):
// the owner migrates, the app works with the application's account (a write, a read, the audit
// trail written by the triggers), and that account is refused any schema change, in French.

const README = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8')

/** The README's roles block (the ```sql block after its marker comment). */
function rolesSql(): string {
  const marker = README.indexOf('<!-- The roles SQL: db/postgres/roles.test.ts runs exactly this block. -->')
  expect(marker).toBeGreaterThan(0)
  const start = README.indexOf('```sql\n', marker) + '```sql\n'.length
  return README.slice(start, README.indexOf('\n```', start))
}

// Roles belong to the whole server: names of this run's own, the rest of the SQL as written.
const suffix = crypto.randomBytes(3).toString('hex')
const names = { owner: `vitawin_owner_${suffix}`, app: `vitawin_app_${suffix}`, database: `vitawin_roles_${suffix}` }
const PASSWORDS = { owner: 'mot-de-passe-du-proprietaire', app: 'mot-de-passe-de-l-application' }

async function runAsSuperuser(script: string): Promise<void> {
  let client = new pg.Client({ connectionString: postgresUrl! })
  await client.connect()
  try {
    for (const line of script.split('\n').map((each) => each.trim()).filter(Boolean)) {
      const connect = /^\\connect\s+(\S+)$/.exec(line)
      if (connect) {
        await client.end()
        client = new pg.Client({ connectionString: databaseUrl(postgresUrl!, connect[1]!) })
        await client.connect()
        continue
      }
      await client.query(line)
    }
  } finally {
    await client.end()
  }
}

const urlOf = (role: 'owner' | 'app') => {
  const url = new URL(databaseUrl(postgresUrl!, names.database))
  url.username = names[role]
  url.password = PASSWORDS[role]
  return url.toString()
}

afterAll(async () => {
  if (SKIPPED_POSTGRES) return
  const admin = new pg.Client({ connectionString: postgresUrl! })
  await admin.connect()
  await admin.query(`drop database if exists "${names.database}" with (force)`)
  await admin.query(`drop role if exists "${names.app}"`)
  await admin.query(`drop role if exists "${names.owner}"`)
  await admin.end()
})

describe.skipIf(SKIPPED_POSTGRES)("IT's roles for the team database", () => {
  it('creates the database and both roles with the README’s SQL; only the owner migrates; the app works with the application account', async () => {
    const script = rolesSql()
    expect(script).toMatch(/^CREATE ROLE vitawin_owner LOGIN/m)
    await runAsSuperuser(script.replaceAll('vitawin_owner', names.owner).replaceAll('vitawin_app', names.app).replace(/\bvitawin\b/g, names.database))

    // The application's account: an empty schema is refused, and so is creating it.
    const app = parsePostgresUrl(urlOf('app'))
    expect(await caught(openStore({ kind: 'postgres', config: app }))).toMatchObject({
      code: 'database_forbidden',
      message: expect.stringMatching(/est vide : son schéma n'a pas encore été créé\. Il doit l'être avec le compte propriétaire/),
    })
    const refused = await caught(openStore({ kind: 'postgres', config: app }, { migrate: true }))
    expect(refused).toMatchObject({
      code: 'database_forbidden',
      message: `La mise à jour du schéma de la base d'équipe doit être faite avec le compte propriétaire de la base : le compte « ${names.app} » est celui de l'application, sans droit sur le schéma. Rien n'a été modifié (voir « Mode équipe » dans le guide).`,
    })

    expect(await caught(teamCommand({ file: '.', values: { 'database-url': urlOf('app') }, positionals: ['migrate'] }))).toMatchObject({ message: refused.message })

    // The owner creates the schema (extensions and audit triggers included), with the command the README gives IT.
    const printed = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    expect(await teamCommand({ file: '.', values: { 'database-url': urlOf('owner') }, positionals: ['migrate'] })).toBe(0)
    expect(printed).toHaveBeenCalledWith(`Base d'équipe à jour : postgresql://${names.owner}@${new URL(postgresUrl!).host}/${names.database}, schéma ${migrations.length}.`)
    printed.mockRestore()

    // The app, with the application's account: a write and a read through the API, recorded by the triggers.
    const host = await createApiHost({ kind: 'postgres', config: app }, { dataDir: path.join(tempDir(), 'machine') })
    try {
      expect(host.openError).toBeNull()
      const created = await host.call('actors.createOrganisation', { name: 'Maison des Associations', profileCode: 'association' })
      expect(created.ok).toBe(true)
      const key = (created as { value: { key: string } }).value.key
      expect(await host.call('actors.get', { key })).toMatchObject({ ok: true, value: { organisation: { name: 'Maison des Associations' } } })
      const store = host.store!
      const { rows } = await sql<{ kind: string; action: string }>`select o.kind, l.action from audit_log l join audit_operations o on o.id = l.operation_id where l.table_name = 'organisations'`.execute(store.db.withoutPlugins())
      expect(rows).toEqual([{ kind: 'actors.createOrganisation', action: 'insert' }])
      // No DDL for the application's account.
      const ddl = await sql`create table intrus (id integer)`.execute(store.db).then(() => null, (error: unknown) => toAppError(error))
      expect(ddl).toMatchObject({ code: 'database_forbidden', message: "Le compte utilisé n'a pas les droits nécessaires sur la base d'équipe." })
    } finally {
      await host.close()
    }

    // A schema behind the app: the application's account is told to ask the owner, and cannot update it itself.
    const ownerPool = new pg.Pool({ connectionString: urlOf('owner'), max: 1 })
    const last = migrations[migrations.length - 1]!.name
    const { rows: removed } = await ownerPool.query('delete from schema_migrations where name = $1 returning name', [last])
    expect(removed).toEqual([{ name: last }])
    expect(await caught(openStore({ kind: 'postgres', config: app }))).toMatchObject({
      message: `La base d'équipe est au schéma ${migrations.length - 1} ; cette version attend le schéma ${migrations.length}. La mise à jour doit être faite avec le compte propriétaire.`,
    })
    expect(await caught(openStore({ kind: 'postgres', config: app }, { migrate: true }))).toMatchObject({ message: refused.message })
    expect((await ownerPool.query('select count(*)::int as n from schema_migrations')).rows[0].n).toBe(migrations.length - 1)
    await ownerPool.end()
  })
})
