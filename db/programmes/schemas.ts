import { z } from 'zod'
import { actorKeySchema, interactionKinds, isoDate } from '../actors/schemas'
import { isSchoolYear } from '../rules/school-year'

// Input shapes of the programmes: editions, sequences and sessions, named pupils with parental
// consent, placements, mentoring, and the matching of requests against offers.

const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => value.trim() || null)
    .nullable()
    .optional()
const optionalDate = isoDate.nullable().optional()
const id = z.number().int().positive()
const count = (label: string) => z.number().int(`${label} : un nombre entier est attendu`).min(0, `${label} : le nombre ne peut pas être négatif`).max(100_000)
const levelCode = z.string().min(1).max(20)

export const schoolYearSchema = z.string().refine(isSchoolYear, 'Année scolaire attendue au format 2025-2026')

export const editionStatuses = ['preparation', 'en_cours', 'terminee'] as const
export const sequenceStatuses = ['a_planifier', 'planifiee', 'realisee', 'annulee'] as const
export const sessionStatuses = ['planifiee', 'realisee', 'annulee'] as const
export const participantRoles = ['intervenant', 'entreprise', 'accompagnateur'] as const
export const editionPartnerRoles = ['partenaire', 'referent', 'etablissement'] as const
export const programmePartnerRoles = ['partenaire', 'referent'] as const
export const placementKinds = ['stage_3e', 'stage_seconde', 'pfmp', 'bts', 'alternance'] as const
export const placementStatuses = ['prevu', 'en_cours', 'termine', 'annule'] as const
export const pairStatuses = ['actif', 'termine', 'interrompu'] as const
export const candidateResponses = ['en_attente', 'accepte', 'refuse'] as const

export const newEditionInput = z.object({
  programmeId: id,
  schoolYear: schoolYearSchema,
  title: text(200),
  /** From the programme's step template, as a copy of an earlier edition, or empty. */
  from: z.enum(['template', 'copy', 'empty']),
  /** The edition copied (default: the programme's latest edition before this school year). */
  copyFromId: id.nullable().optional(),
})
export type NewEditionInput = z.input<typeof newEditionInput>

export const editionInput = z.object({
  title: z.string().trim().min(1, "Le titre de l'édition est obligatoire").max(200),
  status: z.enum(editionStatuses),
  notes: text(20_000),
})
export type EditionInput = z.input<typeof editionInput>

export const editionPartnerInput = z.object({
  editionId: id,
  actor: actorKeySchema,
  role: z.enum(editionPartnerRoles).optional(),
})
export type EditionPartnerInput = z.input<typeof editionPartnerInput>

export const programmePartnerInput = z.object({
  programmeId: id,
  actor: actorKeySchema,
  role: z.enum(programmePartnerRoles).optional(),
})
export type ProgrammePartnerInput = z.input<typeof programmePartnerInput>

export const sequenceInput = z.object({
  editionId: id,
  stepOrder: z.number().int().min(1, "Le numéro d'étape commence à 1").max(99),
  title: z.string().trim().min(1, "L'intitulé de l'étape est obligatoire").max(200),
  description: text(5000),
  status: z.enum(sequenceStatuses).optional(),
})
export type SequenceInput = z.input<typeof sequenceInput>

export const sessionClassInput = z.object({
  schoolId: id,
  classLabel: text(100),
  levelCode: levelCode.nullable().optional(),
  pupilsCount: count('Élèves de la classe').nullable().optional(),
})
export type SessionClassInput = z.input<typeof sessionClassInput>

export const sessionParticipantInput = z.object({
  actor: actorKeySchema,
  role: z.enum(participantRoles).optional(),
})

export const sessionInput = z.object({
  sequenceId: id,
  heldOn: isoDate,
  place: text(300),
  townCode: z.string().regex(/^\d[\dAB]\d{3}$/, 'Code INSEE invalide').nullable().optional(),
  status: z.enum(sessionStatuses).optional(),
  pupilsCount: count('Élèves présents').nullable().optional(),
  teachersCount: count('Enseignants présents').nullable().optional(),
  interventionHours: z.number().min(0, "Les heures d'intervention ne peuvent pas être négatives").max(10_000).nullable().optional(),
  satisfaction: z.number().min(0, 'La satisfaction se note de 0 à 5').max(5, 'La satisfaction se note de 0 à 5').nullable().optional(),
  feedback: text(20_000),
  classes: z.array(sessionClassInput).max(200).optional(),
  participants: z.array(sessionParticipantInput).max(500).optional(),
})
export type SessionInput = z.input<typeof sessionInput>

export const pupilInput = z.object({
  firstName: z.string().trim().min(1, "Le prénom de l'élève est obligatoire").max(120),
  lastName: z.string().trim().min(1, "Le nom de l'élève est obligatoire").max(120),
  isMinor: z.boolean(),
  schoolId: id.nullable().optional(),
  levelCode: levelCode.nullable().optional(),
  schoolYear: schoolYearSchema,
  consentGivenBy: text(200),
  consentGivenOn: optionalDate,
  consentScope: text(1000),
  consentExpiresOn: optionalDate,
})
export type PupilInput = z.input<typeof pupilInput>

/** Who a placement or a mentoring pair is about: a named pupil (new or known) or nobody named. */
const namedPupil = z.object({ mode: z.literal('named'), values: pupilInput })
const knownPupil = z.object({ mode: z.literal('existing'), pupilId: id })
const anonymousPupil = z.object({ mode: z.literal('anonymous'), schoolId: id, levelCode })

export const placementInput = z.object({
  pupil: z.discriminatedUnion('mode', [namedPupil, knownPupil, anonymousPupil]),
  hostOrganisationId: id,
  kind: z.enum(placementKinds),
  startedOn: isoDate,
  endedOn: optionalDate,
  tutorPersonId: id.nullable().optional(),
  tutorName: text(200),
  editionId: id.nullable().optional(),
  requestId: id.nullable().optional(),
  status: z.enum(placementStatuses).optional(),
  outcome: text(5000),
})
export type PlacementInput = z.input<typeof placementInput>

export const placementFilter = z
  .object({
    schoolYear: schoolYearSchema.nullable().optional(),
    editionId: id.nullable().optional(),
  })
  .optional()

export const pairInput = z.object({
  editionId: id.nullable().optional(),
  mentorPersonId: id,
  mentee: z.discriminatedUnion('mode', [namedPupil, knownPupil]),
  startedOn: isoDate,
  endedOn: optionalDate,
  status: z.enum(pairStatuses).optional(),
  notes: text(10_000),
})
export type PairInput = z.input<typeof pairInput>

export const mentoringMeetingInput = z.object({
  pairId: id,
  heldOn: isoDate,
  notes: text(10_000),
})
export type MentoringMeetingInput = z.input<typeof mentoringMeetingInput>

export const contactInput = z.object({
  requestId: id,
  /** The offer that made the actor a candidate; none when the animator picked the actor by hand. */
  offerId: id.nullable().optional(),
  actor: actorKeySchema,
  contactedOn: isoDate,
  animator: z.string().trim().min(1, "Indiquez l'animateur ou l'animatrice").max(120),
  kind: z.enum(interactionKinds),
  /** The journal entry's text; a sentence naming the request when empty. */
  summary: text(20_000),
  /** When to ask again for the answer (a next step in the journal). */
  followUpOn: optionalDate,
})
export type ContactInput = z.input<typeof contactInput>

export const responseInput = z.object({
  candidateId: id,
  response: z.enum(candidateResponses),
  quantity: count('Nombre accepté').nullable().optional(),
})
export type ResponseInput = z.input<typeof responseInput>
