import type BetterSqlite3 from 'better-sqlite3'
import { AppError } from '../errors'
import { MERGEABLE_FIELDS } from '../rules/merge-fields'
import { foldText, keySimilarity, organisationNameKey } from '../rules/text'
import type { Db } from '../schema'
import { repointReferences } from '../sqlite/references'
import { actorKey, type ActorKind } from '../rules/actor-keys'

// Likely duplicates: warnings at entry, the list of likely pairs, merging and dismissing.

const SIMILAR = 0.82

export interface DuplicateWarning {
  key: string
  name: string
  reason: string
}

/** Warnings for a record being entered: similar name in the same town, or the same email. */
export async function findSimilar(
  db: Db,
  draft: { kind: ActorKind; id?: number | null; name: string; townCode?: string | null; email?: string | null },
): Promise<DuplicateWarning[]> {
  const warnings: DuplicateWarning[] = []
  const email = draft.email?.trim().toLowerCase() || null
  if (draft.kind === 'organisation') {
    const key = organisationNameKey(draft.name)
    if (draft.townCode && key) {
      const candidates = await db.selectFrom('organisations').select(['id', 'name']).where('townCode', '=', draft.townCode).execute()
      for (const candidate of candidates) {
        if (candidate.id === draft.id) continue
        if (keySimilarity(key, organisationNameKey(candidate.name)) >= SIMILAR) {
          warnings.push({ key: actorKey({ kind: 'organisation', id: candidate.id }), name: candidate.name, reason: 'Nom proche dans la même commune' })
        }
      }
    }
    if (email) {
      const same = await db.selectFrom('organisations').select(['id', 'name']).where('email', '=', email).execute()
      for (const row of same) if (row.id !== draft.id) warnings.push({ key: actorKey({ kind: 'organisation', id: row.id }), name: row.name, reason: 'Même courriel' })
    }
  } else {
    const folded = foldText(draft.name)
    const people = await db.selectFrom('people').select(['id', 'firstName', 'lastName', 'email', 'townCode']).execute()
    for (const person of people) {
      if (person.id === draft.id) continue
      const name = `${person.firstName} ${person.lastName}`
      if (email && person.email === email) warnings.push({ key: actorKey({ kind: 'person', id: person.id }), name, reason: 'Même courriel' })
      else if (foldText(name) === folded) warnings.push({ key: actorKey({ kind: 'person', id: person.id }), name, reason: 'Même nom' })
    }
  }
  const seen = new Set<string>()
  return warnings.filter((warning) => (seen.has(warning.key) ? false : (seen.add(warning.key), true)))
}

export interface DuplicatePair {
  kind: ActorKind
  first: { id: number; key: string; name: string; town: string | null; email: string | null; identifier: string | null }
  second: { id: number; key: string; name: string; town: string | null; email: string | null; identifier: string | null }
  reason: string
  score: number
}

type Candidate = DuplicatePair['first'] & { blockKey: string; nameKey: string }

/** Likely pairs across the directory, best first (names compared within blocks, so it scales). */
export function listDuplicatePairs(sqlite: BetterSqlite3.Database, limit = 500): DuplicatePair[] {
  const dismissed = new Set(
    (sqlite.prepare('select kind, first_id, second_id from duplicate_dismissals').all() as { kind: string; first_id: number; second_id: number }[]).map(
      (row) => `${row.kind}:${row.first_id}:${row.second_id}`,
    ),
  )
  const pairs: DuplicatePair[] = []
  const consider = (kind: ActorKind, a: Candidate, b: Candidate, reason: string, score: number) => {
    const [first, second] = a.id < b.id ? [a, b] : [b, a]
    if (dismissed.has(`${kind}:${first.id}:${second.id}`)) return
    const strip = ({ blockKey: _b, nameKey: _n, ...rest }: Candidate) => rest
    pairs.push({ kind, first: strip(first), second: strip(second), reason, score })
  }

  const organisations = (
    sqlite
      .prepare(
        `select o.id, o.name, coalesce(t.name, o.outside_town) town, o.email, coalesce(o.siret, o.rna, o.uai) identifier, o.town_code
         from organisations o left join towns t on t.insee_code = o.town_code where o.closed_on is null`,
      )
      .all() as { id: number; name: string; town: string | null; email: string | null; identifier: string | null; town_code: string | null }[]
  ).map((row) => {
    const nameKey = organisationNameKey(row.name)
    return { id: row.id, key: `o${row.id}`, name: row.name, town: row.town, email: row.email, identifier: row.identifier, nameKey, blockKey: `${row.town_code ?? '-'}|${nameKey.slice(0, 3)}` }
  })
  const found = new Set<string>()
  const pairKey = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`)
  for (const group of groupBy(organisations, (row) => row.blockKey).values()) {
    if (group.length > 400) continue
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const score = keySimilarity(group[i]!.nameKey, group[j]!.nameKey)
        if (score >= SIMILAR) {
          found.add(pairKey(group[i]!.id, group[j]!.id))
          consider('organisation', group[i]!, group[j]!, 'Nom proche dans la même commune', score)
        }
      }
    }
  }
  for (const group of groupBy(organisations.filter((row) => row.email), (row) => row.email!).values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length && j < 20; j++) {
        if (!found.has(pairKey(group[i]!.id, group[j]!.id))) consider('organisation', group[i]!, group[j]!, 'Même courriel', 0.9)
      }
    }
  }

  const people = (
    sqlite
      .prepare(
        `select p.id, p.first_name || ' ' || p.last_name name, coalesce(t.name, p.outside_town) town, p.email from people p left join towns t on t.insee_code = p.town_code`,
      )
      .all() as { id: number; name: string; town: string | null; email: string | null }[]
  ).map((row) => ({ ...row, key: `p${row.id}`, identifier: null, nameKey: foldText(row.name), blockKey: `${foldText(row.name)}|${row.town ?? ''}` }))
  for (const group of groupBy(people, (row) => row.blockKey).values()) {
    for (let i = 0; i < group.length && i < 20; i++) {
      for (let j = i + 1; j < group.length && j < 20; j++) consider('person', group[i]!, group[j]!, 'Même nom dans la même commune', 0.95)
    }
  }
  for (const group of groupBy(people.filter((row) => row.email), (row) => row.email!).values()) {
    for (let i = 0; i < group.length && i < 20; i++) {
      for (let j = i + 1; j < group.length && j < 20; j++) {
        if (group[i]!.nameKey !== group[j]!.nameKey) consider('person', group[i]!, group[j]!, 'Même courriel', 0.9)
      }
    }
  }
  return pairs.sort((a, b) => b.score - a.score || a.first.name.localeCompare(b.first.name, 'fr')).slice(0, limit)
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

export async function dismissPair(db: Db, kind: ActorKind, a: number, b: number): Promise<void> {
  if (a === b) throw new AppError('invalid_input', 'Une fiche ne peut pas être son propre doublon.')
  const [firstId, secondId] = a < b ? [a, b] : [b, a]
  await db.insertInto('duplicateDismissals').values({ kind, firstId, secondId }).onConflict((oc) => oc.doNothing()).execute()
}

/**
 * Merges `removeId` into `keepId`: chosen fields are copied from the removed record, then every
 * link (journal, tags, affiliations, offers, requests, and any table that refers to the record)
 * moves to the kept one, and the removed record is deleted. Run it inside a transaction.
 */
export async function mergeActors(
  db: Db,
  sqlite: BetterSqlite3.Database,
  kind: ActorKind,
  keepId: number,
  removeId: number,
  takeFromRemoved: string[],
): Promise<void> {
  if (keepId === removeId) throw new AppError('invalid_input', 'Choisissez deux fiches différentes.')
  const table = kind === 'organisation' ? 'organisations' : 'people'
  const allowed = new Set<string>(MERGEABLE_FIELDS[kind])
  const unknown = takeFromRemoved.find((field) => !allowed.has(field))
  if (unknown) throw new AppError('invalid_input', `Champ inconnu pour la fusion : ${unknown}.`)
  const keep = await db.selectFrom(table).selectAll().where('id', '=', keepId).executeTakeFirst()
  const remove = await db.selectFrom(table).selectAll().where('id', '=', removeId).executeTakeFirst()
  if (!keep || !remove) throw new AppError('not_found', "L'une des deux fiches n'existe plus.")
  const updates: Record<string, unknown> = {}
  for (const field of takeFromRemoved) updates[field] = (remove as Record<string, unknown>)[field]
  // The SIREN is part of the SIRET: it goes with it.
  if ('siret' in updates) updates.siren = (remove as Record<string, unknown>).siren
  // Identifiers are unique: free them on the removed record before copying them over.
  if (kind === 'organisation') {
    await db.updateTable('organisations').set({ siret: null, rna: null, uai: null }).where('id', '=', removeId).execute()
  }
  if (Object.keys(updates).length > 0) {
    await db.updateTable(table).set({ ...updates, updatedAt: new Date().toISOString() } as never).where('id', '=', keepId).execute()
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
  await db.deleteFrom(table).where('id', '=', removeId).execute()
}
