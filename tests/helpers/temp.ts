import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { createOrganisation, createPerson } from '../../db/actors/records'
import type { OrganisationInput, PersonInput } from '../../db/actors/schemas'
import { openStore, type OpenOptions, type Store } from '../../db/sqlite/connection'

const folders: string[] = []
const stores: Store[] = []

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
export async function tempStore(options: OpenOptions = {}, name = 'test.sqlite'): Promise<Store> {
  const store = await openStore(path.join(tempDir(), name), options)
  stores.push(store)
  return store
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
  const store = await tempStore()
  const ids = {} as Record<Name, number>
  for (const [name, input] of Object.entries(actors) as [Name, OrganisationInput | PersonInput][]) {
    ids[name] = 'name' in input ? await createOrganisation(store.db, input) : await createPerson(store.db, input)
  }
  return { store, ...ids }
}
