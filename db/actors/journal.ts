import { sql, type ExpressionBuilder } from 'kysely'
import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import { weekOf } from '../rules/dates'
import { FOLLOW_UP_PERIOD, type FollowUpPeriod, type FollowUpState, type InteractionKind } from '../rules/actor-values'
import { followUpState } from '../rules/follow-ups'
import type { Database, Db } from '../schema'
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

export async function updateInteraction(db: Db, id: number, input: InteractionInput, version?: number): Promise<void> {
  const { ref, row } = rowOf(input)
  await assertActorExists(db, ref)
  await updateVersioned(db, 'interactions', id, version, { ...row, updatedAt: new Date().toISOString() }, "Cet échange n'existe plus.")
}

/**
 * Marks the next step of an interaction as done (or not done, with null). Returns what it was
 * before, for reopenNextStep to put it back exactly (call it in a transaction).
 */
export async function completeNextStep(db: Db, id: number, doneOn: string | null): Promise<{ updatedAt: string }> {
  const before = await db.selectFrom('interactions').select('updatedAt').where('id', '=', id).where('nextStep', 'is not', null).executeTakeFirst()
  if (!before) throw new AppError('not_found', "Cet échange n'a pas de prochaine étape.")
  await db.updateTable('interactions').set({ nextStepDoneOn: doneOn, updatedAt: new Date().toISOString() }).where('id', '=', id).execute()
  return { updatedAt: before.updatedAt }
}

/**
 * The undo of « Fait »: the step is open again, as it was before (its last change time included),
 * unless it has changed since it was marked done on `doneOn`.
 */
export async function reopenNextStep(db: Db, id: number, done: { doneOn: string; updatedAt: string }): Promise<void> {
  const result = await db
    .updateTable('interactions')
    .set({ nextStepDoneOn: null, updatedAt: done.updatedAt })
    .where('id', '=', id)
    .where('nextStep', 'is not', null)
    .where('nextStepDoneOn', '=', done.doneOn)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) {
    throw new AppError('conflict', "Cette étape a changé depuis (supprimée, rouverte ou modifiée) : elle n'a pas été rouverte.")
  }
}

export async function deleteInteraction(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'interactions', id, version)
  const result = await db.deleteFrom('interactions').where('id', '=', id).executeTakeFirst()
  if (Number(result.numDeletedRows) === 0) throw new AppError('not_found', "Cet échange n'existe plus.")
}

export interface FollowUpQuery {
  today: string
  /** One animator's follow-ups; everyone's when absent or null. */
  animator?: string | null
  /** One actor's: an organisation's own; a person's own and those where they were the contact. */
  actor?: ActorRef
  /** One period; all of them, in the list's order, when absent or null. */
  period?: FollowUpPeriod | null
  offset?: number
  limit?: number
  /** All periods, the first `perPeriod` of each (an overview): offset and limit do not apply. */
  perPeriod?: number
}

export interface FollowUp {
  id: number
  actorKey: string
  actorName: string
  kind: InteractionKind
  occurredOn: string
  animator: string
  summary: string
  nextStep: string
  nextStepDueOn: string | null
  state: FollowUpState
}

export interface FollowUpPage {
  today: string
  /** The Sunday that ends this week. */
  weekEnd: string
  counts: Record<FollowUpPeriod, number>
  /** How many follow-ups the period asked holds (all periods: their sum). */
  total: number
  offset: number
  rows: FollowUp[]
}

type OpenStepsBuilder = ExpressionBuilder<Database, 'interactions'>

/** The open next steps (not done) the query is about, in the terms of the partial index on them (0012). */
function openSteps(eb: OpenStepsBuilder, query: FollowUpQuery) {
  const terms = [eb('nextStep', 'is not', null), eb('nextStepDoneOn', 'is', null)]
  if (query.animator) terms.push(eb('animator', '=', query.animator))
  const actor = query.actor
  if (actor) terms.push(actor.kind === 'organisation' ? eb('organisationId', '=', actor.id) : eb.or([eb('personId', '=', actor.id), eb('contactPersonId', '=', actor.id)]))
  return eb.and(terms)
}

/** Each period's days; a dated one also in the terms of the partial index on the dated open steps (0003). */
function periodSteps(eb: OpenStepsBuilder, period: FollowUpPeriod, today: string, weekEnd: string) {
  if (period === 'sans_echeance') return eb('nextStepDueOn', 'is', null)
  const dated = eb('nextStepDueOn', 'is not', null)
  if (period === 'en_retard') return eb.and([dated, eb('nextStepDueOn', '<', today)])
  if (period === 'cette_semaine') return eb.and([dated, eb.between('nextStepDueOn', today, weekEnd)])
  return eb.and([dated, eb('nextStepDueOn', '>', weekEnd)])
}

/** Each period's order: the freshest overdue first (last week's before last year's), then the soonest; undated ones newest first. */
const PERIOD_ORDER: Record<FollowUpPeriod, { column: 'nextStepDueOn' | 'occurredOn'; direction: 'asc' | 'desc' }> = {
  en_retard: { column: 'nextStepDueOn', direction: 'desc' },
  cette_semaine: { column: 'nextStepDueOn', direction: 'asc' },
  plus_tard: { column: 'nextStepDueOn', direction: 'asc' },
  sans_echeance: { column: 'occurredOn', direction: 'desc' },
}

/**
 * The « À relancer » list: every open next step with its due date, cut into overdue, this week
 * (today to Sunday), later and undated, one page at a time. The counts and a page are read from the
 * partial indexes on the open steps (0003, 0012), so that a page costs the same among 30,000 as
 * among 30.
 */
export async function listFollowUps(db: Db, query: FollowUpQuery): Promise<FollowUpPage> {
  const { today } = query
  const weekEnd = weekOf(today).sunday
  const offset = Math.max(0, query.offset ?? 0)
  const limit = Math.max(0, query.limit ?? 50)
  const counted = await db
    .selectFrom('interactions')
    .where((eb) => openSteps(eb, query))
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('nextStepDueOn', '<', today).as('overdue'),
      eb.fn.countAll<number>().filterWhere((inner) => inner.between('nextStepDueOn', today, weekEnd)).as('thisWeek'),
      eb.fn.countAll<number>().filterWhere('nextStepDueOn', '>', weekEnd).as('later'),
      eb.fn.countAll<number>().filterWhere('nextStepDueOn', 'is', null).as('undated'),
    ])
    .executeTakeFirstOrThrow()
  const counts: Record<FollowUpPeriod, number> = {
    en_retard: Number(counted.overdue),
    cette_semaine: Number(counted.thisWeek),
    plus_tard: Number(counted.later),
    sans_echeance: Number(counted.undated),
  }

  // The page's ids, period by period in the list's order, each period from its own index range.
  const periods: readonly FollowUpPeriod[] = query.period ? [query.period] : FOLLOW_UP_PERIOD.codes
  const overview = !query.period && query.perPeriod !== undefined
  const ids: number[] = []
  let start = 0
  for (const period of periods) {
    const from = overview ? 0 : Math.max(0, offset - start)
    const take = overview ? Math.min(query.perPeriod!, counts[period]) : Math.min(limit - ids.length, counts[period] - from)
    start += counts[period]
    if (take <= 0) continue
    const { column, direction } = PERIOD_ORDER[period]
    const page = await db
      .selectFrom('interactions')
      .select('id')
      .where((eb) => eb.and([openSteps(eb, query), periodSteps(eb, period, today, weekEnd)]))
      .orderBy(column, direction)
      .orderBy('id', direction)
      .limit(take)
      .offset(from)
      .execute()
    ids.push(...page.map((row) => row.id))
  }
  const total = periods.reduce((sum, period) => sum + counts[period], 0)
  if (ids.length === 0) return { today, weekEnd, counts, total, offset: overview ? 0 : offset, rows: [] }

  const details = await db
    .selectFrom('interactions as i')
    .leftJoin('organisations as o', 'o.id', 'i.organisationId')
    .leftJoin('people as p', 'p.id', 'i.personId')
    .select(['i.id', 'i.kind', 'i.occurredOn', 'i.animator', 'i.summary', 'i.nextStep', 'i.nextStepDueOn', ...linkedActorColumns('i')])
    .where('i.id', 'in', ids)
    .execute()
  const byId = new Map(details.map((row) => [row.id, row]))
  const rows = ids.flatMap((id): FollowUp[] => {
    const row = byId.get(id)
    if (!row) return []
    return [
      {
        id: row.id,
        ...linkedActor(row),
        kind: row.kind,
        occurredOn: row.occurredOn,
        animator: row.animator,
        summary: row.summary,
        nextStep: row.nextStep!,
        nextStepDueOn: row.nextStepDueOn,
        state: followUpState(row.nextStepDueOn, today),
      },
    ]
  })
  return { today, weekEnd, counts, total, offset: overview ? 0 : offset, rows }
}

export async function listAnimators(db: Db): Promise<string[]> {
  // From one name to the next on the index of animators (0014): a few seeks, not a scan of the journal.
  const { rows } = await sql<{ name: string }>`with recursive names(name) as (
      select min(animator) from interactions
      union all
      select (select min(animator) from interactions where animator > names.name) from names where names.name is not null
    )
    select name from names where name is not null`.execute(db)
  return rows.map((row) => row.name)
}

/** The kind of exchange the journal holds most often (a new entry starts on it), null while it is empty. */
export async function usualInteractionKind(db: Db): Promise<InteractionKind | null> {
  const row = await db
    .selectFrom('interactions')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('kind')
    .orderBy('count', 'desc')
    .orderBy('kind')
    .executeTakeFirst()
  return row?.kind ?? null
}
