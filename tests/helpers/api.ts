import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach } from 'vitest'
import type { ApiArgs, ApiName, ApiResult } from '../../main/api/index'
import { createApiHost, type ApiHost } from '../../main/api/host'
import { parseDatabaseTarget, type Store } from '../../db/backend'
import type { SqliteStore } from '../../db/sqlite/connection'
import type { DemoOptions } from '../../db/sqlite/demo'
import { postgresDatabase } from './postgres'
import { demoDatabase, tempDir, testingPostgres } from './temp'

// An API host on a new database in a temporary folder, closed after the test; and a typed call
// that throws the French message of a refused one.

const hosts: ApiHost<any>[] = []
/** Closes the hosts of the test that ends (also run by tests/helpers/each-file.ts). */
export async function closeHosts(): Promise<void> {
  for (const host of hosts.splice(0)) await host.close()
}
afterEach(closeHosts)

/** A host on a new SQLite file. */
export async function startHost(): Promise<ApiHost<SqliteStore>> {
  const folder = tempDir()
  const host = await createApiHost(path.join(folder, 'app.sqlite'), { dataDir: path.join(folder, 'machine') })
  hosts.push(host)
  return host
}

/**
 * A host on a new database of the engine under test: a SQLite file in the `unit` project, a
 * PostgreSQL database in the `postgres` one (see testStore()).
 */
export async function startTestHost(): Promise<ApiHost<Store>> {
  if (!testingPostgres()) return startHost()
  const database = await postgresDatabase()
  const host = await hostOn(database.url)
  addresses.set(host, database.url)
  return host
}

/** A host on a new database of the engine under test holding the demo dataset (see demoDatabase). */
export async function startDemoTestHost(options: DemoOptions = {}): Promise<ApiHost<Store>> {
  const address = await demoDatabase(options)
  const host = await hostOn(address)
  addresses.set(host, address)
  return host
}

/** Each host's database, as a file path or a postgresql:// URL with its password. */
const addresses = new WeakMap<ApiHost<Store>, string>()

async function hostOn(address: string): Promise<ApiHost<Store>> {
  const host = await createApiHost(parseDatabaseTarget(address), { dataDir: path.join(tempDir(), 'machine') })
  hosts.push(host)
  if (!host.store) throw new Error(`The test database did not open: ${host.openError?.message}`)
  return host
}

/** Another host on the same database as `host` (another animator's laptop on the team database), closed after the test. */
export async function startHostBeside(host: ApiHost<Store>): Promise<ApiHost<Store>> {
  return hostOn(addresses.get(host) ?? (host.store as SqliteStore).file)
}

export async function call<N extends ApiName>(host: ApiHost<Store>, name: N, args?: ApiArgs<N>): Promise<ApiResult<N>> {
  const envelope = await host.call(name, args)
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`)
  return envelope.value as ApiResult<N>
}

/** The rows of an exported workbook's sheet, as objects keyed by the header row. */
export async function readSheet(host: ApiHost<Store>, fileId: string, sheetName: string): Promise<Record<string, unknown>[]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(host.files.resolve(fileId).path)
  const sheet = workbook.getWorksheet(sheetName)
  if (!sheet) throw new Error(`no sheet « ${sheetName} »`)
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
  const records: Record<string, unknown>[] = []
  for (let r = 2; r <= sheet.actualRowCount; r++) {
    const row = sheet.getRow(r)
    records.push(Object.fromEntries(headers.map((header, i) => [header, row.getCell(i + 1).value ?? null])))
  }
  return records
}

/** A small CSV file written in `folder`, one line per entry. */
export function csvFile(folder: string, name: string, lines: string[]): string {
  const file = path.join(folder, name)
  fs.writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

/** Imports a file of organisations through the host as the screen does: inspected, then committed with the guessed columns. */
export async function importOrganisations(host: ApiHost<Store>, file: string) {
  const handle = host.files.register(file)
  const inspection = await call(host, 'actors.import.inspect', { fileId: handle.id, target: 'organisations' })
  return call(host, 'actors.import.commit', { fileId: handle.id, target: 'organisations', mapping: inspection.guessed, defaultProfile: 'entreprise' })
}
