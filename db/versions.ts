import { sql, type Updateable } from 'kysely'
import { lastChange, type LastChange, type RecordOf } from './audit/last-change'
import { AppError } from './errors'
import { formatParisTime } from './rules/format'
import type { Database, Db } from './schema'
import { snakeCase } from './rules/text'

// Optimistic concurrency for the records the forms edit (0013-record-versions). A form loads a
// record with its version and sends it back with the save; the save changes the record only if
// it is still at that version, and moves it on. A save (or a deletion) made on an older copy is
// refused with who changed the record and when, from the audit trail: never a silent overwrite.
// Engine-neutral: one conditional update, the same on SQLite and PostgreSQL.

/** The tables whose records carry a version, as the code names them (camelCase). */
export const VERSIONED_TABLES = [
  'organisations',
  'people',
  'affiliations',
  'engagementOffers',
  'actorRequests',
  'interactions',
  'workingGroups',
  'groupMembers',
  'groupMeetings',
  'proposedActions',
  'copilMembers',
  'copilSessions',
  'copilDecisions',
  'editions',
  'programmePartners',
  'editionPartners',
  'sequences',
  'sequenceSessions',
  'pupils',
  'placements',
  'mentoringPairs',
  'mentoringMeetings',
  'indicatorTargets',
  'indicatorValues',
  'impactNarratives',
] as const satisfies readonly (keyof Database)[]

export type VersionedTable = (typeof VERSIONED_TABLES)[number]
/** The versioned tables whose records are known by an integer id. */
export type VersionedById = Exclude<VersionedTable, 'indicatorTargets' | 'impactNarratives'>

/** The SQL name of a table the code names in camelCase (the audit trail records SQL names). */
export function sqlTableName(table: string): string {
  return snakeCase(table)
}

/** « Cette fiche a été modifiée par Camille à 10 h 42 », from the record's last change in the audit trail. */
export function staleMessage(change: LastChange | null, now: Date = new Date()): string {
  if (!change) return 'Cette fiche a été modifiée entre-temps.'
  const when = formatParisTime(change.at, now)
  const at = when.startsWith('le ') ? when : `à ${when}`
  if (change.animator) return `Cette fiche a été modifiée par ${change.animator} ${at}.`
  if (change.kind === 'direct') return `Cette fiche a été modifiée ${at}, en dehors de l’application.`
  return `Cette fiche a été modifiée ${at} (${change.label}).`
}

/** What a refused save tells the screen, beside its French message. */
export interface StaleDetails {
  stale: true
  animator: string | null
  at: string | null
}

/** Refuses a save or a deletion made on an older copy of a record, naming who changed it and when. */
async function refuse(db: Db, table: VersionedTable, record: RecordOf, action: 'save' | 'delete'): Promise<never> {
  const change = await lastChange(db, sqlTableName(table), record)
  const outcome = action === 'save' ? 'vos modifications n’ont pas été enregistrées.' : 'elle n’a pas été supprimée.'
  const details: StaleDetails = { stale: true, animator: change?.animator ?? null, at: change?.at ?? null }
  throw new AppError('conflict', `${staleMessage(change).replace(/\.$/, '')} : ${outcome}`, details)
}

async function exists(db: Db, table: VersionedById, id: number): Promise<boolean> {
  // The table is one of the versioned ones, all with an integer id: Kysely cannot type a union of tables.
  return (await (db as Db).selectFrom(table as 'organisations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

/**
 * Updates one record if it is still at `version` (when given), and moves its version on. Throws
 * not_found (`notFound`, French) when the record is gone, conflict with who changed it and when
 * when it changed since the form loaded it.
 */
export async function updateVersioned<Table extends VersionedById>(
  db: Db,
  table: Table,
  id: number,
  version: number | undefined,
  values: Updateable<Database[Table]>,
  notFound: string,
): Promise<void> {
  // One table of the union stands for all in the query's types.
  let query = (db as Db)
    .updateTable(table as 'organisations')
    .set({ ...(values as Updateable<Database['organisations']>), version: sql<number>`version + 1` })
    .where('id', '=', id)
  if (version !== undefined) query = query.where('version', '=', version)
  const result = await query.executeTakeFirst()
  if (Number(result.numUpdatedRows) > 0) return
  if (!(await exists(db, table, id))) throw new AppError('not_found', notFound)
  await refuse(db, table, { rowId: id }, 'save')
}

/**
 * Before a deletion: refuses it when the record changed since the form or list showed it at
 * `version`, and holds the record (its version moved on in this transaction) until the deletion.
 * A record already gone is no error: there is nothing left to delete.
 */
export async function claimForDeletion(db: Db, table: VersionedById, id: number, version: number | undefined): Promise<boolean> {
  if (version === undefined) return exists(db, table, id)
  const result = await (db as Db)
    .updateTable(table as 'organisations')
    .set({ version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) > 0) return true
  if (!(await exists(db, table, id))) return false
  return refuse(db, table, { rowId: id }, 'delete')
}

/**
 * For the records saved by their key (an indicator's target, value and narrative for a period):
 * refuses the save when the record is not at the version its form saw (`expected`: null when the
 * form saw none). Nothing is checked without an expected version.
 */
export async function checkVersion(
  db: Db,
  table: 'indicatorTargets' | 'indicatorValues' | 'impactNarratives',
  current: { version: number; id?: number } | undefined,
  expected: number | null | undefined,
  key: unknown[],
): Promise<void> {
  if (expected === undefined || (current?.version ?? null) === expected) return
  await refuse(db, table, current?.id !== undefined ? { rowId: current.id } : { rowKey: JSON.stringify(key) }, 'save')
}
