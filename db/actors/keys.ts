import { AppError } from '../errors'

// An actor is an organisation or a person. Outside the database it is named by a key:
// 'o12' for organisation 12, 'p34' for person 34.

export type ActorKind = 'organisation' | 'person'
export type ActorKey = `o${number}` | `p${number}`

export interface ActorRef {
  kind: ActorKind
  id: number
}

export const ACTOR_KEY_PATTERN = /^[op][1-9]\d{0,14}$/

export function actorKey(ref: ActorRef): ActorKey {
  return `${ref.kind === 'organisation' ? 'o' : 'p'}${ref.id}` as ActorKey
}

export function parseActorKey(key: string): ActorRef {
  if (!ACTOR_KEY_PATTERN.test(key)) throw new AppError('invalid_input', `Identifiant d'acteur invalide : « ${key} ».`)
  return { kind: key[0] === 'o' ? 'organisation' : 'person', id: Number(key.slice(1)) }
}

/** The two foreign-key columns of link tables, exactly one of them set. */
export function linkColumns(ref: ActorRef): { organisationId: number | null; personId: number | null } {
  return ref.kind === 'organisation' ? { organisationId: ref.id, personId: null } : { organisationId: null, personId: ref.id }
}

export function linkColumn(ref: ActorRef): 'organisationId' | 'personId' {
  return ref.kind === 'organisation' ? 'organisationId' : 'personId'
}
