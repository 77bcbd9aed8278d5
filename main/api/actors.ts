import { z } from 'zod'
import { getActor } from '../../db/actors/detail'
import { dismissPair, findSimilar, listDuplicatePairs } from '../../db/actors/duplicates'
import { DIRECTORY_TABLES } from '../../db/actors/directory-sql'
import { deleteAffiliation, deleteOffer, deleteRequest, saveAffiliation, saveOffer, saveRequest } from '../../db/actors/engagement'
import { addInteraction, completeNextStep, deleteInteraction, listAnimators, listFollowUps, reopenNextStep, updateInteraction, usualInteractionKind } from '../../db/actors/journal'
import { parseActorKey, linkColumn } from '../../db/rules/actor-keys'
import { createOrganisation, createPerson, deleteActor, ensureNamed, updateOrganisation, updatePerson } from '../../db/actors/records'
import { actorStatusSchema, affiliationInput, directoryQuery, interactionInput, offerInput, organisationInput, personInput, requestInput } from '../../db/actors/schemas'
import { actorKeySchema, id, isoDate, oneOf, pastDate, recordRef, version, withId } from '../../db/fields'
import { ACTOR_KIND, FOLLOW_UP_PERIOD } from '../../db/rules/actor-values'
import { deleteView, listViews, saveView } from '../../db/actors/views'
import { AppError } from '../../db/errors'
import { getReferenceData } from '../../db/reference'
import { DIRECTORY_FIELDS, type DirectoryField } from '../../db/rules/actor-columns'
import { todayIso } from '../../db/rules/dates'
import { mergeActors } from '../../db/actors/merge'
import { createOrChange, handler, mutation, noInput } from './define'

const keys = z.array(actorKeySchema).min(1).max(200_000)

export const actorHandlers = {
  'reference.get': handler(noInput, { reads: ['tags', 'networks'] }, ({ store }) => getReferenceData(store.db)),

  'actors.directory': handler(
    z
      .object({
        /** Only these fields, in this order: the grid asks for those its columns show. */
        fields: z.array(z.enum(DIRECTORY_FIELDS)).min(1).max(DIRECTORY_FIELDS.length).optional(),
        /** The grid's filters and sort: only the rows they keep, in their order… */
        ...directoryQuery,
        /** …and of them only this window (a block of the grid's rows). */
        window: z.object({ offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(10_000) }).optional(),
        longestNames: z.number().int().min(1).max(200).optional(),
      })
      .optional(),
    { reads: DIRECTORY_TABLES },
    ({ store }, args) =>
      store.backend.directory<readonly DirectoryField[]>({
        fields: args?.fields ? [...new Set(args.fields)] : undefined,
        filter: args?.filter,
        sort: args?.sort,
        window: args?.window,
        longestNames: args?.longestNames,
      }),
  ),

  'actors.get': handler(z.object({ key: actorKeySchema }), { reads: ['organisations', 'people', 'affiliations', 'tags', 'actorTags', 'networks', 'actorNetworks', 'actorActionFields', 'engagementOffers', 'actorRequests', 'interactions', 'workingGroups', 'groupMembers', 'groupMeetings', 'meetingAttendance', 'copilMembers', 'copilSessions', 'copilAttendance', 'copilDecisions', 'proposedActions', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'placements', 'requestCandidates'] }, ({ store }, { key }) => getActor(store.db, parseActorKey(key))),

  'actors.similar': handler(
    z.object({
      kind: oneOf(ACTOR_KIND),
      id: id.nullable().optional(),
      name: z.string().max(300),
      townCode: z.string().nullable().optional(),
      email: z.string().max(254).nullable().optional(),
    }),
    { reads: ['organisations'] },
    ({ store }, draft) => findSimilar(store.db, draft),
  ),

  'actors.createOrganisation': mutation(organisationInput, { label: 'Création d’une organisation' }, ({ store }, input) =>
    store.db.transaction().execute(async (trx) => ({ key: `o${await createOrganisation(trx, input)}` })),
  ),
  'actors.updateOrganisation': mutation(z.object({ id, version, values: organisationInput }), { label: 'Modification d’une organisation' }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute((trx) => updateOrganisation(trx, id, values, version)),
  ),
  'actors.createPerson': mutation(personInput, { label: 'Création d’une personne' }, ({ store }, input) =>
    store.db.transaction().execute(async (trx) => ({ key: `p${await createPerson(trx, input)}` })),
  ),
  'actors.updatePerson': mutation(z.object({ id, version, values: personInput }), { label: 'Modification d’une personne' }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute((trx) => updatePerson(trx, id, values, version)),
  ),
  'actors.delete': mutation(z.object({ key: actorKeySchema, version }), { label: 'Suppression d’un acteur' }, ({ store }, { key, version }) =>
    store.db.transaction().execute((trx) => deleteActor(trx, parseActorKey(key), version)),
  ),

  'actors.bulkTag': mutation(
    z.object({ keys, add: z.array(z.string().trim().min(1).max(60, 'Une étiquette a 60 caractères au plus')).max(20).default([]), remove: z.array(z.string().trim().min(1)).max(20).default([]) }),
    { label: 'Étiquetage en série' },
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
    z.object({ keys, status: actorStatusSchema, joinedOn: pastDate('joinedOn').nullable().optional() }),
    { label: 'Changement de statut en série' },
    ({ store }, { keys, status, joinedOn }) => {
      if (status === 'vitawiner' && !joinedOn) throw new AppError('invalid_input', "Indiquez la date d'adhésion des nouveaux Vitawiners.", { field: 'joinedOn' })
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

  'journal.add': mutation(interactionInput, { label: 'Nouvel échange dans le journal' }, ({ store }, input) => store.db.transaction().execute(async (trx) => ({ id: await addInteraction(trx, input) }))),
  'journal.update': mutation(z.object({ id, version, values: interactionInput }), { label: 'Modification d’un échange' }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute((trx) => updateInteraction(trx, id, values, version)),
  ),
  'journal.get': handler(z.object({ id }), { reads: ['interactions'] }, async ({ store }, { id }) => {
    const row = await store.db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('not_found', "Cet échange n'existe plus.")
    return row
  }),
  'journal.complete': mutation(z.object({ id, doneOn: isoDate.nullable() }), { label: 'Relance marquée faite' }, ({ store }, { id, doneOn }) =>
    store.db.transaction().execute((trx) => completeNextStep(trx, id, doneOn)),
  ),
  /** The undo of « Fait »: the step open again exactly as it was, unless it changed since. */
  'journal.reopen': mutation(
    z.object({ id, doneOn: isoDate, updatedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/) }),
    { label: 'Relance rouverte (annulation de « Fait »)' },
    ({ store }, { id, doneOn, updatedAt }) => reopenNextStep(store.db, id, { doneOn, updatedAt }),
  ),
  'journal.delete': mutation(recordRef, { label: 'Suppression d’un échange' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteInteraction(trx, id, version))),
  'journal.followUps': handler(
    z
      .object({
        /** One animator's; everyone's when absent or null. */
        animator: z.string().max(120).nullable().optional(),
        actor: actorKeySchema.optional(),
        period: z.enum(FOLLOW_UP_PERIOD.codes).nullable().optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(500).optional(),
        perPeriod: z.number().int().min(1).max(100).optional(),
        today: isoDate.optional(),
      })
      .optional(),
    { reads: ['organisations', 'people', 'interactions'] },
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
  'journal.animators': handler(noInput, { reads: ['interactions'] }, ({ store }) => listAnimators(store.db)),
  'journal.usualKind': handler(noInput, { reads: ['interactions'] }, ({ store }) => usualInteractionKind(store.db)),

  'offers.save': mutation(withId(offerInput), { label: createOrChange('une offre d’engagement') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveOffer(trx, id, values, version) })),
  ),
  'offers.delete': mutation(recordRef, { label: 'Suppression d’une offre d’engagement' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteOffer(trx, id, version))),
  'requests.save': mutation(withId(requestInput), { label: createOrChange('une demande') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveRequest(trx, id, values, version) })),
  ),
  'requests.delete': mutation(recordRef, { label: 'Suppression d’une demande' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteRequest(trx, id, version))),
  'affiliations.save': mutation(withId(affiliationInput), { label: createOrChange('un rattachement') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveAffiliation(trx, id, values, version) })),
  ),
  'affiliations.delete': mutation(recordRef, { label: 'Suppression d’un rattachement' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteAffiliation(trx, id, version))),

  'search.query': handler(z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).optional() }), { reads: ['organisations', 'people', 'affiliations', 'interactions', 'workingGroups', 'groupMeetings'] }, ({ store }, { query, limit }) =>
    store.backend.search(query, limit ?? 20),
  ),

  'duplicates.list': handler(noInput, { reads: ['organisations', 'people', 'duplicateDismissals'] }, ({ store }) => listDuplicatePairs(store.db)),
  'duplicates.merge': mutation(
    z.object({ kind: oneOf(ACTOR_KIND), keepId: id, removeId: id, takeFromRemoved: z.array(z.string()).max(30) }),
    { label: (args) => `Fusion de doublons (${args.kind === 'person' ? 'personnes' : 'organisations'}) : fiche n° ${args.removeId} fusionnée dans la fiche n° ${args.keepId}`, backup: 'avant-fusion' },
    ({ store }, { kind, keepId, removeId, takeFromRemoved }) =>
      mergeActors(store.db, kind, keepId, removeId, takeFromRemoved),
  ),
  'duplicates.dismiss': mutation(z.object({ kind: oneOf(ACTOR_KIND), firstId: id, secondId: id }), { label: 'Doublon écarté' }, ({ store }, { kind, firstId, secondId }) =>
    dismissPair(store.db, kind, firstId, secondId),
  ),

  'views.list': handler(z.object({ scope: z.string().min(1).max(40) }), { reads: ['savedViews'] }, ({ store }, { scope }) => listViews(store.db, scope)),
  'views.save': mutation(z.object({ scope: z.string().min(1).max(40), name: z.string().trim().min(1, 'Donnez un nom à la vue').max(80, 'Le nom d’une vue a 80 caractères au plus'), state: z.unknown() }), { label: 'Vue enregistrée' }, ({ store }, { scope, name, state }) =>
    saveView(store.db, scope, name, state).then((viewId) => ({ id: viewId })),
  ),
  'views.delete': mutation(z.object({ id }), { label: 'Suppression d’une vue' }, ({ store }, { id }) => deleteView(store.db, id)),
}
