// One row of the file → what it describes: an organisation, a person, a journal entry — with
// every problem of the row (not only the first) and what was kept aside in the notes.

import type { z } from 'zod'
import { pastDate, postalCode as postalCodeRule, websiteUrl } from '../../fields'
import { cellAddress } from '../../rules/excel-cells'
import { validateRna, validateSiret, validateUai } from '../../rules/identifiers'
import { type ColumnMapping, type ImportFieldId, type ImportTarget, OUTSIDE } from '../../rules/import-fields'
import { profileFromName } from '../../rules/import-words'
import { nameCase, splitPersonName } from '../../rules/person-names'
import { type Kept, cellDate, cellText, keepEmails, keepPhones, quoted, splitContacts, splitList } from './cells'
import type { ImportRow } from './table'
import type { ValueResolver } from './values'

export type Status = 'prospect' | 'vitawiner' | 'ancien'

/** What a row says of a record, beside its own fields (shared by organisations and people). */
export interface CommonPlan {
  /** The profile the file gives (or tells by the name), null when it says nothing. */
  profileCode: string | null
  townCode: string | null
  outsideTown: string | null
  email: string | null
  phone: string | null
  status: Status | null
  joinedOn: string | null
  tags: string[]
  networks: string[]
  fields: string[]
  offers: string[]
  notes: string[]
}

export interface OrganisationPlan extends CommonPlan {
  name: string
  /** The profile was told by the name, not given by a cell: it does not replace a record's own. */
  profileFromName: boolean
  postalCode: string | null
  address: string | null
  siret: string | null
  rna: string | null
  uai: string | null
  website: string | null
  nafCode: string | null
}

export interface PersonPlan extends CommonPlan {
  firstName: string
  lastName: string
  jobTitle: string | null
}

export interface RowPlan {
  organisation: OrganisationPlan | null
  /** A contacts file's line whose organisation cells are empty (or merged): the organisation of the line above. */
  sameOrganisationAsAbove: boolean
  person: PersonPlan | null
  /** A people file: the organisation the person belongs to, by name or SIRET (it must exist). */
  organisationReference: string | null
  journal: { occurredOn: string; animator: string | null } | null
  /** What a line of the same organisation as above keeps for that organisation's notes. */
  notesForAbove: string[]
  problems: string[]
  warnings: string[]
}

interface Cell {
  text: string
  raw: unknown
}

function emptyCommon(): CommonPlan {
  return { profileCode: null, townCode: null, outsideTown: null, email: null, phone: null, status: null, joinedOn: null, tags: [], networks: [], fields: [], offers: [], notes: [] }
}

function postalCodeOf(cell: Cell | undefined): string | null {
  if (!cell) return null
  if (typeof cell.raw === 'number' && Number.isInteger(cell.raw) && cell.raw >= 1000 && cell.raw < 100_000) return String(cell.raw).padStart(5, '0')
  return cell.text.replace(/\s/g, '')
}

/** The message of the data layer's rule (db/fields.ts) a value breaks, or null: the import refuses what the forms refuse. */
function broken(rule: z.ZodType, value: unknown): string | null {
  const result = rule.safeParse(value)
  return result.success ? null : result.error.issues[0]!.message
}

export class RowMapper {
  constructor(
    private readonly target: ImportTarget,
    private readonly mapping: ColumnMapping,
    private readonly values: ValueResolver,
    private readonly defaults: { animator: string | null },
  ) {}

  /** The mapped cells of a row, with a warning for each formula and error cell. */
  private cells(row: ImportRow, warnings: string[]): Partial<Record<ImportFieldId, Cell>> {
    const cells: Partial<Record<ImportFieldId, Cell>> = {}
    const formulas = new Set(row.formulaColumns ?? [])
    const errors = new Map((row.errorCells ?? []).map((cell) => [cell.column, cell.error]))
    for (const [column, field] of Object.entries(this.mapping)) {
      if (!field) continue
      const index = Number(column)
      const address = cellAddress(row.rowNumber, index)
      const error = errors.get(index)
      if (error) {
        warnings.push(`La cellule ${address} contient une erreur de calcul (${error}) : elle est laissée vide.`)
        continue
      }
      const raw = row.cells[index]
      const text = cellText(raw)
      if (!text) continue
      if (formulas.has(index)) warnings.push(`La cellule ${address} contient une formule : sa dernière valeur calculée (« ${quoted(text, 40)} ») est reprise.`)
      cells[field] = { text, raw }
    }
    return cells
  }

  /** The fields an organisation and a person share: town, status, lists, notes. */
  private common(cells: Partial<Record<ImportFieldId, Cell>>, problems: string[], warnings: string[], withPostalCode: boolean): CommonPlan {
    const plan = emptyCommon()
    if (cells.profile) plan.profileCode = this.values.single('profile', cells.profile.text, problems)
    if (cells.town) {
      const target = this.values.single('town', cells.town.text, problems)
      if (target === OUTSIDE) plan.outsideTown = cells.town.text
      else plan.townCode = target
    }
    const postalCode = withPostalCode ? postalCodeOf(cells.postalCode) : null
    const byPostalCode = postalCode ? (this.values.lookups.postal.get(postalCode) ?? null) : null
    const townName = (code: string) => this.values.lookups.towns.find((town) => town.code === code)?.name ?? code
    if (cells.town && postalCode && /^\d{5}$/.test(postalCode)) {
      if (plan.townCode && byPostalCode !== plan.townCode) {
        warnings.push(
          byPostalCode
            ? `La commune « ${cells.town.text} » et le code postal ${postalCode} (${townName(byPostalCode)}) ne concordent pas : ${townName(plan.townCode)} est retenue.`
            : `Le code postal ${postalCode} n'est pas celui de ${townName(plan.townCode)} : la commune est retenue.`,
        )
      } else if (plan.outsideTown && byPostalCode) {
        warnings.push(`« ${cells.town.text} » n'est pas une commune du territoire, mais le code postal ${postalCode} est celui de ${townName(byPostalCode)} : ${townName(byPostalCode)} est retenue.`)
        plan.notes.push(`Commune indiquée : ${cells.town.text}`)
        plan.outsideTown = null
        plan.townCode = byPostalCode
      }
    } else if (!cells.town && byPostalCode) plan.townCode = byPostalCode
    if (cells.status) plan.status = this.values.single('status', cells.status.text, problems) as Status | null
    if (cells.joinedOn) {
      plan.joinedOn = cellDate(cells.joinedOn.raw)
      const refused = plan.joinedOn ? broken(pastDate('joinedOn'), plan.joinedOn) : null
      if (!plan.joinedOn || refused) {
        warnings.push(refused ? `${refused} (« ${quoted(cells.joinedOn.text)} ») : gardée dans les notes.` : `Date d'adhésion illisible (« ${quoted(cells.joinedOn.text)} », attendu : jj/mm/aaaa) : gardée dans les notes.`)
        plan.notes.push(`Date d'adhésion : ${cells.joinedOn.text}`)
        plan.joinedOn = null
      }
    }
    if (cells.tags) plan.tags = splitList(cells.tags.text)
    if (cells.networks) plan.networks = this.values.multiple('networks', cells.networks.text, problems)
    if (cells.fields) plan.fields = this.values.multiple('fields', cells.fields.text, problems)
    if (cells.offers) plan.offers = this.values.multiple('offers', cells.offers.text, problems)
    if (cells.notes) plan.notes.unshift(cells.notes.text)
    return plan
  }

  private keep(kept: Kept, into: { notes: string[] }, warnings: string[]): string | null {
    into.notes.push(...kept.notes)
    warnings.push(...kept.warnings)
    return kept.value
  }

  private organisation(cells: Partial<Record<ImportFieldId, Cell>>, problems: string[], warnings: string[]): OrganisationPlan | null {
    if (!cells.name) return null
    const common = this.common(cells, problems, warnings, true)
    let told = false
    if (!cells.profile) {
      const match = profileFromName(cells.name.text)
      if (match) {
        common.profileCode = this.values.fromName('profile', match, match.code)
        told = true
      }
    }
    const identifier = (cell: Cell | undefined, validate: typeof validateSiret) => {
      if (!cell) return null
      const result = validate(cell.text)
      if (result.ok) return result.value
      problems.push(result.message)
      return null
    }
    return {
      ...common,
      name: cells.name.text.replace(/\s+/g, ' '),
      profileFromName: told,
      postalCode: this.checked(cells.postalCode, postalCodeOf(cells.postalCode), postalCodeRule, 'Code postal', common.notes, warnings),
      address: cells.address?.text ?? null,
      siret: identifier(cells.siret, validateSiret),
      rna: identifier(cells.rna, validateRna),
      uai: identifier(cells.uai, validateUai),
      website: this.checked(cells.website, cells.website?.text ?? null, websiteUrl, 'Site internet', common.notes, warnings),
      nafCode: cells.nafCode?.text ?? null,
    }
  }

  /** The person a row names: one full-name cell, or first-name and family-name cells. */
  private personName(cells: Partial<Record<ImportFieldId, Cell>>, warnings: string[], aside: string[]): { firstName: string | null; lastName: string | null; written: string; detail: string | null } | null {
    if (cells.fullName) {
      const [first, ...others] = splitContacts(cells.fullName.text)
      if (others.length > 0) {
        warnings.push(`${others.length + 1} personnes dans la cellule du contact : « ${quoted(first!)} » est importée, ${others.map((other) => `« ${quoted(other)} »`).join(', ')} dans les notes.`)
        aside.push(`Autres contacts : ${others.join(' ; ')}`)
      }
      const name = splitPersonName(first!)
      return { firstName: name.firstName, lastName: name.lastName, written: first!, detail: name.detail }
    }
    if (!cells.firstName && !cells.lastName) return null
    const given = cells.firstName ? splitPersonName(cells.firstName.text) : null
    const family = cells.lastName?.text ?? null
    const firstName = given ? [given.firstName, given.lastName].filter(Boolean).join(' ') || null : null
    const upper = (text: string) => text === text.toLocaleUpperCase('fr') && /\p{L}{2}/u.test(text)
    return {
      firstName: firstName && upper(firstName) ? nameCase(firstName, false) : firstName,
      lastName: family && upper(family) ? nameCase(family, true) : family,
      written: [cells.civility?.text, cells.firstName?.text, cells.lastName?.text].filter(Boolean).join(' '),
      detail: null,
    }
  }

  /** A cell's value the data layer's rule accepts; else nothing, the cell kept in the notes with the rule's message. */
  private checked(cell: Cell | undefined, value: string | null, rule: z.ZodType, label: string, notes: string[], warnings: string[]): string | null {
    const refused = value === null ? null : broken(rule, value)
    if (!refused) return value
    warnings.push(`${refused} (« ${quoted(cell!.text)} ») : gardé dans les notes.`)
    notes.push(`${label} : ${cell!.text}`)
    return null
  }

  map(row: ImportRow): RowPlan {
    const problems: string[] = []
    const warnings: string[] = []
    const cells = this.cells(row, warnings)
    const plan: RowPlan = { organisation: null, sameOrganisationAsAbove: false, person: null, organisationReference: null, journal: null, notesForAbove: [], problems, warnings }

    if (cells.firstContactOn) {
      const occurredOn = cellDate(cells.firstContactOn.raw)
      if (occurredOn) plan.journal = { occurredOn, animator: cells.animator?.text ?? this.defaults.animator }
      else warnings.push(`Date de premier contact illisible (« ${quoted(cells.firstContactOn.text)} », attendu : jj/mm/aaaa) : gardée dans les notes.`)
    }

    if (this.target === 'people') {
      const aside: string[] = []
      const name = this.personName(cells, warnings, aside)
      const common = this.common(cells, problems, warnings, false)
      common.notes.push(...aside)
      if (cells.firstContactOn && !plan.journal) common.notes.push(`Date de premier contact : ${cells.firstContactOn.text}`)
      if (!name?.firstName || !name.lastName) {
        problems.push(name?.written ? `Le prénom et le nom sont obligatoires (« ${quoted(name.written)} »).` : 'Le prénom et le nom sont obligatoires.')
        return plan
      }
      common.email = cells.email ? this.keep(keepEmails(cells.email.text, 'Courriel'), common, warnings) : null
      common.phone = cells.phone ? this.keep(keepPhones(cells.phone.text, 'Téléphone'), common, warnings) : null
      plan.person = { ...common, firstName: name.firstName, lastName: name.lastName, jobTitle: cells.jobTitle?.text ?? name.detail }
      plan.organisationReference = cells.organisation?.text ?? null
      return plan
    }

    const organisation = this.organisation(cells, problems, warnings)
    const aside: string[] = []
    const name = this.target === 'contacts' ? this.personName(cells, warnings, aside) : null
    const jobTitle = cells.jobTitle?.text ?? name?.detail ?? null
    const hasPerson = Boolean(name?.firstName && name.lastName)
    if (!organisation) {
      if (this.target === 'contacts' && (name || cells.personEmail || cells.personPhone)) plan.sameOrganisationAsAbove = true
      else {
        problems.push("Le nom de l'organisation est vide.")
        return plan
      }
    }
    // What the organisation receives of the row: its own fields, or, on a line of the same
    // organisation as above, only what goes to the notes.
    const holder = organisation ?? { notes: [] as string[] }
    holder.notes.push(...aside)
    if (cells.firstContactOn && !plan.journal) holder.notes.push(`Date de premier contact : ${cells.firstContactOn.text}`)

    if (name && !hasPerson) {
      const written = [name.written, jobTitle ? `(${jobTitle})` : null].filter(Boolean).join(' ')
      warnings.push(`Contact « ${quoted(name.written)} » sans ${name.firstName ? 'nom' : 'prénom'} : la personne n'est pas créée, son nom est gardé dans les notes de l'organisation.`)
      holder.notes.push(`Contact : ${written}`)
    } else if (!name && jobTitle) holder.notes.push(`Fonction du contact : ${jobTitle}`)

    // The row's e-mail and phone are its contact's when it names one (unless the contact has
    // columns of its own), else the organisation's. A contact that cannot be created keeps them
    // in the organisation's notes.
    const personCommon = emptyCommon()
    const contactNotes = hasPerson ? personCommon : holder
    const toContact = (label: string, value: string | null, text: string) => {
      if (value && !hasPerson) holder.notes.push(`${label} du contact : ${label === 'Téléphone' ? text : value}`)
      return value
    }
    if (cells.personEmail) personCommon.email = toContact('Courriel', this.keep(keepEmails(cells.personEmail.text, 'Courriel du contact'), contactNotes, warnings), cells.personEmail.text)
    if (cells.personPhone) personCommon.phone = toContact('Téléphone', this.keep(keepPhones(cells.personPhone.text, 'Téléphone du contact'), contactNotes, warnings), cells.personPhone.text)
    // A contact with a column of its own for either (« E-mail du contact ») leaves the plain ones to the organisation.
    const contactHasOwn = Boolean(cells.personEmail || cells.personPhone)
    const emailToContact = Boolean(name) && !contactHasOwn
    const phoneToContact = Boolean(name) && !contactHasOwn
    if (cells.email) {
      const kept = this.keep(keepEmails(cells.email.text, 'Courriel'), emailToContact ? contactNotes : holder, warnings)
      if (emailToContact) personCommon.email = toContact('Courriel', kept, cells.email.text)
      else if (organisation) organisation.email = kept
      else if (kept) holder.notes.push(`Courriel : ${kept}`)
    }
    if (cells.phone) {
      const kept = this.keep(keepPhones(cells.phone.text, 'Téléphone'), phoneToContact ? contactNotes : holder, warnings)
      if (phoneToContact) personCommon.phone = toContact('Téléphone', kept, cells.phone.text)
      else if (organisation) organisation.phone = kept
      else if (kept) holder.notes.push(`Téléphone : ${cells.phone.text}`)
    }
    if (hasPerson) {
      plan.person = { ...personCommon, firstName: name!.firstName!, lastName: name!.lastName!, jobTitle }
    }
    plan.organisation = organisation
    if (!organisation) plan.notesForAbove = holder.notes
    return plan
  }
}
