import { z } from 'zod'
import { ACTOR_KEY_PATTERN } from './rules/actor-keys'
import { todayIso } from './rules/dates'
import { fieldLabel } from './rules/field-labels'
import { formatInteger } from './rules/format'
import { isSchoolYear } from './rules/school-year'
import type { ValueList } from './rules/value-list'

// The zod field helpers every domain's input schemas are built from (db/*/schemas.ts), and the
// API's own arguments: one definition of a date, an id, a count, a text that may be left empty.

export const id = z.number().int().positive()

/** A text that may be left empty: trimmed, and null when nothing is left (`tooLong`: the French message past `max`). */
export const optionalText = (max: number, tooLong?: string) =>
  z
    .string()
    .max(max, tooLong)
    .transform((value) => value.trim() || null)
    .nullable()
    .optional()

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ')
export const optionalDate = isoDate.nullable().optional()

/** A date that cannot be later than today (on the user's clock), e.g. a joining date. */
export const pastDate = (field: string) => isoDate.refine((value) => value <= todayIso(), `${fieldLabel(field)} : la date ne peut pas être dans le futur`)

/** A French postal code: five digits (« 94120 »), or left empty. */
export const postalCode = optionalText(10).refine((value) => value == null || /^\d{5}$/.test(value), 'Code postal : 5 chiffres attendus (par exemple 94120)')

/** A web address (« https://exemple.fr », or « www.exemple.fr »), or left empty. */
export const websiteUrl = optionalText(500).refine(
  (value) => value == null || /^(https?:\/\/)?[\p{L}\d-]+(\.[\p{L}\d-]+)*\.[\p{L}]{2,}(:\d+)?([/?#]\S*)?$/iu.test(value),
  'Site internet : adresse web attendue (par exemple https://exemple.fr)',
)

/** A mark on a scale from `min` to `max`: out of it, refused (never brought back into range). */
export const scaleMark = (field: string, min: number, max: number) =>
  z
    .number()
    .min(min, `${fieldLabel(field)} : une note de ${min} à ${max} est attendue`)
    .max(max, `${fieldLabel(field)} : une note de ${min} à ${max} est attendue`)

/** A head count, its French message naming what is counted. */
export const count = (label: string) =>
  z.number().int(`${label} : un nombre entier est attendu`).min(0, `${label} : le nombre ne peut pas être négatif`).max(100_000, `${label} : ${formatInteger(100_000)} au plus`)

export const inseeCode = z.string().regex(/^\d[\dAB]\d{3}$/, 'Code INSEE invalide')
export const schoolYearSchema = z.string().refine(isSchoolYear, 'Année scolaire attendue au format 2025-2026')
export const actorKeySchema = z.string().regex(ACTOR_KEY_PATTERN, "Identifiant d'acteur invalide")

/** One of a list's codes (db/rules). */
export const oneOf = <Code extends string>(list: ValueList<Code>) => z.enum(list.codes as unknown as [Code, ...Code[]])

/**
 * The version of a record a form was loaded at (db/versions.ts): a save or a deletion on an older
 * copy is refused. Optional: a caller that does not check (the command line) changes the latest.
 */
export const version = z.number().int().positive().optional()

/** A record to create (id null) or to change, with the version its form was loaded at. */
export const withId = <T extends z.ZodType>(values: T) => z.object({ id: id.nullable(), version, values })

/** A record to delete, with the version the screen showed. */
export const recordRef = z.object({ id, version })
