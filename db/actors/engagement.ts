import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import type { Db } from '../schema'
import { linkColumns, parseActorKey } from '../rules/actor-keys'
import { affiliationInput, offerInput, requestInput, type AffiliationInput, type OfferInput, type RequestInput } from './schemas'

// Engagement offers, needs and requests, and who belongs to which organisation.

async function assertCodes(db: Db, table: 'offerTypes' | 'schoolLevels', codes: string[], label: string): Promise<void> {
  if (codes.length === 0) return
  const known = new Set((await db.selectFrom(table).select('code').execute()).map((row) => row.code))
  const unknown = codes.find((code) => !known.has(code))
  if (unknown) throw new AppError('invalid_input', `${label} inconnu : « ${unknown} ».`)
}

export async function saveOffer(db: Db, id: number | null, input: OfferInput, version?: number): Promise<number> {
  const data = offerInput.parse(input)
  await assertCodes(db, 'offerTypes', [data.offerTypeCode], "Type d'engagement")
  await assertCodes(db, 'schoolLevels', data.schoolLevels ?? [], 'Niveau scolaire')
  const row = {
    ...linkColumns(parseActorKey(data.actor)),
    offerTypeCode: data.offerTypeCode,
    capacity: data.capacity ?? null,
    schoolLevels: data.schoolLevels && data.schoolLevels.length > 0 ? data.schoolLevels.join(',') : null,
    availability: data.availability ?? null,
    notes: data.notes ?? null,
    active: data.active === false ? 0 : 1,
  }
  if (id === null) return (await db.insertInto('engagementOffers').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'engagementOffers', id, version, { ...row, updatedAt: new Date().toISOString() }, "Cette offre d'engagement n'existe plus.")
  return id
}

export async function deleteOffer(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'engagementOffers', id, version)
  await db.deleteFrom('engagementOffers').where('id', '=', id).execute()
}

export async function saveRequest(db: Db, id: number | null, input: RequestInput, version?: number): Promise<number> {
  const data = requestInput.parse(input)
  if (data.schoolLevel) await assertCodes(db, 'schoolLevels', [data.schoolLevel], 'Niveau scolaire')
  const row = {
    ...linkColumns(parseActorKey(data.actor)),
    kind: data.kind,
    title: data.title,
    description: data.description ?? null,
    schoolLevel: data.schoolLevel ?? null,
    quantity: data.quantity ?? null,
    wantedOn: data.wantedOn ?? null,
    status: data.status ?? 'ouverte',
  }
  if (id === null) return (await db.insertInto('actorRequests').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'actorRequests', id, version, { ...row, updatedAt: new Date().toISOString() }, "Cette demande n'existe plus.")
  return id
}

export async function deleteRequest(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'actorRequests', id, version)
  await db.deleteFrom('actorRequests').where('id', '=', id).execute()
}

export async function saveAffiliation(db: Db, id: number | null, input: AffiliationInput, version?: number): Promise<number> {
  const data = affiliationInput.parse(input)
  if (data.startedOn && data.endedOn && data.endedOn < data.startedOn) {
    throw new AppError('invalid_input', 'La date de fin précède la date de début.', { field: 'endedOn' })
  }
  const person = await db.selectFrom('people').select('id').where('id', '=', data.personId).executeTakeFirst()
  const organisation = await db.selectFrom('organisations').select('id').where('id', '=', data.organisationId).executeTakeFirst()
  if (!person || !organisation) throw new AppError('not_found', "La personne ou l'organisation n'existe plus.")
  const row = { personId: data.personId, organisationId: data.organisationId, role: data.role ?? null, startedOn: data.startedOn ?? null, endedOn: data.endedOn ?? null }
  if (id === null) return (await db.insertInto('affiliations').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'affiliations', id, version, row, "Ce rattachement n'existe plus.")
  return id
}

export async function deleteAffiliation(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'affiliations', id, version)
  await db.deleteFrom('affiliations').where('id', '=', id).execute()
}
