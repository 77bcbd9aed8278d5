import { AppError } from '../errors'
import { foldText, keySimilarity, organisationNameKey } from '../rules/text'
import type { Db } from '../schema'
import { actorKey, organisationKey, personKey, personName, type ActorKind } from '../rules/actor-keys'

// Likely duplicates: warnings at entry, the list of likely pairs, dismissing (merging walks the
// schema's foreign keys: merge.ts).

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
export async function listDuplicatePairs(db: Db, limit = 500): Promise<DuplicatePair[]> {
  const dismissed = new Set(
    (await db.selectFrom('duplicateDismissals').select(['kind', 'firstId', 'secondId']).execute()).map((row) => `${row.kind}:${row.firstId}:${row.secondId}`),
  )
  const pairs: DuplicatePair[] = []
  const consider = (kind: ActorKind, a: Candidate, b: Candidate, reason: string, score: number) => {
    const [first, second] = a.id < b.id ? [a, b] : [b, a]
    if (dismissed.has(`${kind}:${first.id}:${second.id}`)) return
    const strip = ({ blockKey: _b, nameKey: _n, ...rest }: Candidate) => rest
    pairs.push({ kind, first: strip(first), second: strip(second), reason, score })
  }

  const organisations = (
    await db
      .selectFrom('organisations as o')
      .leftJoin('towns as t', 't.inseeCode', 'o.townCode')
      .select((eb) => [
        'o.id',
        'o.name',
        eb.fn.coalesce('t.name', 'o.outsideTown').as('town'),
        'o.email',
        eb.fn.coalesce('o.siret', 'o.rna', 'o.uai').as('identifier'),
        'o.townCode',
      ])
      .where('o.closedOn', 'is', null)
      .execute()
  ).map((row) => {
    const nameKey = organisationNameKey(row.name)
    const candidate = { id: row.id, key: organisationKey(row.id), name: row.name, town: row.town, email: row.email, identifier: row.identifier }
    return { ...candidate, nameKey, blockKey: `${row.townCode ?? '-'}|${nameKey.slice(0, 3)}` }
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
    await db
      .selectFrom('people as p')
      .leftJoin('towns as t', 't.inseeCode', 'p.townCode')
      .select((eb) => ['p.id', 'p.firstName', 'p.lastName', eb.fn.coalesce('t.name', 'p.outsideTown').as('town'), 'p.email'])
      .execute()
  ).map((row) => {
    const name = personName(row.firstName, row.lastName)
    return { id: row.id, key: personKey(row.id), name, town: row.town, email: row.email, identifier: null, nameKey: foldText(name), blockKey: `${foldText(name)}|${row.town ?? ''}` }
  })
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
