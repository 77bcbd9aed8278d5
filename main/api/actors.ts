import { z } from 'zod'
import { getActor } from '../../db/actors/detail'
import { loadDirectory } from '../../db/actors/directory'
import { dismissPair, findSimilar, listDuplicatePairs, mergeActors } from '../../db/actors/duplicates'
import { deleteAffiliation, deleteOffer, deleteRequest, saveAffiliation, saveOffer, saveRequest } from '../../db/actors/engagement'
import { addInteraction, completeNextStep, deleteInteraction, listAnimators, listFollowUps, reopenNextStep, updateInteraction } from '../../db/actors/journal'
import { parseActorKey, linkColumn } from '../../db/actors/keys'
import { createOrganisation, createPerson, deleteActor, ensureNamed, updateOrganisation, updatePerson } from '../../db/actors/records'
import {
  actorKeySchema,
  actorStatusSchema,
  affiliationInput,
  interactionInput,
  isoDate,
  offerInput,
  organisationInput,
  personInput,
  requestInput,
} from '../../db/actors/schemas'
import { deleteView, listViews, saveView } from '../../db/actors/views'
import { AppError } from '../../db/errors'
import { getReferenceData } from '../../db/reference'
import { DIRECTORY_FIELDS, type DirectoryField } from '../../db/rules/actor-columns'
import { todayIso } from '../../db/rules/dates'
import { FOLLOW_UP_PERIODS } from '../../db/rules/follow-ups'
import { searchAll } from '../../db/sqlite/search'
import { handler, mutation, noInput } from './define'

const id = z.number().int().positive()
const keys = z.array(actorKeySchema).min(1).max(200_000)

export const actorHandlers = {
  'reference.get': handler(noInput, ({ store }) => getReferenceData(store.db)),

  'actors.directory': handler(
    z
      .object({
        limit: z.number().int().positive().max(10_000).optional(),
        /** Only these fields, in this order: the grid asks for those its columns show. */
        fields: z.array(z.enum(DIRECTORY_FIELDS)).min(1).max(DIRECTORY_FIELDS.length).optional(),
      })
      .optional(),
    ({ store }, args) => loadDirectory<readonly DirectoryField[]>(store.sqlite, { limit: args?.limit, fields: args?.fields ? [...new Set(args.fields)] : undefined }),
  ),

  'actors.get': handler(z.object({ key: actorKeySchema }), ({ store }, { key }) => getActor(store.db, parseActorKey(key))),

  'actors.similar': handler(
    z.object({
      kind: z.enum(['organisation', 'person']),
      id: id.nullable().optional(),
      name: z.string().max(300),
      townCode: z.string().nullable().optional(),
      email: z.string().max(254).nullable().optional(),
    }),
    ({ store }, draft) => findSimilar(store.db, draft),
  ),

  'actors.createOrganisation': mutation(organisationInput, ({ store }, input) =>
    store.db.transaction().execute(async (trx) => ({ key: `o${await createOrganisation(trx, input)}` })),
  ),
  'actors.updateOrganisation': mutation(z.object({ id, values: organisationInput }), ({ store }, { id, values }) =>
    store.db.transaction().execute((trx) => updateOrganisation(trx, id, values)),
  ),
  'actors.createPerson': mutation(personInput, ({ store }, input) =>
    store.db.transaction().execute(async (trx) => ({ key: `p${await createPerson(trx, input)}` })),
  ),
  'actors.updatePerson': mutation(z.object({ id, values: personInput }), ({ store }, { id, values }) =>
    store.db.transaction().execute((trx) => updatePerson(trx, id, values)),
  ),
  'actors.delete': mutation(z.object({ key: actorKeySchema }), ({ store }, { key }) =>
    store.db.transaction().execute((trx) => deleteActor(trx, parseActorKey(key))),
  ),

  'actors.bulkTag': mutation(
    z.object({ keys, add: z.array(z.string().trim().min(1).max(60)).max(20).default([]), remove: z.array(z.string().trim().min(1)).max(20).default([]) }),
    ({ store }, { keys, add, remove }) =>
      store.db.transaction().execute(async (trx) => {
        const addIds = await ensureNamed(trx, 'tags', add)
        // Compared without case, accents included (SQLite's NOCASE folds ASCII only).
        const unwanted = new Set(remove.map((name) => name.toLocaleLowerCase('fr')))
        const removeIds = remove.length
          ? (await trx.selectFrom('tags').select(['id', 'name']).execute()).filter((row) => unwanted.has(row.name.toLocaleLowerCase('fr'))).map((row) => row.id)
          : []
        for (const key of keys) {
          const ref = parseActorKey(key)
          const column = linkColumn(ref)
          for (const tagId of addIds) {
            await trx.insertInto('actorTags').values({ tagId, organisationId: ref.kind === 'organisation' ? ref.id : null, personId: ref.kind === 'person' ? ref.id : null }).onConflict((oc) => oc.doNothing()).execute()
          }
          if (removeIds.length) await trx.deleteFrom('actorTags').where(column, '=', ref.id).where('tagId', 'in', removeIds).execute()
        }
        return { updated: keys.length }
      }),
  ),

  'actors.bulkStatus': mutation(
    z.object({ keys, status: actorStatusSchema, joinedOn: isoDate.nullable().optional() }),
    ({ store }, { keys, status, joinedOn }) => {
      if (status === 'vitawiner' && !joinedOn) throw new AppError('invalid_input', "Indiquez la date d'adhésion des nouveaux Vitawiners.")
      return store.db.transaction().execute(async (trx) => {
        const now = new Date().toISOString()
        for (const key of keys) {
          const ref = parseActorKey(key)
          const table = ref.kind === 'organisation' ? 'organisations' : 'people'
          await trx.updateTable(table).set({ status, updatedAt: now }).where('id', '=', ref.id).execute()
          if (status === 'vitawiner') {
            // Keeps an earlier joining date; sets it where there is none.
            await trx.updateTable(table).set({ joinedOn: joinedOn! }).where('id', '=', ref.id).where('joinedOn', 'is', null).execute()
          }
        }
        return { updated: keys.length }
      })
    },
  ),

  'journal.add': mutation(interactionInput, ({ store }, input) => store.db.transaction().execute(async (trx) => ({ id: await addInteraction(trx, input) }))),
  'journal.update': mutation(z.object({ id, values: interactionInput }), ({ store }, { id, values }) =>
    store.db.transaction().execute((trx) => updateInteraction(trx, id, values)),
  ),
  'journal.get': handler(z.object({ id }), async ({ store }, { id }) => {
    const row = await store.db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('not_found', "Cet échange n'existe plus.")
    return row
  }),
  'journal.complete': mutation(z.object({ id, doneOn: isoDate.nullable() }), ({ store }, { id, doneOn }) =>
    store.db.transaction().execute((trx) => completeNextStep(trx, id, doneOn)),
  ),
  /** The undo of « Fait »: the step open again exactly as it was, unless it changed since. */
  'journal.reopen': mutation(z.object({ id, doneOn: isoDate, updatedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/) }), ({ store }, { id, doneOn, updatedAt }) =>
    reopenNextStep(store.db, id, { doneOn, updatedAt }),
  ),
  'journal.delete': mutation(z.object({ id }), ({ store }, { id }) => deleteInteraction(store.db, id)),
  'journal.followUps': handler(
    z
      .object({
        /** One animator's; everyone's when absent or null. */
        animator: z.string().max(120).nullable().optional(),
        actor: actorKeySchema.optional(),
        period: z.enum(FOLLOW_UP_PERIODS).nullable().optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(500).optional(),
        perPeriod: z.number().int().min(1).max(100).optional(),
        today: isoDate.optional(),
      })
      .optional(),
    ({ store }, args) =>
      listFollowUps(store.db, {
        today: args?.today ?? todayIso(),
        animator: args?.animator,
        actor: args?.actor ? parseActorKey(args.actor) : undefined,
        period: args?.period,
        offset: args?.offset,
        limit: args?.limit,
        perPeriod: args?.perPeriod,
      }),
  ),
  'journal.animators': handler(noInput, ({ store }) => listAnimators(store.db)),

  'offers.save': mutation(z.object({ id: id.nullable(), values: offerInput }), ({ store }, { id, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveOffer(trx, id, values) })),
  ),
  'offers.delete': mutation(z.object({ id }), ({ store }, { id }) => deleteOffer(store.db, id)),
  'requests.save': mutation(z.object({ id: id.nullable(), values: requestInput }), ({ store }, { id, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveRequest(trx, id, values) })),
  ),
  'requests.delete': mutation(z.object({ id }), ({ store }, { id }) => deleteRequest(store.db, id)),
  'affiliations.save': mutation(z.object({ id: id.nullable(), values: affiliationInput }), ({ store }, { id, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveAffiliation(trx, id, values) })),
  ),
  'affiliations.delete': mutation(z.object({ id }), ({ store }, { id }) => deleteAffiliation(store.db, id)),

  'search.query': handler(z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).optional() }), ({ store }, { query, limit }) =>
    searchAll(store.sqlite, query, limit ?? 20),
  ),

  'duplicates.list': handler(noInput, ({ store }) => listDuplicatePairs(store.sqlite)),
  'duplicates.merge': mutation(
    z.object({ kind: z.enum(['organisation', 'person']), keepId: id, removeId: id, takeFromRemoved: z.array(z.string()).max(30) }),
    ({ store }, { kind, keepId, removeId, takeFromRemoved }) =>
      store.db.transaction().execute((trx) => mergeActors(trx as never, store.sqlite, kind, keepId, removeId, takeFromRemoved)),
  ),
  'duplicates.dismiss': mutation(z.object({ kind: z.enum(['organisation', 'person']), firstId: id, secondId: id }), ({ store }, { kind, firstId, secondId }) =>
    dismissPair(store.db, kind, firstId, secondId),
  ),

  'views.list': handler(z.object({ scope: z.string().min(1).max(40) }), ({ store }, { scope }) => listViews(store.db, scope)),
  'views.save': mutation(z.object({ scope: z.string().min(1).max(40), name: z.string().trim().min(1, 'Donnez un nom à la vue').max(80), state: z.unknown() }), ({ store }, { scope, name, state }) =>
    saveView(store.db, scope, name, state).then((viewId) => ({ id: viewId })),
  ),
  'views.delete': mutation(z.object({ id }), ({ store }, { id }) => deleteView(store.db, id)),
}
