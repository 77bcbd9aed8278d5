import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sha256, tempDir, tempStore } from '../../tests/helpers/temp'
import { AppError } from '../errors'
import { SCHEMA_VERSION } from '../migrations'
import { connect, openStore } from './connection'
import { backupTo, checkDatabase } from './maintenance'

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}

/** A valid database file, closed, then damaged in its middle pages. */
async function damagedFile(): Promise<string> {
  const file = path.join(tempDir(), 'damaged.sqlite')
  const store = await openStore(file)
  await store.db
    .insertInto('organisations')
    .values(Array.from({ length: 400 }, (_, i) => ({ name: `Organisation ${i} ${'x'.repeat(200)}`, profileCode: 'entreprise' })))
    .execute()
  await store.close()
  const bytes = fs.readFileSync(file)
  bytes.fill(0x5a, 4096 * 3, 4096 * 6)
  fs.writeFileSync(file, bytes)
  return file
}

describe('openStore', () => {
  it('sets every pragma explicitly', async () => {
    const store = await tempStore()
    const pragma = (name: string) => store.sqlite.pragma(name, { simple: true })
    expect(pragma('journal_mode')).toBe('wal')
    expect(pragma('synchronous')).toBe(2) // FULL
    expect(pragma('foreign_keys')).toBe(1)
    expect(pragma('busy_timeout')).toBe(5000)
    expect(pragma('journal_size_limit')).toBe(64 * 1024 * 1024)
    expect(store.schemaVersion).toBe(SCHEMA_VERSION)
  })

  it('reopens a used database without migrating it again', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'used.sqlite')
    const first = await openStore(file)
    await first.db.insertInto('organisations').values({ name: 'Lycée Robert Schuman', profileCode: 'education', townCode: '94018' }).execute()
    await first.close()
    const second = await openStore(file)
    const rows = await second.db.selectFrom('organisations').select('name').execute()
    expect(rows).toEqual([{ name: 'Lycée Robert Schuman' }])
    expect(await second.db.selectFrom('schemaMigrations').select('name').execute()).toHaveLength(SCHEMA_VERSION)
    await second.close()
  })

  it('refuses a damaged file with a French message and leaves it untouched', async () => {
    const file = await damagedFile()
    const before = sha256(file)
    const error = await expectAppError(openStore(file), 'database_damaged')
    expect(error.message).toMatch(/endommagé/)
    expect(sha256(file)).toBe(before)
    // Reading a WAL-mode file may create an empty -wal beside it; nothing is ever written to it.
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0)
  })

  it('refuses a file that is not a database at all', async () => {
    const file = path.join(tempDir(), 'notes.sqlite')
    fs.writeFileSync(file, 'Ceci est un fichier texte, pas une base de données.\n'.repeat(100))
    const before = sha256(file)
    await expectAppError(openStore(file), 'database_damaged')
    expect(sha256(file)).toBe(before)
  })

  it('refuses a database made by a newer version and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'newer.sqlite')
    const store = await openStore(file)
    await store.close()
    const raw = new BetterSqlite3(file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.prepare("insert into schema_migrations (name, applied_at) values ('9999-future', 'x')").run()
    raw.pragma('wal_checkpoint(TRUNCATE)')
    raw.close()
    const before = sha256(file)
    const error = await expectAppError(openStore(file), 'database_too_new')
    expect(error.message).toMatch(/version plus récente/)
    expect(sha256(file)).toBe(before)
  })

  it('refuses a database whose history is not this app’s', async () => {
    const file = path.join(tempDir(), 'foreign.sqlite')
    const raw = new BetterSqlite3(file)
    raw.exec("create table schema_migrations (name text primary key, applied_at text); insert into schema_migrations values ('0001-other', 'x'); pragma user_version = 1;")
    raw.close()
    await expectAppError(openStore(file), 'database_history_mismatch')
  })

  it('runs beforeMigrate with the file still at its old version', async () => {
    const file = path.join(tempDir(), 'old.sqlite')
    const old = await openStore(file, { targetVersion: 1 })
    await old.close()
    const seen: number[] = []
    const store = await openStore(file, {
      beforeMigrate: ({ from }) => {
        const raw = new BetterSqlite3(file, { readonly: true })
        seen.push(from, raw.pragma('user_version', { simple: true }) as number)
        raw.close()
      },
    })
    expect(seen).toEqual([1, 1])
    expect(store.schemaVersion).toBe(SCHEMA_VERSION)
    await store.close()
  })
})

describe('backupTo', () => {
  it('writes a verified copy while another connection keeps writing', async () => {
    const store = await tempStore()
    const writer = connect(store.file, {})
    const insert = writer.prepare("insert into organisations (name, profile_code) values (?, 'association')")
    for (let i = 0; i < 500; i++) insert.run(`Association ${i}`)
    writer.exec('begin')
    for (let i = 500; i < 600; i++) insert.run(`Association ${i}`)
    // Uncommitted rows must not reach the copy.
    const target = path.join(tempDir(), 'copy.sqlite')
    backupTo(store.sqlite, target)
    writer.exec('commit')
    writer.close()
    const copy = new BetterSqlite3(target, { readonly: true })
    expect(copy.prepare('select count(*) from organisations').pluck().get()).toBe(500)
    expect(checkDatabase(copy).ok).toBe(true)
    copy.close()
  })

  it('never overwrites an existing file', async () => {
    const store = await tempStore()
    const target = path.join(tempDir(), 'existing.sqlite')
    fs.writeFileSync(target, 'precious')
    expect(() => backupTo(store.sqlite, target)).toThrow(/existe déjà/)
    expect(fs.readFileSync(target, 'utf8')).toBe('precious')
  })
})
