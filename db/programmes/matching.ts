import { addInteraction } from '../actors/journal'
import { linkColumn, linkColumns, linkedActorKey, linkedActorName, parseActorKey } from '../rules/actor-keys'
import { AppError } from '../errors'
import { plural } from '../rules/format'
import { schoolYearBounds, schoolYearOf } from '../rules/school-year'
import type { RequestStatus } from '../rules/actor-values'
import type { Db } from '../schema'
import { assertActor } from './common'
import { contactInput, responseInput, type ContactInput, type ResponseInput } from './schemas'
import { OFFER_TYPES_FOR_REQUEST, REQUEST_KIND } from '../rules/actor-values'
import { linkedActor, linkedActorColumns } from '../actors/linked'

// A school's request (speakers for a class, internship places, a visit…) matched against the
// engagement offers of the directory: candidates ranked, contacted (a journal entry), their answers
// recorded, and the request's status following.

export const SCORE = {
  type: 40,
  levelMatch: 25,
  levelOpen: 10,
  sameTown: 15,
  capacityEnough: 15,
  capacitySome: 8,
  capacityUnknown: 5,
  capacityNone: -100,
  pastMax: 20,
} as const

async function requestOf(db: Db, id: number) {
  const request = await db
    .selectFrom('actorRequests as r')
    .leftJoin('organisations as o', 'o.id', 'r.organisationId')
    .leftJoin('people as p', 'p.id', 'r.personId')
    .leftJoin('schoolLevels as l', 'l.code', 'r.schoolLevel')
    .select((eb) => [
      'r.id',
      ...linkedActorColumns('r'),
      eb.fn.coalesce('o.townCode', 'p.townCode').as('townCode'),
      'r.kind',
      'r.title',
      'r.description',
      'r.schoolLevel',
      'l.label as schoolLevelLabel',
      'r.quantity',
      'r.wantedOn',
      'r.status',
      'r.createdAt',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst()
  if (!request) throw new AppError('not_found', "Cette demande n'existe pas (ou plus).")
  return { ...request, requesterKey: linkedActor(request).actorKey, requesterName: linkedActor(request).actorName }
}

type Request = Awaited<ReturnType<typeof requestOf>>

async function pastEngagement(db: Db, organisationIds: number[], personIds: number[]) {
  const participations = new Map<string, number>()
  const accepted = new Map<string, number>()
  const interactions = new Map<string, number>()
  const add = (into: Map<string, number>, prefix: 'o' | 'p', rows: { actorId: number | null; n: number | string | bigint }[]) => {
    for (const row of rows) if (row.actorId !== null) into.set(`${prefix}${row.actorId}`, (into.get(`${prefix}${row.actorId}`) ?? 0) + Number(row.n))
  }
  for (const [column, ids, prefix] of [
    ['organisationId', organisationIds, 'o'],
    ['personId', personIds, 'p'],
  ] as const) {
    if (ids.length === 0) continue
    const spoke = await db
      .selectFrom('sessionParticipants as x')
      .innerJoin('sequenceSessions as s', 's.id', 'x.sessionId')
      .select([`x.${column} as actorId`, (eb) => eb.fn.countAll<number>().as('n')])
      .where('s.status', '=', 'realisee')
      .where(`x.${column}`, 'in', ids)
      .groupBy(`x.${column}`)
      .execute()
    add(participations, prefix, spoke)
    // Rows per actor of a link table; typed as the candidacies, whose actor columns every link table shares.
    const perActor = (table: 'editionPartners' | 'requestCandidates' | 'interactions', acceptedOnly = false) => {
      let query = db
        .selectFrom(`${table} as x` as 'requestCandidates as x')
        .select([`x.${column} as actorId`, (eb) => eb.fn.countAll<number>().as('n')])
        .where(`x.${column}`, 'in', ids)
      if (acceptedOnly) query = query.where('x.response', '=', 'accepte')
      return query.groupBy(`x.${column}`).execute()
    }
    add(participations, prefix, await perActor('editionPartners'))
    add(accepted, prefix, await perActor('requestCandidates', true))
    add(interactions, prefix, await perActor('interactions'))
  }
  if (organisationIds.length) {
    const hosted = await db
      .selectFrom('placements')
      .select(['hostOrganisationId as actorId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('hostOrganisationId', 'in', organisationIds)
      .where('status', '!=', 'annule')
      .groupBy('hostOrganisationId')
      .execute()
    add(participations, 'o', hosted)
  }
  if (personIds.length) {
    const mentored = await db
      .selectFrom('mentoringPairs')
      .select(['mentorPersonId as actorId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('mentorPersonId', 'in', personIds)
      .groupBy('mentorPersonId')
      .execute()
    add(participations, 'p', mentored)
  }
  return { participations, accepted, interactions }
}

export interface RankedOffer {
  offerId: number
  actorKey: string
  actorName: string
  actorKind: 'organisation' | 'person'
  profileCode: string
  townCode: string | null
  townName: string | null
  offerTypeCode: string
  offerTypeLabel: string
  capacity: number | null
  capacityLeft: number | null
  schoolLevels: string[]
  availability: string | null
  sameTown: boolean
  levelFit: 'oui' | 'ouvert' | 'non' | null
  past: { participations: number; accepted: number; interactions: number }
  score: number
  reasons: string[]
}

/**
 * The offers that could answer a request, best first. Each offer scores on: its type fitting the
 * request's kind (only fitting types are candidates, except for « autre »), the school level, the
 * same town as the requester, the capacity left this school year (accepted candidacies of the
 * offer count against it; an exhausted offer sinks to the bottom), and past engagement (earlier
 * participations, accepted candidacies, journal entries). One line per actor, its best offer;
 * the requester and the actors already contacted for the request are left out.
 */
export async function rankOffers(db: Db, requestId: number, today: string, limit = 50): Promise<RankedOffer[]> {
  const request = await requestOf(db, requestId)
  const types = OFFER_TYPES_FOR_REQUEST[request.kind] ?? []
  let query = db
    .selectFrom('engagementOffers as f')
    .innerJoin('offerTypes as ot', 'ot.code', 'f.offerTypeCode')
    .leftJoin('organisations as o', 'o.id', 'f.organisationId')
    .leftJoin('people as p', 'p.id', 'f.personId')
    .select((eb) => [
      'f.id',
      ...linkedActorColumns('f'),
      eb.fn.coalesce('o.profileCode', 'p.profileCode').as('profileCode'),
      eb.fn.coalesce('o.townCode', 'p.townCode').as('townCode'),
      'f.offerTypeCode',
      'ot.label as offerTypeLabel',
      'ot.sortOrder as offerTypeOrder',
      'f.capacity',
      'f.schoolLevels',
      'f.availability',
    ])
    .where('f.active', '=', 1)
    .where((eb) => eb.or([eb('o.closedOn', 'is', null), eb('f.personId', 'is not', null)]))
  if (types.length) query = query.where('f.offerTypeCode', 'in', types)
  const offers = await query.execute()

  const contacted = new Set(
    (await db.selectFrom('requestCandidates').select(['organisationId', 'personId']).where('requestId', '=', requestId).execute()).map((row) => linkedActorKey(row)),
  )
  const eligible = offers.filter((offer) => {
    const key = linkedActorKey(offer)!
    return key !== request.requesterKey && !contacted.has(key)
  })
  if (eligible.length === 0) return []

  const year = schoolYearBounds(schoolYearOf(request.wantedOn ?? today))
  const used = new Map<number, number>()
  const usage = await db
    .selectFrom('requestCandidates')
    .select(['offerId', 'quantity'])
    .where('response', '=', 'accepte')
    .where('offerId', 'in', eligible.map((offer) => offer.id))
    .where('contactedOn', '>=', year.start)
    .where('contactedOn', '<=', year.end)
    .execute()
  for (const row of usage) used.set(row.offerId!, (used.get(row.offerId!) ?? 0) + (row.quantity ?? 1))

  const organisationIds = [...new Set(eligible.filter((offer) => offer.organisationId !== null).map((offer) => offer.organisationId!))]
  const personIds = [...new Set(eligible.filter((offer) => offer.personId !== null).map((offer) => offer.personId!))]
  const past = await pastEngagement(db, organisationIds, personIds)
  const towns = new Map((await db.selectFrom('towns').select(['inseeCode', 'name']).execute()).map((town) => [town.inseeCode, town.name]))
  const levels = new Map((await db.selectFrom('schoolLevels').select(['code', 'label']).execute()).map((level) => [level.code, level.label]))
  const needed = request.quantity ?? 1

  const ranked = eligible.map((offer): RankedOffer => {
    const key = linkedActorKey(offer)!
    const reasons: string[] = []
    let score = 0
    if (types.includes(offer.offerTypeCode)) {
      score += SCORE.type
      reasons.push(`Offre adaptée : ${offer.offerTypeLabel}`)
    }
    const offerLevels = offer.schoolLevels ? offer.schoolLevels.split(',').filter(Boolean) : []
    let levelFit: RankedOffer['levelFit'] = null
    if (request.schoolLevel) {
      if (offerLevels.length === 0) {
        levelFit = 'ouvert'
        score += SCORE.levelOpen
        reasons.push('Tous niveaux')
      } else if (offerLevels.includes(request.schoolLevel)) {
        levelFit = 'oui'
        score += SCORE.levelMatch
        reasons.push(`Niveau ${levels.get(request.schoolLevel) ?? request.schoolLevel} accepté`)
      } else {
        levelFit = 'non'
        reasons.push(`Autres niveaux : ${offerLevels.map((code) => levels.get(code) ?? code).join(', ')}`)
      }
    }
    const sameTown = Boolean(request.townCode && offer.townCode === request.townCode)
    if (sameTown) {
      score += SCORE.sameTown
      reasons.push(`Même commune : ${towns.get(offer.townCode!) ?? offer.townCode}`)
    }
    const capacityLeft = offer.capacity === null ? null : Math.max(0, offer.capacity - (used.get(offer.id) ?? 0))
    if (capacityLeft === null) {
      score += SCORE.capacityUnknown
      reasons.push('Capacité non précisée')
    } else if (capacityLeft <= 0) {
      score += SCORE.capacityNone
      reasons.push('Capacité épuisée cette année')
    } else if (capacityLeft >= needed) {
      score += SCORE.capacityEnough
      reasons.push(`Capacité restante : ${capacityLeft}`)
    } else {
      score += SCORE.capacitySome
      reasons.push(`Capacité restante : ${capacityLeft} (sur ${needed} demandés)`)
    }
    const engagement = { participations: past.participations.get(key) ?? 0, accepted: past.accepted.get(key) ?? 0, interactions: past.interactions.get(key) ?? 0 }
    const pastScore = Math.min(SCORE.pastMax, engagement.participations * 4 + engagement.accepted * 4 + Math.min(engagement.interactions, 5))
    score += pastScore
    if (pastScore > 0) {
      reasons.push(
        `Déjà engagé : ${[
          engagement.participations ? plural(engagement.participations, 'participation', 'participations') : null,
          engagement.accepted ? plural(engagement.accepted, 'sollicitation acceptée', 'sollicitations acceptées') : null,
          engagement.interactions ? plural(engagement.interactions, 'échange', 'échanges') : null,
        ]
          .filter(Boolean)
          .join(', ')}`,
      )
    }
    return {
      offerId: offer.id,
      actorKey: key,
      actorName: linkedActorName(offer) ?? '',
      actorKind: offer.organisationId !== null ? 'organisation' : 'person',
      profileCode: offer.profileCode as string,
      townCode: offer.townCode as string | null,
      townName: offer.townCode ? (towns.get(offer.townCode as string) ?? null) : null,
      offerTypeCode: offer.offerTypeCode,
      offerTypeLabel: offer.offerTypeLabel,
      capacity: offer.capacity,
      capacityLeft,
      schoolLevels: offerLevels,
      availability: offer.availability,
      sameTown,
      levelFit,
      past: engagement,
      score,
      reasons,
    }
  })
  const order = (a: RankedOffer, b: RankedOffer) =>
    b.score - a.score || (b.capacityLeft ?? 0) - (a.capacityLeft ?? 0) || a.actorName.localeCompare(b.actorName, 'fr') || a.offerId - b.offerId
  const best = new Map<string, RankedOffer>()
  for (const offer of ranked.sort(order)) if (!best.has(offer.actorKey)) best.set(offer.actorKey, offer)
  return [...best.values()].slice(0, limit)
}

async function candidatesOf(db: Db, requestId: number) {
  const rows = await db
    .selectFrom('requestCandidates as c')
    .leftJoin('organisations as o', 'o.id', 'c.organisationId')
    .leftJoin('people as p', 'p.id', 'c.personId')
    .leftJoin('engagementOffers as f', 'f.id', 'c.offerId')
    .leftJoin('offerTypes as ot', 'ot.code', 'f.offerTypeCode')
    .leftJoin('interactions as i', 'i.id', 'c.interactionId')
    .select([
      'c.id',
      'c.offerId',
      ...linkedActorColumns('c'),
      'ot.label as offerTypeLabel',
      'c.interactionId',
      'i.animator',
      'i.kind as interactionKind',
      'c.contactedOn',
      'c.response',
      'c.quantity',
    ])
    .where('c.requestId', '=', requestId)
    .orderBy('c.contactedOn')
    .orderBy('c.id')
    .execute()
  return rows.map((row) => ({ ...row, ...linkedActor(row) }))
}

/** A request with its candidates so far and the offers ranked for it. */
export async function getRequestMatching(db: Db, requestId: number, today: string) {
  const request = await requestOf(db, requestId)
  const candidates = await candidatesOf(db, requestId)
  const ranked = await rankOffers(db, requestId, today)
  const acceptedQuantity = candidates.filter((row) => row.response === 'accepte').reduce((sum, row) => sum + (row.quantity ?? 1), 0)
  const placements = await db
    .selectFrom('placements as x')
    .innerJoin('organisations as h', 'h.id', 'x.hostOrganisationId')
    .select(['x.id', 'x.kind', 'x.startedOn', 'h.name as hostName', 'x.status'])
    .where('x.requestId', '=', requestId)
    .execute()
  return { request: { ...request, acceptedQuantity }, candidates, ranked, placements, fittingTypes: OFFER_TYPES_FOR_REQUEST[request.kind] ?? [] }
}

export type RequestMatching = Awaited<ReturnType<typeof getRequestMatching>>

/** The requests of the CRM (schools' mostly), open ones first, with where their matching stands. */
export async function listRequests(db: Db, filter: { statuses?: RequestStatus[] | null } = {}) {
  let query = db
    .selectFrom('actorRequests as r')
    .leftJoin('organisations as o', 'o.id', 'r.organisationId')
    .leftJoin('people as p', 'p.id', 'r.personId')
    .leftJoin('towns as t', (join) => join.on((eb) => eb('t.inseeCode', '=', eb.fn.coalesce('o.townCode', 'p.townCode'))))
    .select((eb) => [
      'r.id',
      ...linkedActorColumns('r'),
      't.name as town',
      'r.kind',
      'r.title',
      'r.schoolLevel',
      'r.quantity',
      'r.wantedOn',
      'r.status',
      'r.createdAt',
      eb.selectFrom('requestCandidates as c').select((e) => e.fn.countAll<number>().as('n')).whereRef('c.requestId', '=', 'r.id').as('contacted'),
      eb
        .selectFrom('requestCandidates as c')
        .select((e) => e.fn.coalesce(e.fn.sum<number>(e.fn.coalesce('c.quantity', e.lit(1))), e.lit(0)).as('n'))
        .whereRef('c.requestId', '=', 'r.id')
        .where('c.response', '=', 'accepte')
        .as('accepted'),
    ])
  if (filter.statuses && filter.statuses.length) query = query.where('r.status', 'in', filter.statuses)
  const rows = await query
    .orderBy((eb) => eb.case().when('r.status', 'in', ['ouverte', 'en_cours']).then(0).else(1).end())
    .orderBy((eb) => eb.fn.coalesce('r.wantedOn', eb.val('9999-12-31')))
    .orderBy('r.id')
    .execute()
  return rows.map((row) => ({ ...row, requesterKey: linkedActor(row).actorKey, requesterName: linkedActor(row).actorName, contacted: Number(row.contacted ?? 0), accepted: Number(row.accepted ?? 0) }))
}

/**
 * The request's status follows its candidates: satisfied once the accepted quantities reach the
 * quantity asked (or at the first acceptance when no quantity was given), in progress as soon as
 * someone was contacted, open otherwise. An abandoned request stays abandoned.
 */
export async function syncRequestStatus(db: Db, requestId: number): Promise<RequestStatus> {
  const request = await db.selectFrom('actorRequests').select(['status', 'quantity']).where('id', '=', requestId).executeTakeFirst()
  if (!request) throw new AppError('not_found', "Cette demande n'existe plus.")
  if (request.status === 'abandonnee') return request.status
  const candidates = await db.selectFrom('requestCandidates').select(['response', 'quantity']).where('requestId', '=', requestId).execute()
  const accepted = candidates.filter((row) => row.response === 'accepte')
  const acceptedQuantity = accepted.reduce((sum, row) => sum + (row.quantity ?? 1), 0)
  const satisfied = request.quantity ? acceptedQuantity >= request.quantity : accepted.length > 0
  const status: RequestStatus = satisfied ? 'satisfaite' : candidates.length > 0 ? 'en_cours' : 'ouverte'
  if (status !== request.status) await db.updateTable('actorRequests').set({ status, updatedAt: new Date().toISOString() }).where('id', '=', requestId).execute()
  return status
}

/** Contacts a candidate for a request: a journal entry on the candidate and a candidacy, en attente. */
export async function contactCandidate(db: Db, input: ContactInput): Promise<{ candidateId: number; interactionId: number; status: RequestStatus }> {
  const data = contactInput.parse(input)
  const request = await requestOf(db, data.requestId)
  if (request.status === 'abandonnee') throw new AppError('conflict', 'Cette demande est abandonnée : rouvrez-la dans la fiche du demandeur avant de solliciter quelqu’un.')
  const ref = parseActorKey(data.actor)
  await assertActor(db, ref, 'Candidat')
  if (data.actor === request.requesterKey) throw new AppError('invalid_input', 'Le demandeur ne peut pas être candidat à sa propre demande.')
  const already = await db.selectFrom('requestCandidates').select('id').where('requestId', '=', data.requestId).where(linkColumn(ref), '=', ref.id).executeTakeFirst()
  if (already) throw new AppError('duplicate', 'Cet acteur a déjà été sollicité pour cette demande.')
  if (data.offerId) {
    const offer = await db.selectFrom('engagementOffers').select(['organisationId', 'personId']).where('id', '=', data.offerId).executeTakeFirst()
    if (!offer) throw new AppError('not_found', "Cette offre d'engagement n'existe plus.")
    if (linkedActorKey(offer) !== data.actor) throw new AppError('invalid_input', "Cette offre n'est pas celle de l'acteur sollicité.")
  }
  const what = [REQUEST_KIND.label(request.kind), request.schoolLevelLabel, request.quantity ? plural(request.quantity, 'demandé') : null].filter(Boolean).join(', ')
  const summary = data.summary ?? `Sollicité pour la demande « ${request.title} » de ${request.requesterName} (${what}).`
  const interactionId = await addInteraction(db, {
    actor: data.actor,
    kind: data.kind,
    occurredOn: data.contactedOn,
    animator: data.animator,
    summary,
    nextStep: data.followUpOn ? `Obtenir la réponse à la demande « ${request.title} »` : null,
    nextStepDueOn: data.followUpOn ?? null,
  })
  const candidateId = (
    await db
      .insertInto('requestCandidates')
      .values({ requestId: data.requestId, offerId: data.offerId ?? null, ...linkColumns(ref), interactionId, contactedOn: data.contactedOn, response: 'en_attente', quantity: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const status = await syncRequestStatus(db, data.requestId)
  return { candidateId, interactionId, status }
}

/** Records a candidate's answer; the journal's « obtain the answer » step is then done. */
export async function recordResponse(db: Db, input: ResponseInput, today: string): Promise<{ status: RequestStatus }> {
  const data = responseInput.parse(input)
  const candidate = await db.selectFrom('requestCandidates').select(['requestId', 'interactionId']).where('id', '=', data.candidateId).executeTakeFirst()
  if (!candidate) throw new AppError('not_found', "Cette sollicitation n'existe plus.")
  await db
    .updateTable('requestCandidates')
    .set({ response: data.response, quantity: data.response === 'accepte' ? (data.quantity ?? null) : null })
    .where('id', '=', data.candidateId)
    .execute()
  if (data.response !== 'en_attente' && candidate.interactionId) {
    await db
      .updateTable('interactions')
      .set({ nextStepDoneOn: today, updatedAt: new Date().toISOString() })
      .where('id', '=', candidate.interactionId)
      .where('nextStep', 'is not', null)
      .where('nextStepDoneOn', 'is', null)
      .execute()
  }
  return { status: await syncRequestStatus(db, candidate.requestId) }
}

export async function deleteCandidate(db: Db, id: number): Promise<{ status: RequestStatus }> {
  const candidate = await db.selectFrom('requestCandidates').select('requestId').where('id', '=', id).executeTakeFirst()
  if (!candidate) throw new AppError('not_found', "Cette sollicitation n'existe plus.")
  await db.deleteFrom('requestCandidates').where('id', '=', id).execute()
  return { status: await syncRequestStatus(db, candidate.requestId) }
}

export type { Request as MatchedRequest }
