import { z } from 'zod'
import { ACTOR_KEY_PATTERN } from './rules/actor-keys'
import { isSchoolYear } from './rules/school-year'
import type { ValueList } from './rules/value-list'

// The zod field helpers every domain's input schemas are built from (db/*/schemas.ts), and the
// API's own arguments: one definition of a date, an id, a count, a text that may be left empty.

export const id = z.number().int().positive()

/** A text that may be left empty: trimmed, and null when nothing is left. */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => value.trim() || null)
    .nullable()
    .optional()

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ')
export const optionalDate = isoDate.nullable().optional()

/** A head count, its French message naming what is counted. */
export const count = (label: string) =>
  z.number().int(`${label} : un nombre entier est attendu`).min(0, `${label} : le nombre ne peut pas être négatif`).max(100_000)

export const inseeCode = z.string().regex(/^\d[\dAB]\d{3}$/, 'Code INSEE invalide')
export const schoolYearSchema = z.string().refine(isSchoolYear, 'Année scolaire attendue au format 2025-2026')
export const actorKeySchema = z.string().regex(ACTOR_KEY_PATTERN, "Identifiant d'acteur invalide")

/** One of a list's codes (db/rules). */
export const oneOf = <Code extends string>(list: ValueList<Code>) => z.enum(list.codes as unknown as [Code, ...Code[]])

/** A record to create (id null) or to change. */
export const withId = <T extends z.ZodType>(values: T) => z.object({ id: id.nullable(), values })
