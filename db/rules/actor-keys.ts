import { AppError } from '../errors'
import type { ActorKind } from './actor-values'

// An actor is an organisation or a person. Outside the database it is named by a key: 'o12' for
// organisation 12, 'p34' for person 34; its page is /acteurs/<key>. Pure code: the data layer,
// the exports and the screens build keys, links and names here only.

export type { ActorKind }
export type ActorKey = `o${number}` | `p${number}`

export interface ActorRef {
  kind: ActorKind
  id: number
}

export const ACTOR_KEY_PATTERN = /^[op][1-9]\d{0,14}$/

export function actorKey(ref: ActorRef): ActorKey {
  return `${ref.kind === 'organisation' ? 'o' : 'p'}${ref.id}` as ActorKey
}

export const organisationKey = (id: number): ActorKey => `o${id}`
export const personKey = (id: number): ActorKey => `p${id}`

/** The key of the actor a link row points to (exactly one of the two columns set), or null. */
export function linkedActorKey(row: { organisationId: number | null; personId: number | null }): ActorKey | null {
  return row.organisationId !== null ? organisationKey(row.organisationId) : row.personId !== null ? personKey(row.personId) : null
}

/** The route of an actor's page. */
export function actorPath(key: string | ActorRef): string {
  return `/acteurs/${typeof key === 'string' ? key : actorKey(key)}`
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

/** « Inès Benali »: a person as the app writes them. */
export function personName(firstName: string | null | undefined, lastName: string | null | undefined): string {
  return [firstName, lastName].filter(Boolean).join(' ')
}

/** The name of the actor a link row points to (its organisation, else its person), or null. */
export function linkedActorName(row: { organisationName: string | null; firstName: string | null; lastName: string | null }): string | null {
  return row.organisationName ?? (row.firstName ? personName(row.firstName, row.lastName) : null)
}

/** « Inès Benali » → « Inès B. »: how a named pupil appears outside the pupil's own record. */
export function pupilShortName(firstName: string | null, lastName: string | null): string {
  if (!firstName) return 'Élève anonyme'
  const initial = (lastName ?? '').trim().charAt(0)
  return initial ? `${firstName} ${initial.toLocaleUpperCase('fr')}.` : firstName
}
