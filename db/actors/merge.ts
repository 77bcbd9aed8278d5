import { sql } from 'kysely'
import { AppError, toAppError } from '../errors'
import { introspectionOf, referencesTo } from '../introspection'
import type { ActorKind } from '../rules/actor-keys'
import { MERGEABLE_FIELDS } from '../rules/merge-fields'
import type { Db } from '../schema'
import { inTransaction } from '../transaction'
import { snakeCase } from '../rules/text'

// Merging two records of the directory moves every link to the kept one, found from the schema's
// foreign keys, so that tables added by later migrations are covered.


/**
 * Points every reference to `fromId` at `toId` instead. Where the move would create a duplicate
 * link (a unique index), the redundant link of `fromId` is dropped. Every referring table has an
 * `id`: each row moves on its own, under a savepoint, so that one refused move undoes only itself.
 */
async function repointReferences(trx: Db, target: string, fromId: number, toId: number): Promise<number> {
  let moved = 0
  for (const { table, column } of await referencesTo(introspectionOf(trx), target)) {
    const { rows } = await sql<{ id: number }>`select id from ${sql.table(table)} where ${sql.ref(column)} = ${fromId}`.execute(trx)
    for (const { id } of rows) {
      await sql`savepoint repoint`.execute(trx)
      try {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${toId} where id = ${id}`.execute(trx)
        moved++
      } catch (error) {
        await sql`rollback to savepoint repoint`.execute(trx)
        if (toAppError(error).code !== 'duplicate') throw error
      }
      await sql`release savepoint repoint`.execute(trx)
    }
    await sql`delete from ${sql.table(table)} where ${sql.ref(column)} = ${fromId}`.execute(trx)
  }
  return moved
}

/**
 * Merges `removeId` into `keepId`, all or nothing (in the caller's transaction, or in one of its
 * own): chosen fields are copied from the removed record, then every link (journal, tags,
 * affiliations, offers, requests, and any table that refers to the record) moves to the kept one,
 * and the removed record is deleted.
 */
export async function mergeActors(db: Db, kind: ActorKind, keepId: number, removeId: number, takeFromRemoved: string[]): Promise<void> {
  if (keepId === removeId) throw new AppError('invalid_input', 'Choisissez deux fiches différentes.')
  const table = kind === 'organisation' ? 'organisations' : 'people'
  const allowed = new Set<string>(MERGEABLE_FIELDS[kind])
  const unknown = takeFromRemoved.find((field) => !allowed.has(field))
  if (unknown) throw new AppError('invalid_input', `Champ inconnu pour la fusion : ${unknown}.`)
  const merge = async (trx: Db) => {
    const read = async (id: number) => (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where id = ${id}`.execute(trx)).rows[0]
    const keep = await read(keepId)
    const remove = await read(removeId)
    if (!keep || !remove) throw new AppError('not_found', "L'une des deux fiches n'existe plus.")
    const fields = [...takeFromRemoved]
    // The SIREN is part of the SIRET: it goes with it.
    if (fields.includes('siret')) fields.push('siren')
    // Identifiers are unique: free them on the removed record before copying them over.
    if (kind === 'organisation') await trx.updateTable('organisations').set({ siret: null, rna: null, uai: null }).where('id', '=', removeId).execute()
    if (fields.length > 0) {
      // Rows come back with camelCase keys (the store's plugin), the fields' own names.
      const sets = fields.map((field) => sql`${sql.ref(snakeCase(field))} = ${remove[field]}`)
      await sql`update ${sql.table(table)} set ${sql.join([...sets, sql`updated_at = ${new Date().toISOString()}`])} where id = ${keepId}`.execute(trx)
    }
    await repointReferences(trx, table, removeId, keepId)
    // Both records may have belonged to the same organisation (or had the same person): one link is enough.
    await sql`delete from affiliations where id in (select a.id from affiliations a join affiliations b on a.person_id = b.person_id and a.organisation_id = b.organisation_id
           and coalesce(a.role, '') = coalesce(b.role, '') and coalesce(a.started_on, '') = coalesce(b.started_on, '') and coalesce(a.ended_on, '') = coalesce(b.ended_on, '') and a.id > b.id
         where a.${sql.raw(kind === 'organisation' ? 'organisation_id' : 'person_id')} = ${keepId})`.execute(trx)
    await sql`delete from ${sql.table(table)} where id = ${removeId}`.execute(trx)
  }
  await inTransaction(db, merge)
}
