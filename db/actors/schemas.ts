import { z } from 'zod'
import { actorKeySchema, id, inseeCode, isoDate, oneOf, optionalDate, optionalText, pastDate, postalCode, websiteUrl } from '../fields'
import { ACTOR_KIND, ACTOR_STATUS, INTERACTION_KIND, REQUEST_KIND, REQUEST_STATUS } from '../rules/actor-values'
import { DIRECTORY_FIELDS } from '../rules/actor-columns'
import { DATE_FILTER_TYPES, TEXT_FILTER_TYPES } from '../rules/directory-filter'

// Input shapes of the actor CRM, shared by the API (validation at the boundary), the importer
// and the demo generator. Identifier checks (Luhn, UAI key…) happen in the data functions.

export const actorStatusSchema = oneOf(ACTOR_STATUS)

const commonFields = {
  profileCode: z.string().min(1, 'Choisissez un profil'),
  townCode: inseeCode.nullable().optional(),
  outsideTown: optionalText(120),
  email: optionalText(254),
  phone: optionalText(40),
  status: actorStatusSchema.optional(),
  joinedOn: pastDate('joinedOn').nullable().optional(),
  notes: optionalText(20_000),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  networks: z.array(z.string().trim().min(1).max(120)).max(30).optional(),
  fields: z.array(z.string().min(1)).max(10).optional(),
}

export const organisationInput = z.object({
  name: z.string().trim().min(1, 'Le nom est obligatoire').max(300),
  ...commonFields,
  siret: optionalText(30),
  rna: optionalText(20),
  uai: optionalText(20),
  website: websiteUrl,
  address: optionalText(500),
  postalCode,
  nafCode: optionalText(10),
  workforceBand: optionalText(10),
})
export type OrganisationInput = z.input<typeof organisationInput>

export const personInput = z.object({
  firstName: z.string().trim().min(1, 'Le prénom est obligatoire').max(120),
  lastName: z.string().trim().min(1, 'Le nom est obligatoire').max(120),
  ...commonFields,
  jobTitle: optionalText(200),
})
export type PersonInput = z.input<typeof personInput>

export const interactionInput = z.object({
  actor: actorKeySchema,
  contactPersonId: id.nullable().optional(),
  kind: oneOf(INTERACTION_KIND),
  occurredOn: isoDate,
  animator: z.string().trim().min(1, "Indiquez l'animateur ou l'animatrice").max(120),
  summary: z.string().trim().min(1, 'Le résumé est obligatoire').max(20_000),
  nextStep: optionalText(2000),
  nextStepDueOn: optionalDate,
}).refine((input) => !input.nextStepDueOn || input.nextStepDueOn >= input.occurredOn, {
  path: ['nextStepDueOn'],
  message: "Échéance : la prochaine étape ne peut pas être due avant la date de l'échange",
})
export type InteractionInput = z.input<typeof interactionInput>

export const offerInput = z.object({
  actor: actorKeySchema,
  offerTypeCode: z.string().min(1),
  capacity: z.number().int().min(0).max(100_000).nullable().optional(),
  schoolLevels: z.array(z.string().min(1)).max(20).optional(),
  availability: optionalText(500),
  notes: optionalText(5000),
  active: z.boolean().optional(),
})
export type OfferInput = z.input<typeof offerInput>

export const requestInput = z.object({
  actor: actorKeySchema,
  kind: oneOf(REQUEST_KIND),
  title: z.string().trim().min(1, "L'intitulé est obligatoire").max(300),
  description: optionalText(5000),
  schoolLevel: z.string().min(1).nullable().optional(),
  quantity: z.number().int().min(0).max(100_000).nullable().optional(),
  wantedOn: optionalDate,
  status: oneOf(REQUEST_STATUS).optional(),
})
export type RequestInput = z.input<typeof requestInput>

export const affiliationInput = z.object({
  personId: id,
  organisationId: id,
  role: optionalText(200),
  startedOn: optionalDate,
  endedOn: optionalDate,
})
export type AffiliationInput = z.input<typeof affiliationInput>

const filterText = z.string().max(200).nullable().optional()
const filterDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'Date attendue au format AAAA-MM-JJ').nullable().optional()
const filterCondition = z.discriminatedUnion('filterType', [
  z.object({ filterType: z.literal('text'), type: z.enum(TEXT_FILTER_TYPES), filter: filterText }),
  z.object({ filterType: z.literal('date'), type: z.enum(DATE_FILTER_TYPES), dateFrom: filterDate, dateTo: filterDate }),
])
const columnFilter = z.union([
  z.object({ filterType: z.enum(['text', 'date']), operator: z.enum(['AND', 'OR']), conditions: z.array(filterCondition).min(1).max(10) }),
  filterCondition,
])
const codes = z.array(z.string().min(1).max(60)).max(200)

/** The directory grid's filters and sort (db/rules/directory-filter.ts), as the API takes them. */
export const directoryQuery = {
  filter: z
    .object({
      picks: z.object({ type: z.enum(['tous', ...ACTOR_KIND.codes]), profiles: codes, towns: codes, statuses: codes }).optional(),
      quick: z.string().max(200).optional(),
      quickFields: z.array(z.enum(DIRECTORY_FIELDS)).max(DIRECTORY_FIELDS.length).optional(),
      columns: z.partialRecord(z.enum(DIRECTORY_FIELDS), columnFilter).optional(),
    })
    .optional(),
  sort: z.array(z.object({ field: z.enum(DIRECTORY_FIELDS), descending: z.boolean().optional() })).max(DIRECTORY_FIELDS.length).optional(),
}
