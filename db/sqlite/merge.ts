import type BetterSqlite3 from 'better-sqlite3'
import { AppError } from '../errors'
import type { ActorKind } from '../rules/actor-keys'
import { MERGEABLE_FIELDS } from '../rules/merge-fields'
import { quoteId, repointReferences } from './schema-info'

// SQLite-only: merging two records of the directory moves every link to the kept one, found from
// the schema's foreign keys, so that tables added by later migrations are covered.

const snakeCase = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

/**
 * Merges `removeId` into `keepId`, in one transaction: chosen fields are copied from the removed
 * record, then every link (journal, tags, affiliations, offers, requests, and any table that refers
 * to the record) moves to the kept one, and the removed record is deleted.
 */
export function mergeActors(sqlite: BetterSqlite3.Database, kind: ActorKind, keepId: number, removeId: number, takeFromRemoved: string[]): void {
  if (keepId === removeId) throw new AppError('invalid_input', 'Choisissez deux fiches différentes.')
  const table = kind === 'organisation' ? 'organisations' : 'people'
  const allowed = new Set<string>(MERGEABLE_FIELDS[kind])
  const unknown = takeFromRemoved.find((field) => !allowed.has(field))
  if (unknown) throw new AppError('invalid_input', `Champ inconnu pour la fusion : ${unknown}.`)
  sqlite.transaction(() => {
    const read = sqlite.prepare(`select * from ${table} where id = ?`)
    const keep = read.get(keepId) as Record<string, unknown> | undefined
    const remove = read.get(removeId) as Record<string, unknown> | undefined
    if (!keep || !remove) throw new AppError('not_found', "L'une des deux fiches n'existe plus.")
    const columns = takeFromRemoved.map(snakeCase)
    // The SIREN is part of the SIRET: it goes with it.
    if (columns.includes('siret')) columns.push('siren')
    // Identifiers are unique: free them on the removed record before copying them over.
    if (kind === 'organisation') sqlite.prepare('update organisations set siret = null, rna = null, uai = null where id = ?').run(removeId)
    if (columns.length > 0) {
      const sets = [...columns.map((column) => `${quoteId(column)} = ?`), 'updated_at = ?']
      sqlite.prepare(`update ${table} set ${sets.join(', ')} where id = ?`).run(...columns.map((column) => remove[column]), new Date().toISOString(), keepId)
    }
    repointReferences(sqlite, table, removeId, keepId)
    // Both records may have belonged to the same organisation (or had the same person): one link is enough.
    sqlite
      .prepare(
        `delete from affiliations where id in (select a.id from affiliations a join affiliations b on a.person_id = b.person_id and a.organisation_id = b.organisation_id
           and coalesce(a.role, '') = coalesce(b.role, '') and coalesce(a.started_on, '') = coalesce(b.started_on, '') and coalesce(a.ended_on, '') = coalesce(b.ended_on, '') and a.id > b.id
         where a.${kind === 'organisation' ? 'organisation_id' : 'person_id'} = ?)`,
      )
      .run(keepId)
    sqlite.prepare(`delete from ${table} where id = ?`).run(removeId)
  })()
}
