import { sql } from 'kysely'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { createOrganisation, createPerson } from '../../db/actors/records'
import type { OrganisationInput, PersonInput } from '../../db/actors/schemas'
import { openStore, type OpenOptions, type SqliteStore } from '../../db/sqlite/connection'
import { parseDatabaseTarget, openStore as openTargetStore, type DatabaseTarget, type Store } from '../../db/backend'
import type { DemoOptions } from '../../db/sqlite/demo'
import { postgresDatabase } from './postgres'

const folders: string[] = []
const stores: Store[] = []

/** Whether this run tests the PostgreSQL engine (the `postgres` vitest project sets it). */
export function testingPostgres(): boolean {
  return process.env.VITAWIN_TEST_ENGINE === 'postgres'
}

/** Closes the stores and removes the folders of the test that ends (also run by tests/helpers/each-file.ts). */
export async function removeTemporaries(): Promise<void> {
  for (const store of stores.splice(0)) await store.close()
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true })
}

afterEach(removeTemporaries)

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'vitawin-test-'): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  folders.push(folder)
  return folder
}

/** A real database file in a temporary folder, opened like the app opens it. */
export async function tempStore(options: OpenOptions = {}, name = 'test.sqlite'): Promise<SqliteStore> {
  const store = await openStore(path.join(tempDir(), name), options)
  stores.push(store)
  return store
}

/**
 * A new, migrated database of the engine under test, opened like the app opens it: a SQLite file
 * in the `unit` project, a PostgreSQL database (a clone of the migrated template) in the
 * `postgres` one. The test files listed in vitest.config.ts's POSTGRES_READY run on both.
 */
export async function testStore(): Promise<Store> {
  if (!testingPostgres()) return tempStore()
  const database = await postgresDatabase()
  const target = parseDatabaseTarget(database.url)
  const store = await openTargetStore(target)
  stores.push(store)
  targets.set(store, target)
  return store
}

const targets = new WeakMap<Store, DatabaseTarget>()

/** A second store on the database of a store of testStore(), as another window or animator opens it (closed after the test). */
export async function openAgain(store: Store): Promise<Store> {
  const again = await openTargetStore(store.kind === 'sqlite' ? { kind: 'sqlite', file: store.file } : targets.get(store)!)
  stores.push(again)
  return again
}

/**
 * The address of a new database of the engine under test holding the demo dataset: the demo's file
 * in the `unit` project; on the `postgres` one, that file moved into a new PostgreSQL database with
 * the transfer's copy (the generator writes SQLite only), as `demo` does for a team database.
 */
export async function demoDatabase(options: DemoOptions = {}): Promise<string> {
  // Imported here: most files that use these helpers need neither the generator nor the transfer.
  const [{ writeDemoFile }, { copyDatabase }] = await Promise.all([import('../../db/sqlite/demo/file'), import('../../db/transfer/copy')])
  const file = path.join(tempDir(), 'demo.sqlite')
  await writeDemoFile(file, options)
  if (!testingPostgres()) return file
  const database = await postgresDatabase()
  const local = await openStore(file)
  try {
    const team = await openTargetStore(parseDatabaseTarget(database.url))
    try {
      await copyDatabase(local.db, team.db)
    } finally {
      await team.close()
    }
  } finally {
    await local.close()
  }
  return database.url
}

/** A new database of the engine under test holding the demo dataset (see demoDatabase), open. */
export async function demoTestStore(options: DemoOptions): Promise<Store> {
  const target = parseDatabaseTarget(await demoDatabase(options))
  const store = await openTargetStore(target)
  stores.push(store)
  targets.set(store, target)
  return store
}

/** Closes a store of testStore() and opens its database again, as the app does when it restarts. */
export async function reopenTestStore(store: Store): Promise<Store> {
  stores.splice(stores.indexOf(store), 1)
  await store.close()
  const target: DatabaseTarget = store.kind === 'sqlite' ? { kind: 'sqlite', file: store.file } : targets.get(store)!
  const again = await openTargetStore(target)
  stores.push(again)
  targets.set(again, target)
  return again
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/** A closed database file named `vitawin.sqlite` in a new temporary folder, holding these organisations. */
export async function databaseWith(names: string[], prefix = 'vitawin-base-'): Promise<string> {
  const file = path.join(tempDir(prefix), 'vitawin.sqlite')
  const store = await openStore(file)
  for (const name of names) store.sqlite.prepare("insert into organisations (name, profile_code) values (?, 'entreprise')").run(name)
  await store.close()
  return file
}

/**
 * A temporary store holding these actors, created in this order: an organisation for each entry
 * with a `name`, a person for each with a `firstName`. Returns the store and each actor's id under
 * its entry's name.
 */
export async function storeWithActors<const Name extends string>(actors: Record<Name, OrganisationInput | PersonInput>): Promise<{ store: Store } & Record<Name, number>> {
  const store = await testStore()
  const ids = {} as Record<Name, number>
  for (const [name, input] of Object.entries(actors) as [Name, OrganisationInput | PersonInput][]) {
    ids[name] = 'name' in input ? await createOrganisation(store.db, input) : await createPerson(store.db, input)
  }
  return { store, ...ids }
}

// Raw SQL that arranges or inspects a test's data, with `?` placeholders, on either engine
// (better-sqlite3's prepare().run/get/all, for the files that run on both).

function rawSql(text: string, params: unknown[]) {
  const parts = text.split('?')
  if (parts.length !== params.length + 1) throw new Error(`${parts.length - 1} placeholders for ${params.length} values: ${text}`)
  return sql(Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray, ...params)
}

/** Runs one statement. */
export async function runSql(store: Store, text: string, ...params: unknown[]): Promise<void> {
  await rawSql(text, params).execute(store.db.withoutPlugins())
}

/** Runs an insert and gives the id of the row it wrote. */
export async function insertRow(store: Store, text: string, ...params: unknown[]): Promise<number> {
  const { rows } = await rawSql(`${text} returning id`, params).execute(store.db.withoutPlugins())
  return (rows[0] as { id: number }).id
}

/** The rows of a query, columns as written in SQL. */
export async function queryRows<T = Record<string, unknown>>(store: Store, text: string, ...params: unknown[]): Promise<T[]> {
  return (await rawSql(text, params).execute(store.db.withoutPlugins())).rows as T[]
}

/** The first column of the first row (better-sqlite3's pluck().get()). */
export async function queryValue<T = unknown>(store: Store, text: string, ...params: unknown[]): Promise<T> {
  const [row] = await queryRows(store, text, ...params)
  return (row ? Object.values(row)[0] : undefined) as T
}
