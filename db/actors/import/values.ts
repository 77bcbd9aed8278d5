// The values of the list columns (profile, status, town, offers, fields of action, networks): each
// distinct value of the file is mapped to an entry of its list — by the user (the value mappings of
// the preview, saved with a named mapping), else by its label or code, else by the table of words
// people use (db/rules/import-words.ts). A value still unknown is an error naming the accepted values.

import { ACTOR_STATUS } from '../../rules/actor-values'
import { ACTION_FIELD_WORDS, OFFER_TYPE_WORDS, PROFILE_WORDS, STATUS_WORDS, matchWords, wordKey } from '../../rules/import-words'
import { IGNORE, type ListField, NAME_PREFIX, OUTSIDE, type ValueOrigin } from '../../rules/import-fields'
import { matchTown } from '../../rules/town-names'
import type { Db } from '../../schema'
import { quoted, splitList } from './cells'

/** Field → value (as a word key) → target: a code, a town's INSEE code, a network's name, or one of the special targets. */
export type ValueMapping = Partial<Record<ListField, Record<string, string>>>


export interface Resolved {
  target: string | null
  origin: ValueOrigin
}

interface Entry {
  code: string
  label: string
}

/** The lists, loaded once per import. */
export interface Lookups {
  profiles: Entry[]
  statuses: Entry[]
  towns: { code: string; name: string }[]
  postal: Map<string, string>
  offers: Entry[]
  fields: Entry[]
  networks: Map<string, string>
}

export async function loadLookups(db: Db): Promise<Lookups> {
  const [profiles, towns, postal, offers, fields, networks] = await Promise.all([
    db.selectFrom('actorProfiles').select(['code', 'label']).orderBy('sortOrder').execute(),
    db.selectFrom('towns').select(['inseeCode as code', 'name']).orderBy('sortOrder').execute(),
    db.selectFrom('townPostalCodes').select(['inseeCode', 'postalCode']).execute(),
    db.selectFrom('offerTypes').select(['code', 'label']).orderBy('sortOrder').execute(),
    db.selectFrom('actionFields').select(['code', 'label']).orderBy('sortOrder').execute(),
    db.selectFrom('networks').select('name').execute(),
  ])
  return {
    profiles,
    statuses: ACTOR_STATUS.options.map(({ value, label }) => ({ code: value, label })),
    towns,
    postal: new Map(postal.map((row) => [row.postalCode, row.inseeCode])),
    offers,
    fields,
    networks: new Map(networks.map((row) => [wordKey(row.name), row.name])),
  }
}

const WORDS: Partial<Record<ListField, Readonly<Record<string, readonly string[]>>>> = {
  profile: PROFILE_WORDS,
  status: STATUS_WORDS,
  offers: OFFER_TYPE_WORDS,
  fields: ACTION_FIELD_WORDS,
}

function entries(lookups: Lookups, field: ListField): Entry[] {
  switch (field) {
    case 'profile':
      return lookups.profiles
    case 'status':
      return lookups.statuses
    case 'offers':
      return lookups.offers
    case 'fields':
      return lookups.fields
    case 'town':
      return lookups.towns.map((town) => ({ code: town.code, label: town.name }))
    case 'networks':
      return [...lookups.networks.values()].map((name) => ({ code: name, label: name }))
  }
}

/** Whether a field's cell may hold several values. */
export function isMultiple(field: ListField): boolean {
  return field === 'offers' || field === 'fields' || field === 'networks'
}

/** What the import proposes for a value when the user has not chosen. */
export function propose(lookups: Lookups, field: ListField, raw: string): Resolved {
  const key = wordKey(raw)
  if (field === 'networks') {
    const existing = lookups.networks.get(key)
    return existing ? { target: existing, origin: 'label' } : { target: raw.trim().replace(/\s+/g, ' '), origin: 'new' }
  }
  if (field === 'town') {
    if (/^\d[\dab]\d{3}$/i.test(raw.trim())) {
      const town = lookups.towns.find((each) => each.code === raw.trim().toUpperCase())
      if (town) return { target: town.code, origin: 'label' }
    }
    const match = matchTown(raw, lookups.towns)
    if (match) return { target: match.code, origin: match.exact ? 'label' : 'words' }
    return { target: OUTSIDE, origin: 'outside' }
  }
  const byLabel = entries(lookups, field).find((entry) => wordKey(entry.label) === key || wordKey(entry.code) === key || wordKey(entry.label).replace(/s\b/g, '') === key.replace(/s\b/g, ''))
  if (byLabel) return { target: byLabel.code, origin: 'label' }
  const words = WORDS[field]
  const match = words ? matchWords(words, raw) : null
  return match ? { target: match.code, origin: 'words' } : { target: null, origin: 'unknown' }
}

/**
 * A target chosen by the user, as a code or as it is written (« Éducation nationale »,
 * « Champigny », « hors territoire », « - »): the target, or null when the list has no such entry.
 */
export function chosenTarget(lookups: Lookups, field: ListField, chosen: string): string | null {
  const text = chosen.trim()
  if (text === IGNORE || text === OUTSIDE) return text
  const key = wordKey(text)
  if (key === 'ignorer' || key === 'ne pas importer' || key === 'aucun' || key === 'aucune') return IGNORE
  if (field === 'networks') return lookups.networks.get(key) ?? (text.replace(/\s+/g, ' ') || null)
  if (field === 'town') {
    if (key === 'hors territoire' || key === 'hors') return OUTSIDE
    if (lookups.towns.some((town) => town.code === text.toUpperCase())) return text.toUpperCase()
    return matchTown(text, lookups.towns)?.code ?? null
  }
  return entries(lookups, field).find((entry) => entry.code === text || wordKey(entry.label) === key || wordKey(entry.code) === key)?.code ?? null
}

/** The accepted values of a list, for an error message. */
export function acceptedValues(lookups: Lookups, field: ListField): string {
  return entries(lookups, field)
    .map((entry) => `« ${entry.label} »`)
    .join(', ')
}

const UNKNOWN_MESSAGES: Record<ListField, string> = {
  profile: 'Profil inconnu',
  status: 'Statut inconnu',
  town: 'Commune inconnue',
  offers: "Offre d'engagement inconnue",
  fields: "Domaine d'action inconnu",
  networks: 'Réseau inconnu',
}

/** One distinct value of a list column, as the preview shows it. */
export interface ValueEntry {
  /** The value as a word key (what a value mapping is keyed by). */
  key: string
  /** The value as first written in the file (for a name's phrase: the phrase, as a word key). */
  raw: string
  /** A name's phrase as the first name holding it writes it (« Lycée »). */
  shown?: string
  /** Rows holding it. */
  count: number
  target: string | null
  origin: ValueOrigin
}

export interface ValueReport {
  field: ListField
  values: ValueEntry[]
}

/** Resolves the values of the list columns, row after row, and counts each distinct value for the preview. */
export class ValueResolver {
  private readonly seen = new Map<ListField, Map<string, ValueEntry>>()

  constructor(
    readonly lookups: Lookups,
    private readonly chosen: ValueMapping,
  ) {}

  private resolveOne(field: ListField, raw: string): Resolved {
    const key = wordKey(raw)
    const chosen = this.chosen[field]?.[key]
    // A choice that names no entry of the list leaves the value unknown.
    const resolved: Resolved = chosen !== undefined ? { target: chosenTarget(this.lookups, field, chosen), origin: 'chosen' } : propose(this.lookups, field, raw)
    if (resolved.target === null) resolved.origin = 'unknown'
    let values = this.seen.get(field)
    if (!values) this.seen.set(field, (values = new Map()))
    const entry = values.get(key)
    if (entry) entry.count++
    else values.set(key, { key, raw: raw.trim(), count: 1, target: resolved.target, origin: resolved.origin })
    return resolved
  }

  /** A single-valued cell: its target (null: left out), and the problem when the value is unknown. */
  single(field: ListField, raw: string, problems: string[]): string | null {
    const { target } = this.resolveOne(field, raw)
    if (target === null) {
      problems.push(`${UNKNOWN_MESSAGES[field]} : « ${quoted(raw)} ». Valeurs acceptées : ${acceptedValues(this.lookups, field)} (ou choisissez une correspondance dans l'aperçu).`)
      return null
    }
    return target === IGNORE ? null : target
  }

  /**
   * The profile a name tells (« Collège … » → Éducation nationale), listed in the preview as
   * « nom:collège » so that the user can choose another.
   */
  fromName(field: ListField, { phrase, written }: { phrase: string; written?: string }, code: string): string | null {
    const key = `${NAME_PREFIX}${phrase}`
    const picked = this.chosen[field]?.[key]
    const chosen = picked === undefined ? undefined : (chosenTarget(this.lookups, field, picked) ?? undefined)
    let values = this.seen.get(field)
    if (!values) this.seen.set(field, (values = new Map()))
    const entry = values.get(key)
    if (entry) entry.count++
    else values.set(key, { key, raw: phrase, ...(written ? { shown: written } : {}), count: 1, target: chosen ?? code, origin: chosen !== undefined ? 'chosen' : 'name' })
    const target = chosen ?? code
    return target === IGNORE ? null : target
  }

  /** A cell that may hold several values: the whole text when it is one known value, else each of its parts. */
  multiple(field: ListField, raw: string, problems: string[]): string[] {
    const whole = this.chosen[field]?.[wordKey(raw)] !== undefined || propose(this.lookups, field, raw).origin === 'label'
    const items = whole ? [raw] : splitList(raw)
    const targets: string[] = []
    for (const item of items) {
      const target = this.single(field, item, problems)
      if (target !== null && !targets.includes(target)) targets.push(target)
    }
    return targets
  }

  /** The distinct values met, most frequent first, for the preview. */
  report(): ValueReport[] {
    return [...this.seen.entries()].map(([field, values]) => ({
      field,
      values: [...values.values()].sort((a, b) => b.count - a.count || a.raw.localeCompare(b.raw, 'fr')),
    }))
  }
}
