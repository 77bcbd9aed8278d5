import { linkedActorKey, linkedActorName } from '../rules/actor-keys'

// A row that links to an actor (partner, participant, candidate, attendee, decision owner…)
// holds organisation_id or person_id; its queries join `organisations as o` and `people as p`.

/** The columns that name the linked actor of a row aliased `alias`, to spread into a select. */
export function linkedActorColumns<A extends string>(alias: A) {
  return [`${alias}.organisationId`, `${alias}.personId`, 'o.name as organisationName', 'p.firstName', 'p.lastName'] as const
}

/** The actor of a link row: its key and its name. */
export function linkedActor(row: { organisationId: number | null; personId: number | null; organisationName: string | null; firstName: string | null; lastName: string | null }) {
  return { actorKey: linkedActorKey(row) ?? '', actorName: linkedActorName(row) ?? '' }
}
