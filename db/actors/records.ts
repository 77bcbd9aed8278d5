import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import { normalizeFrenchPhone, validateEmail, validateRna, validateSiret, validateUai } from '../rules/identifiers'
import type { ActorSource } from '../rules/actor-values'
import type { Db } from '../schema'
import { actorKey, linkColumn, linkColumns, type ActorRef } from '../rules/actor-keys'
import { organisationInput, personInput, type OrganisationInput, type PersonInput } from './schemas'

// Creating and updating organisations and people: identifiers validated and normalised,
// duplicates by identifier refused with a pointer to the existing record.

function check<T extends { ok: true; value: string } | { ok: false; message: string }>(result: T, field: string): string {
  if (!result.ok) throw new AppError('invalid_input', result.message, { field })
  return result.value
}

function optional<T>(value: T | null | undefined, normalise: (value: T) => string): string | null {
  return value === null || value === undefined || value === '' ? null : normalise(value)
}

async function assertTownAndProfile(db: Db, townCode: string | null | undefined, profileCode: string): Promise<void> {
  const profile = await db.selectFrom('actorProfiles').select('code').where('code', '=', profileCode).executeTakeFirst()
  if (!profile) throw new AppError('invalid_input', `Profil inconnu : « ${profileCode} ».`, { field: 'profileCode' })
  if (townCode) {
    const town = await db.selectFrom('towns').select('inseeCode').where('inseeCode', '=', townCode).executeTakeFirst()
    if (!town) {
      throw new AppError('invalid_input', `La commune ${townCode} n'appartient pas au territoire : choisissez « Hors territoire ».`, { field: 'townCode' })
    }
  }
}

const IDENTIFIER_PHRASES = { siret: 'ce SIRET', rna: 'ce numéro RNA', uai: 'ce code UAI' } as const

async function assertUniqueIdentifiers(
  db: Db,
  values: { siret: string | null; rna: string | null; uai: string | null },
  exceptId?: number,
): Promise<void> {
  for (const column of ['siret', 'rna', 'uai'] as const) {
    const value = values[column]
    if (!value) continue
    let query = db.selectFrom('organisations').select(['id', 'name']).where(column, '=', value)
    if (exceptId !== undefined) query = query.where('id', '!=', exceptId)
    const existing = await query.executeTakeFirst()
    if (existing) {
      throw new AppError('duplicate', `Une organisation avec ${IDENTIFIER_PHRASES[column]} existe déjà : « ${existing.name} ».`, {
        field: column,
        existing: { key: actorKey({ kind: 'organisation', id: existing.id }), name: existing.name },
      })
    }
  }
}

function normaliseOrganisation(input: OrganisationInput) {
  const data = organisationInput.parse(input)
  const siret = optional(data.siret, (value) => check(validateSiret(value), 'siret'))
  return {
    data,
    row: {
      name: data.name,
      profileCode: data.profileCode,
      townCode: data.townCode ?? null,
      outsideTown: data.townCode ? null : (data.outsideTown ?? null),
      siret,
      siren: siret ? siret.slice(0, 9) : null,
      rna: optional(data.rna, (value) => check(validateRna(value), 'rna')),
      uai: optional(data.uai, (value) => check(validateUai(value), 'uai')),
      email: optional(data.email, (value) => check(validateEmail(value), 'email')),
      phone: optional(data.phone, (value) => check(normalizeFrenchPhone(value), 'phone')),
      website: data.website ?? null,
      address: data.address ?? null,
      postalCode: data.postalCode ?? null,
      nafCode: data.nafCode ?? null,
      workforceBand: data.workforceBand ?? null,
      status: data.status ?? 'prospect',
      joinedOn: data.joinedOn ?? null,
      notes: data.notes ?? null,
    },
  }
}

function normalisePerson(input: PersonInput) {
  const data = personInput.parse(input)
  return {
    data,
    row: {
      firstName: data.firstName,
      lastName: data.lastName,
      profileCode: data.profileCode,
      townCode: data.townCode ?? null,
      outsideTown: data.townCode ? null : (data.outsideTown ?? null),
      email: optional(data.email, (value) => check(validateEmail(value), 'email')),
      phone: optional(data.phone, (value) => check(normalizeFrenchPhone(value), 'phone')),
      jobTitle: data.jobTitle ?? null,
      status: data.status ?? 'prospect',
      joinedOn: data.joinedOn ?? null,
      notes: data.notes ?? null,
    },
  }
}

function requireJoinDate(status: string, joinedOn: string | null): void {
  if (status === 'vitawiner' && !joinedOn) {
    throw new AppError('invalid_input', "Indiquez la date d'adhésion au réseau du Vitawiner.", { field: 'joinedOn' })
  }
}

/** Replaces the tags, networks and fields of action of an actor (only the lists given). */
export async function setActorLinks(
  db: Db,
  ref: ActorRef,
  links: { tags?: string[] | undefined; networks?: string[] | undefined; fields?: string[] | undefined },
): Promise<void> {
  const column = linkColumn(ref)
  const columns = linkColumns(ref)
  if (links.tags) {
    await db.deleteFrom('actorTags').where(column, '=', ref.id).execute()
    for (const tagId of await ensureNamed(db, 'tags', links.tags)) {
      await db.insertInto('actorTags').values({ tagId, ...columns }).onConflict((oc) => oc.doNothing()).execute()
    }
  }
  if (links.networks) {
    await db.deleteFrom('actorNetworks').where(column, '=', ref.id).execute()
    for (const networkId of await ensureNamed(db, 'networks', links.networks)) {
      await db.insertInto('actorNetworks').values({ networkId, ...columns }).onConflict((oc) => oc.doNothing()).execute()
    }
  }
  if (links.fields) {
    await db.deleteFrom('actorActionFields').where(column, '=', ref.id).execute()
    const known = new Set((await db.selectFrom('actionFields').select('code').execute()).map((row) => row.code))
    for (const fieldCode of new Set(links.fields)) {
      if (!known.has(fieldCode)) throw new AppError('invalid_input', `Domaine d'action inconnu : « ${fieldCode} ».`, { field: 'fields' })
      await db.insertInto('actorActionFields').values({ fieldCode, ...columns }).execute()
    }
  }
}

/** Ids of the named tags or networks, created when missing (names compared without case). */
export async function ensureNamed(db: Db, table: 'tags' | 'networks', names: string[]): Promise<number[]> {
  const ids: number[] = []
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ')
    if (!name) continue
    // The column's NOCASE collation folds ASCII letters only: « ÉGALITÉ » and « égalité » are
    // matched here.
    const existing =
      (await db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirst()) ??
      (/[^ -~]/.test(name)
        ? (await db.selectFrom(table).select(['id', 'name']).execute()).find((row) => row.name.toLowerCase() === name.toLowerCase())
        : undefined)
    ids.push(existing ? existing.id : (await db.insertInto(table).values({ name }).returning('id').executeTakeFirstOrThrow()).id)
  }
  return [...new Set(ids)]
}

/** An organisation's input, normalised and checked (join date, town, profile, identifiers not taken by another). */
async function checkedOrganisation(db: Db, input: OrganisationInput, id?: number) {
  const checked = normaliseOrganisation(input)
  requireJoinDate(checked.row.status, checked.row.joinedOn)
  await assertTownAndProfile(db, checked.row.townCode, checked.row.profileCode)
  await assertUniqueIdentifiers(db, checked.row, id)
  return checked
}

/** A person's input, normalised and checked (join date, town, profile). */
async function checkedPerson(db: Db, input: PersonInput) {
  const checked = normalisePerson(input)
  requireJoinDate(checked.row.status, checked.row.joinedOn)
  await assertTownAndProfile(db, checked.row.townCode, checked.row.profileCode)
  return checked
}

export async function createOrganisation(db: Db, input: OrganisationInput, source: ActorSource = 'saisie'): Promise<number> {
  const { data, row } = await checkedOrganisation(db, input)
  const { id } = await db.insertInto('organisations').values({ ...row, source }).returning('id').executeTakeFirstOrThrow()
  await setActorLinks(db, { kind: 'organisation', id }, data)
  return id
}

export async function updateOrganisation(db: Db, id: number, input: OrganisationInput, version?: number): Promise<void> {
  const { data, row } = await checkedOrganisation(db, input, id)
  await updateVersioned(db, 'organisations', id, version, { ...row, updatedAt: new Date().toISOString() }, "Cette organisation n'existe plus.")
  await setActorLinks(db, { kind: 'organisation', id }, data)
}

export async function createPerson(db: Db, input: PersonInput): Promise<number> {
  const { data, row } = await checkedPerson(db, input)
  const { id } = await db.insertInto('people').values(row).returning('id').executeTakeFirstOrThrow()
  await setActorLinks(db, { kind: 'person', id }, data)
  return id
}

export async function updatePerson(db: Db, id: number, input: PersonInput, version?: number): Promise<void> {
  const { data, row } = await checkedPerson(db, input)
  await updateVersioned(db, 'people', id, version, { ...row, updatedAt: new Date().toISOString() }, "Cette personne n'existe plus.")
  await setActorLinks(db, { kind: 'person', id }, data)
}

export async function deleteActor(db: Db, ref: ActorRef, version?: number): Promise<void> {
  const table = ref.kind === 'organisation' ? 'organisations' : 'people'
  await claimForDeletion(db, table, ref.id, version)
  const result = await db.deleteFrom(table).where('id', '=', ref.id).executeTakeFirst()
  if (Number(result.numDeletedRows) === 0) throw new AppError('not_found', "Cet acteur n'existe plus.")
}
