import { AppError } from '../errors'
import type { Db } from '../schema'
import { linkColumns, parseActorKey, type ActorRef } from '../rules/actor-keys'
import { interactionInput, type InteractionInput } from './schemas'
import { linkedActor, linkedActorColumns } from './linked'

async function assertActorExists(db: Db, ref: ActorRef): Promise<void> {
  const table = ref.kind === 'organisation' ? 'organisations' : 'people'
  const found = await db.selectFrom(table).select('id').where('id', '=', ref.id).executeTakeFirst()
  if (!found) throw new AppError('not_found', "Cet acteur n'existe pas (ou plus).")
}

function rowOf(input: InteractionInput) {
  const data = interactionInput.parse(input)
  if (data.nextStepDueOn && !data.nextStep) {
    throw new AppError('invalid_input', "Décrivez la prochaine étape avant de lui donner une échéance.", { field: 'nextStep' })
  }
  const ref = parseActorKey(data.actor)
  return {
    ref,
    row: {
      ...linkColumns(ref),
      contactPersonId: data.contactPersonId ?? null,
      kind: data.kind,
      occurredOn: data.occurredOn,
      animator: data.animator,
      summary: data.summary,
      nextStep: data.nextStep ?? null,
      nextStepDueOn: data.nextStepDueOn ?? null,
    },
  }
}

export async function addInteraction(db: Db, input: InteractionInput): Promise<number> {
  const { ref, row } = rowOf(input)
  await assertActorExists(db, ref)
  const result = await db.insertInto('interactions').values(row).returning('id').executeTakeFirstOrThrow()
  return result.id
}

export async function updateInteraction(db: Db, id: number, input: InteractionInput): Promise<void> {
  const { ref, row } = rowOf(input)
  await assertActorExists(db, ref)
  const result = await db.updateTable('interactions').set({ ...row, updatedAt: new Date().toISOString() }).where('id', '=', id).executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found', "Cet échange n'existe plus.")
}

/** Marks the next step of an interaction as done (or not done, with null). */
export async function completeNextStep(db: Db, id: number, doneOn: string | null): Promise<void> {
  const result = await db
    .updateTable('interactions')
    .set({ nextStepDoneOn: doneOn, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .where('nextStep', 'is not', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found', "Cet échange n'a pas de prochaine étape.")
}

export async function deleteInteraction(db: Db, id: number): Promise<void> {
  const result = await db.deleteFrom('interactions').where('id', '=', id).executeTakeFirst()
  if (Number(result.numDeletedRows) === 0) throw new AppError('not_found', "Cet échange n'existe plus.")
}

/**
 * The « À relancer » list: next steps not done whose due date has come (overdue or due today),
 * plus those due within `horizonDays`.
 */
export async function listFollowUps(db: Db, options: { today: string; horizonDays?: number; animator?: string | null }) {
  const horizon = new Date(`${options.today}T00:00:00Z`)
  horizon.setUTCDate(horizon.getUTCDate() + (options.horizonDays ?? 7))
  let query = db
    .selectFrom('interactions as i')
    .leftJoin('organisations as o', 'o.id', 'i.organisationId')
    .leftJoin('people as p', 'p.id', 'i.personId')
    .select([
      'i.id',
      'i.kind',
      'i.occurredOn',
      'i.animator',
      'i.summary',
      'i.nextStep',
      'i.nextStepDueOn',
      ...linkedActorColumns('i'),
    ])
    .where('i.nextStepDoneOn', 'is', null)
    .where('i.nextStepDueOn', 'is not', null)
    .where('i.nextStepDueOn', '<=', horizon.toISOString().slice(0, 10))
    .orderBy('i.nextStepDueOn')
  if (options.animator) query = query.where('i.animator', '=', options.animator)
  const rows = await query.execute()
  return rows.map((row) => ({
    id: row.id,
    ...linkedActor(row),
    kind: row.kind,
    occurredOn: row.occurredOn,
    animator: row.animator,
    summary: row.summary,
    nextStep: row.nextStep!,
    nextStepDueOn: row.nextStepDueOn!,
    state: row.nextStepDueOn! < options.today ? ('en_retard' as const) : row.nextStepDueOn === options.today ? ('aujourdhui' as const) : ('a_venir' as const),
  }))
}

export async function listAnimators(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('interactions').select('animator').distinct().orderBy('animator').execute()
  return rows.map((row) => row.animator)
}
