import { AppError } from '../errors'
import type { Db } from '../schema'
import { actorKey, linkColumn, type ActorRef } from '../rules/actor-keys'
import { getTimeline } from './timeline'

async function linkedNames(db: Db, ref: ActorRef) {
  const column = linkColumn(ref)
  const [tags, networks, fields] = await Promise.all([
    db.selectFrom('actorTags as l').innerJoin('tags as t', 't.id', 'l.tagId').select('t.name').where(`l.${column}`, '=', ref.id).orderBy('t.name').execute(),
    db.selectFrom('actorNetworks as l').innerJoin('networks as n', 'n.id', 'l.networkId').select('n.name').where(`l.${column}`, '=', ref.id).orderBy('n.name').execute(),
    db.selectFrom('actorActionFields as l').select('l.fieldCode').where(`l.${column}`, '=', ref.id).execute(),
  ])
  return { tags: tags.map((row) => row.name), networks: networks.map((row) => row.name), fields: fields.map((row) => row.fieldCode) }
}

async function offersAndRequests(db: Db, ref: ActorRef) {
  const column = linkColumn(ref)
  const [offers, requests] = await Promise.all([
    db
      .selectFrom('engagementOffers')
      .select(['id', 'offerTypeCode', 'capacity', 'schoolLevels', 'availability', 'notes', 'active', 'version'])
      .where(column, '=', ref.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('actorRequests')
      .select(['id', 'kind', 'title', 'description', 'schoolLevel', 'quantity', 'wantedOn', 'status', 'createdAt', 'version'])
      .where(column, '=', ref.id)
      .orderBy('createdAt', 'desc')
      .execute(),
  ])
  return {
    offers: offers.map((offer) => ({
      ...offer,
      schoolLevels: offer.schoolLevels ? offer.schoolLevels.split(',') : [],
      active: offer.active === 1,
    })),
    requests,
  }
}

/** Everything the actor page shows. */
export async function getActor(db: Db, ref: ActorRef) {
  const links = await linkedNames(db, ref)
  const engagement = await offersAndRequests(db, ref)
  const timeline = await getTimeline(db, ref)
  if (ref.kind === 'organisation') {
    const record = await db.selectFrom('organisations').selectAll().where('id', '=', ref.id).executeTakeFirst()
    if (!record) throw new AppError('not_found', "Cette organisation n'existe pas (ou plus).")
    const people = await db
      .selectFrom('affiliations as a')
      .innerJoin('people as p', 'p.id', 'a.personId')
      .select(['a.id', 'a.personId', 'p.firstName', 'p.lastName', 'p.email', 'p.phone', 'a.role', 'a.startedOn', 'a.endedOn', 'a.version'])
      .where('a.organisationId', '=', ref.id)
      .orderBy('p.lastName')
      .execute()
    return { kind: 'organisation' as const, key: actorKey(ref), organisation: record, person: null, affiliations: people.map((row) => ({ ...row, organisationId: ref.id, organisationName: record.name, personKey: actorKey({ kind: 'person', id: row.personId }) })), ...links, ...engagement, timeline }
  }
  const record = await db.selectFrom('people').selectAll().where('id', '=', ref.id).executeTakeFirst()
  if (!record) throw new AppError('not_found', "Cette personne n'existe pas (ou plus).")
  const organisations = await db
    .selectFrom('affiliations as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisationId')
    .select(['a.id', 'a.organisationId', 'o.name as organisationName', 'a.role', 'a.startedOn', 'a.endedOn', 'a.version'])
    .where('a.personId', '=', ref.id)
    .orderBy('o.name')
    .execute()
  return {
    kind: 'person' as const,
    key: actorKey(ref),
    organisation: null,
    person: record,
    affiliations: organisations.map((row) => ({ ...row, personId: ref.id, firstName: record.firstName, lastName: record.lastName, email: record.email, phone: record.phone, personKey: actorKey(ref) })),
    ...links,
    ...engagement,
    timeline,
  }
}

export type ActorDetail = Awaited<ReturnType<typeof getActor>>
