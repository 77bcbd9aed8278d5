// What a row describes → records: the organisation found (by SIRET, RNA, UAI, e-mail, or name and
// town) or created, its contact found (by e-mail, or by name within the organisation) or created
// and affiliated, the journal entry of the first contact. A record met again on a later line of
// the file only gets what it lacked: nothing is overwritten by a later line (what differs goes to
// its notes, with a warning); a record already in the directory is updated with what the file
// says. Links (tags, networks, fields, offers) are only ever added.

import type { Transaction } from 'kysely'
import { AppError } from '../../errors'
import { formatFrenchPhone } from '../../rules/identifiers'
import type { RecordAction } from '../../rules/import-fields'
import { wordKey } from '../../rules/import-words'
import { townKey } from '../../rules/town-names'
import type { Database } from '../../schema'
import { fieldLabel } from '../../rules/field-labels'
import type { ActorSource } from '../../rules/actor-values'
import { addInteraction } from '../journal'
import { actorKey, linkColumn, linkColumns, type ActorRef } from '../../rules/actor-keys'
import { createOrganisation, createPerson, ensureNamed, updateOrganisation, updatePerson } from '../records'
import type { CommonPlan, OrganisationPlan, PersonPlan, RowPlan, Status } from './rows'


export interface RecordRef {
  key: string
  name: string
  /** 'same': the record of an earlier line of the file. */
  action: RecordAction
}

export interface RowOutcome {
  rowNumber: number
  action: 'create' | 'update' | 'unchanged' | 'error'
  organisation?: RecordRef
  person?: RecordRef
  /** The record the row names, for a row in error. */
  name?: string
  problems: string[]
  warnings: string[]
}

export interface RecordCounts {
  created: number
  updated: number
  unchanged: number
}

export interface WriteCounts {
  organisations: RecordCounts
  people: RecordCounts
  affiliations: number
  journal: number
}

export interface WriterOptions {
  defaultProfile: string
  source: ActorSource
  /** The file's name, for the journal's summary. */
  fileName: string | null
  /** Who the journal entries are written by, when the row does not say. */
  animator: string | null
  /** A town's name, from its INSEE code. */
  townName: (code: string) => string
}

type State = 'created' | 'updated' | 'unchanged'

interface NamedOrganisation {
  id: number
  town: string | null
}

/** Fields compared by their words, not their spelling. */
const WORDED = new Set(['name', 'firstName', 'lastName', 'address', 'jobTitle'])

/** What a row's person takes from the organisation it is linked to. */
interface LinkedOrganisation {
  id: number
  name: string
  profileCode: string
  townCode: string | null
  outsideTown: string | null
}

function townOf(row: { townCode: string | null; outsideTown: string | null }): string | null {
  return row.townCode ?? (row.outsideTown ? `hors:${townKey(row.outsideTown)}` : null)
}

function shown(field: string, value: unknown): string {
  if (field === 'phone' && typeof value === 'string') return formatFrenchPhone(value)
  return String(value)
}

/** Notes with the file's lines added, unless they are there already (a file imported twice). */
function withNotes(current: string | null, added: string[]): string | null {
  const missing = added.filter((line) => line && !(current ?? '').includes(line))
  if (missing.length === 0) return current
  return [current, ...missing].filter(Boolean).join('\n')
}

export class ImportWriter {
  private readonly states = new Map<string, State>()
  /** Records met on earlier lines of the file (their later lines only fill them in). */
  private readonly met = new Set<string>()
  private byName: Map<string, NamedOrganisation[]> | null = null
  private lastOrganisation: { id: number; name: string } | null = null
  private affiliations = 0
  private journal = 0
  private pending: (() => void)[] = []

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly options: WriterOptions,
  ) {}

  /** The row landed: what it taught the writer (records met, counts) is kept. */
  keep(): void {
    for (const apply of this.pending) apply()
    this.pending = []
  }

  /** The row was rolled back: it taught nothing. */
  discard(): void {
    this.pending = []
  }

  private mark(key: string, state: State): void {
    this.pending.push(() => {
      const current = this.states.get(key)
      if (current === 'created' || (current === 'updated' && state === 'unchanged')) return
      this.states.set(key, state)
    })
  }

  counts(): WriteCounts {
    const count = (prefix: string) => {
      const result: RecordCounts = { created: 0, updated: 0, unchanged: 0 }
      for (const [key, state] of this.states) if (key.startsWith(prefix)) result[state]++
      return result
    }
    return { organisations: count('o'), people: count('p'), affiliations: this.affiliations, journal: this.journal }
  }

  private async organisationsByName(): Promise<Map<string, NamedOrganisation[]>> {
    if (!this.byName) {
      this.byName = new Map()
      const rows = await this.trx.selectFrom('organisations').select(['id', 'name', 'townCode', 'outsideTown']).execute()
      for (const row of rows) this.addName(row.name, { id: row.id, town: townOf(row) })
    }
    return this.byName
  }

  private addName(name: string, organisation: NamedOrganisation): void {
    const key = wordKey(name)
    const list = this.byName!.get(key)
    if (list) list.push(organisation)
    else this.byName!.set(key, [organisation])
  }

  /** The organisation a row designates: by identifier, by e-mail, else by name and town. */
  private async findOrganisation(plan: OrganisationPlan): Promise<number | null> {
    for (const column of ['siret', 'rna', 'uai'] as const) {
      const value = plan[column]
      if (!value) continue
      const found = await this.trx.selectFrom('organisations').select('id').where(column, '=', value).executeTakeFirst()
      if (found) return found.id
    }
    if (plan.email) {
      const found = await this.trx.selectFrom('organisations').select('id').where('email', '=', plan.email).limit(2).execute()
      if (found.length === 1) return found[0]!.id
    }
    const candidates = (await this.organisationsByName()).get(wordKey(plan.name)) ?? []
    const town = townOf(plan)
    if (town) {
      const sameTown = candidates.filter((candidate) => candidate.town === town)
      if (sameTown.length === 1) return sameTown[0]!.id
      const noTown = candidates.filter((candidate) => candidate.town === null)
      return sameTown.length === 0 && noTown.length === 1 ? noTown[0]!.id : null
    }
    return candidates.length === 1 ? candidates[0]!.id : null
  }

  private async findPerson(plan: PersonPlan, organisationId: number | null): Promise<number | null> {
    if (plan.email) {
      const found = await this.trx.selectFrom('people').select('id').where('email', '=', plan.email).limit(2).execute()
      if (found.length === 1) return found[0]!.id
    }
    if (organisationId === null) return null
    const name = wordKey(`${plan.firstName} ${plan.lastName}`)
    const colleagues = await this.trx
      .selectFrom('affiliations as a')
      .innerJoin('people as p', 'p.id', 'a.personId')
      .select(['p.id', 'p.firstName', 'p.lastName'])
      .where('a.organisationId', '=', organisationId)
      .execute()
    return colleagues.find((person) => wordKey(`${person.firstName} ${person.lastName}`) === name)?.id ?? null
  }

  /** Adds the tags, networks, fields of action and offers the record lacks; whether it added any. */
  private async addLinks(ref: ActorRef, plan: CommonPlan): Promise<boolean> {
    const column = linkColumn(ref)
    const columns = linkColumns(ref)
    let added = false
    for (const [table, names] of [
      ['tags', plan.tags],
      ['networks', plan.networks],
    ] as const) {
      if (names.length === 0) continue
      const link = table === 'tags' ? 'actorTags' : 'actorNetworks'
      const idColumn = table === 'tags' ? 'tagId' : 'networkId'
      for (const id of await ensureNamed(this.trx, table, names)) {
        const exists = await this.trx.selectFrom(link).select('id').where(column, '=', ref.id).where(idColumn, '=', id).executeTakeFirst()
        if (exists) continue
        await this.trx.insertInto(link).values({ [idColumn]: id, ...columns } as never).execute()
        added = true
      }
    }
    for (const fieldCode of plan.fields) {
      const exists = await this.trx.selectFrom('actorActionFields').select('id').where(column, '=', ref.id).where('fieldCode', '=', fieldCode).executeTakeFirst()
      if (exists) continue
      await this.trx.insertInto('actorActionFields').values({ fieldCode, ...columns }).execute()
      added = true
    }
    for (const offerTypeCode of plan.offers) {
      const exists = await this.trx.selectFrom('engagementOffers').select('id').where(column, '=', ref.id).where('offerTypeCode', '=', offerTypeCode).executeTakeFirst()
      if (exists) continue
      await this.trx.insertInto('engagementOffers').values({ offerTypeCode, ...columns, capacity: null, schoolLevels: null, availability: null, notes: null, active: 1 }).execute()
      added = true
    }
    return added
  }

  /**
   * The values a record gets from a row: on a record of the directory, what the file gives
   * replaces what it holds; on a record of an earlier line, only its empty fields are filled, and
   * what differs goes to its notes.
   */
  private merge<T extends Record<string, unknown>>(
    current: T,
    given: Partial<T>,
    mode: 'update' | 'same',
    rowNumber: number,
    warnings: string[],
    notes: string[],
  ): { next: T; changed: boolean } {
    const next = { ...current }
    const differing: string[] = []
    let changed = false
    for (const [field, value] of Object.entries(given)) {
      if (value === null || value === undefined || value === '') continue
      const before = current[field]
      if (before === value) continue
      // The same words written otherwise (« Jean-Moulin », « JEAN MOULIN ») are the same value.
      if (WORDED.has(field) && typeof before === 'string' && typeof value === 'string' && wordKey(before) === wordKey(value)) continue
      if (mode === 'same' && before !== null && before !== '') {
        differing.push(`${fieldLabel(field)} : ${shown(field, value)}`)
        continue
      }
      ;(next as Record<string, unknown>)[field] = value
      changed = true
    }
    if (differing.length > 0) {
      warnings.push(`Valeurs différentes de celles d'une ligne précédente pour la même fiche, gardées dans ses notes : ${differing.join(' ; ')}.`)
      notes.push(`Ligne ${rowNumber} : ${differing.join(' ; ')}`)
    }
    return { next, changed }
  }

  /** The town a row gives a record: set on a record of the directory or one without a town, else kept in its notes when it differs. */
  private town(
    current: { townCode: string | null; outsideTown: string | null },
    given: { townCode: string | null; outsideTown: string | null },
    mode: 'update' | 'same',
    rowNumber: number,
    warnings: string[],
    notes: string[],
  ): { townCode: string | null; outsideTown: string | null } | null {
    if (given.townCode === null && given.outsideTown === null) return null
    const wanted = { townCode: given.townCode, outsideTown: given.townCode ? null : given.outsideTown }
    if (current.townCode === wanted.townCode && current.outsideTown === wanted.outsideTown) return null
    if (mode === 'update' || (current.townCode === null && current.outsideTown === null)) return wanted
    const typed = wanted.townCode ? this.options.townName(wanted.townCode) : wanted.outsideTown!
    warnings.push(`Valeurs différentes de celles d'une ligne précédente pour la même fiche, gardées dans ses notes : Commune : ${typed}.`)
    notes.push(`Ligne ${rowNumber} : Commune : ${typed}`)
    return null
  }

  private statusOf(plan: CommonPlan, current: { status: Status; joinedOn: string | null } | null, warnings: string[]): { status: Status | undefined; joinedOn: string | null } {
    const joinedOn = plan.joinedOn ?? current?.joinedOn ?? null
    if (plan.status === 'vitawiner' && !joinedOn) {
      warnings.push(`Vitawiner sans date d'adhésion : ${current?.status === 'vitawiner' ? 'la fiche reste' : 'la fiche est importée en'} ${current?.status === 'vitawiner' ? 'Vitawiner' : current ? 'l’état actuel' : 'prospect'} (indiquez la date d'adhésion).`)
      return { status: current?.status ?? 'prospect', joinedOn }
    }
    return { status: plan.status ?? current?.status, joinedOn }
  }

  private async writeOrganisation(plan: OrganisationPlan, rowNumber: number, warnings: string[]): Promise<{ ref: RecordRef; touched: boolean }> {
    const found = await this.findOrganisation(plan)
    if (found === null) {
      const { status, joinedOn } = this.statusOf(plan, null, warnings)
      const id = await createOrganisation(
        this.trx,
        {
          name: plan.name,
          profileCode: plan.profileCode ?? this.options.defaultProfile,
          townCode: plan.townCode,
          outsideTown: plan.outsideTown,
          siret: plan.siret,
          rna: plan.rna,
          uai: plan.uai,
          email: plan.email,
          phone: plan.phone,
          website: plan.website,
          address: plan.address,
          postalCode: plan.postalCode,
          nafCode: plan.nafCode,
          status,
          joinedOn,
          notes: withNotes(null, plan.notes),
          tags: plan.tags,
          networks: plan.networks,
          fields: plan.fields,
        },
        this.options.source,
      )
      await this.addLinks({ kind: 'organisation', id }, { ...plan, tags: [], networks: [], fields: [] })
      const key = actorKey({ kind: 'organisation', id })
      this.mark(key, 'created')
      this.pending.push(() => {
        this.met.add(key)
        this.addName(plan.name, { id, town: townOf(plan) })
      })
      return { ref: { key, name: plan.name, action: 'create' }, touched: true }
    }
    const current = await this.trx.selectFrom('organisations').selectAll().where('id', '=', found).executeTakeFirstOrThrow()
    const { status, joinedOn } = this.statusOf(plan, current, warnings)
    const given = {
      name: plan.name,
      // The profile a name tells does not replace the one a record has.
      profileCode: plan.profileFromName ? undefined : (plan.profileCode ?? undefined),
      postalCode: plan.postalCode,
      address: plan.address,
      siret: plan.siret,
      siren: plan.siret ? plan.siret.slice(0, 9) : null,
      rna: plan.rna,
      uai: plan.uai,
      email: plan.email,
      phone: plan.phone,
      website: plan.website,
      nafCode: plan.nafCode,
      status: plan.status ? status : undefined,
      joinedOn: plan.joinedOn ? joinedOn : undefined,
    }
    const result = await this.updateRecord({ kind: 'organisation', id: found }, plan, current, given, rowNumber, warnings, (next, notes) =>
      updateOrganisation(this.trx, found, {
        name: next.name,
        profileCode: next.profileCode,
        townCode: next.townCode,
        outsideTown: next.outsideTown,
        siret: next.siret,
        rna: next.rna,
        uai: next.uai,
        email: next.email,
        phone: next.phone,
        website: next.website,
        address: next.address,
        postalCode: next.postalCode,
        nafCode: next.nafCode,
        workforceBand: next.workforceBand,
        status: next.status,
        joinedOn: next.joinedOn,
        notes,
      }),
    )
    return { ref: { key: result.key, name: result.next.name, action: result.action }, touched: result.touched }
  }

  private async writePerson(plan: PersonPlan, organisation: LinkedOrganisation | null, rowNumber: number, warnings: string[]): Promise<{ ref: RecordRef; touched: boolean }> {
    const name = `${plan.firstName} ${plan.lastName}`
    const found = await this.findPerson(plan, organisation?.id ?? null)
    const profileCode = plan.profileCode ?? organisation?.profileCode ?? this.options.defaultProfile
    if (found === null) {
      const { status, joinedOn } = this.statusOf(plan, null, warnings)
      // A new contact without a town of its own is counted in its organisation's.
      const town = plan.townCode || plan.outsideTown ? plan : (organisation ?? plan)
      const id = await createPerson(this.trx, {
        firstName: plan.firstName,
        lastName: plan.lastName,
        profileCode,
        townCode: town.townCode,
        outsideTown: town.townCode ? null : town.outsideTown,
        email: plan.email,
        phone: plan.phone,
        jobTitle: plan.jobTitle,
        status,
        joinedOn,
        notes: withNotes(null, plan.notes),
        tags: plan.tags,
        networks: plan.networks,
        fields: plan.fields,
      })
      await this.addLinks({ kind: 'person', id }, { ...plan, tags: [], networks: [], fields: [] })
      const key = actorKey({ kind: 'person', id })
      this.mark(key, 'created')
      this.pending.push(() => this.met.add(key))
      return { ref: { key, name, action: 'create' }, touched: true }
    }
    const current = await this.trx.selectFrom('people').selectAll().where('id', '=', found).executeTakeFirstOrThrow()
    const { status, joinedOn } = this.statusOf(plan, current, warnings)
    const given = {
      firstName: plan.firstName,
      lastName: plan.lastName,
      profileCode: plan.profileCode ?? undefined,
      email: plan.email,
      phone: plan.phone,
      jobTitle: plan.jobTitle,
      status: plan.status ? status : undefined,
      joinedOn: plan.joinedOn ? joinedOn : undefined,
    }
    const result = await this.updateRecord({ kind: 'person', id: found }, plan, current, given, rowNumber, warnings, (next, notes) =>
      updatePerson(this.trx, found, {
        firstName: next.firstName,
        lastName: next.lastName,
        profileCode: next.profileCode,
        townCode: next.townCode,
        outsideTown: next.outsideTown,
        email: next.email,
        phone: next.phone,
        jobTitle: next.jobTitle,
        status: next.status,
        joinedOn: next.joinedOn,
        notes,
      }),
    )
    return { ref: { key: result.key, name: `${result.next.firstName} ${result.next.lastName}`, action: result.action }, touched: result.touched }
  }

  /**
   * Writes what a row gives a record already there (in the directory, or met on an earlier line),
   * and adds the links it lacks: whether anything changed.
   */
  private async updateRecord<T extends { notes: string | null; townCode: string | null; outsideTown: string | null } & Record<string, unknown>>(
    ref: ActorRef,
    plan: CommonPlan,
    current: T,
    given: Partial<T>,
    rowNumber: number,
    warnings: string[],
    save: (next: T, notes: string | null) => Promise<void>,
  ): Promise<{ key: string; next: T; action: RecordAction; touched: boolean }> {
    const key = actorKey(ref)
    const mode = this.met.has(key) ? 'same' : 'update'
    const notes = [...plan.notes]
    const town = this.town(current, plan, mode, rowNumber, warnings, notes)
    const merged = this.merge(current, given, mode, rowNumber, warnings, notes)
    const next = { ...merged.next, ...town }
    const nextNotes = withNotes(current.notes, notes)
    const changed = merged.changed || town !== null || nextNotes !== current.notes
    if (changed) await save(next, nextNotes)
    const touched = (await this.addLinks(ref, plan)) || changed
    this.mark(key, touched ? 'updated' : 'unchanged')
    this.pending.push(() => this.met.add(key))
    return { key, next, action: mode === 'same' ? 'same' : touched ? 'update' : 'unchanged', touched }
  }

  private async affiliate(personId: number, organisationId: number, role: string | null): Promise<boolean> {
    const existing = await this.trx.selectFrom('affiliations').select(['id', 'role']).where('personId', '=', personId).where('organisationId', '=', organisationId).executeTakeFirst()
    if (!existing) {
      await this.trx.insertInto('affiliations').values({ personId, organisationId, role, startedOn: null, endedOn: null }).execute()
      this.pending.push(() => this.affiliations++)
      return true
    }
    if (role && !existing.role) {
      await this.trx.updateTable('affiliations').set({ role }).where('id', '=', existing.id).execute()
      return true
    }
    return false
  }

  private async addFirstContact(actor: ActorRef, contactPersonId: number | null, journal: NonNullable<RowPlan['journal']>): Promise<boolean> {
    const column = linkColumn(actor)
    let query = this.trx
      .selectFrom('interactions')
      .select('id')
      .where(column, '=', actor.id)
      .where('occurredOn', '=', journal.occurredOn)
      .where('summary', 'like', 'Premier contact%')
    query = contactPersonId === null ? query.where('contactPersonId', 'is', null) : query.where('contactPersonId', '=', contactPersonId)
    if (await query.executeTakeFirst()) return false
    await addInteraction(this.trx, {
      actor: actorKey(actor),
      contactPersonId,
      kind: 'rencontre',
      occurredOn: journal.occurredOn,
      animator: journal.animator ?? this.options.animator ?? 'Import',
      summary: `Premier contact${this.options.fileName ? ` (repris du fichier « ${this.options.fileName} »)` : ''}`,
    })
    this.pending.push(() => this.journal++)
    return true
  }

  /** What a row's person takes from the organisation it is linked to, with the organisation's notes. */
  private linkedOrganisation(id: number): Promise<LinkedOrganisation & { notes: string | null }> {
    return this.trx.selectFrom('organisations').select(['id', 'name', 'profileCode', 'townCode', 'outsideTown', 'notes']).where('id', '=', id).executeTakeFirstOrThrow()
  }

  /** Writes what a row describes; throws an AppError for what the records refuse. */
  async write(rowNumber: number, plan: RowPlan): Promise<RowOutcome> {
    const warnings = plan.warnings
    const outcome: RowOutcome = { rowNumber, action: 'unchanged', problems: plan.problems, warnings }
    let organisation: LinkedOrganisation | null = null
    let created = false
    let touched = false

    if (plan.organisation) {
      const written = await this.writeOrganisation(plan.organisation, rowNumber, warnings)
      outcome.organisation = written.ref
      created ||= written.ref.action === 'create'
      touched ||= written.touched
      organisation = await this.linkedOrganisation(Number(written.ref.key.slice(1)))
    } else if (plan.sameOrganisationAsAbove) {
      if (!this.lastOrganisation) throw new AppError('invalid_input', "Le nom de l'organisation est vide, et aucune ligne au-dessus ne donne d'organisation.")
      const { notes: above, ...row } = await this.linkedOrganisation(this.lastOrganisation.id)
      organisation = row
      warnings.push(`Nom de l'organisation vide (cellule vide ou fusionnée) : la ligne est rattachée à « ${row.name} », l'organisation de la ligne au-dessus.`)
      const notes = withNotes(above, plan.notesForAbove)
      if (notes !== above) {
        await this.trx.updateTable('organisations').set({ notes, updatedAt: new Date().toISOString() }).where('id', '=', row.id).execute()
        touched = true
      }
      outcome.organisation = { key: actorKey({ kind: 'organisation', id: row.id }), name: row.name, action: 'same' }
    }

    if (plan.organisationReference) {
      organisation = await this.linkedOrganisation(await this.referencedOrganisation(plan.organisationReference))
    }

    if (plan.person) {
      const written = await this.writePerson(plan.person, organisation, rowNumber, warnings)
      outcome.person = written.ref
      created ||= written.ref.action === 'create'
      touched ||= written.touched
      if (organisation && (await this.affiliate(Number(written.ref.key.slice(1)), organisation.id, plan.person.jobTitle))) touched = true
    }

    if (plan.journal) {
      const personId = outcome.person ? Number(outcome.person.key.slice(1)) : null
      const actor: ActorRef | null = organisation ? { kind: 'organisation', id: organisation.id } : personId !== null ? { kind: 'person', id: personId } : null
      if (actor && (await this.addFirstContact(actor, organisation ? personId : null, plan.journal))) touched = true
    }

    if (organisation && plan.organisation) {
      const last = { id: organisation.id, name: organisation.name }
      this.pending.push(() => (this.lastOrganisation = last))
    }
    outcome.action = created ? 'create' : touched ? 'update' : 'unchanged'
    return outcome
  }

  /** The organisation a people file names (by SIRET or by its name): it must be in the directory. */
  private async referencedOrganisation(text: string): Promise<number> {
    const digits = text.replace(/\s/g, '')
    if (/^\d{14}$/.test(digits)) {
      const found = await this.trx.selectFrom('organisations').select('id').where('siret', '=', digits).executeTakeFirst()
      if (found) return found.id
    }
    const candidates = (await this.organisationsByName()).get(wordKey(text)) ?? []
    if (candidates.length === 1) return candidates[0]!.id
    throw new AppError(
      'invalid_input',
      candidates.length > 1 ? `Plusieurs organisations s'appellent « ${text} » : indiquez leur SIRET.` : `Organisation introuvable dans l'annuaire : « ${text} ».`,
    )
  }
}
