import { z } from 'zod'
import { actorKeySchema, count, id, inseeCode, isoDate, oneOf, optionalDate, optionalText as text, scaleMark, schoolYearSchema } from '../fields'
import { todayIso } from '../rules/dates'
import { INTERACTION_KIND } from '../rules/actor-values'
import {
  CANDIDATE_RESPONSE,
  EDITION_PARTNER_ROLE,
  EDITION_STATUS,
  MENTORING_PAIR_STATUS,
  PARTICIPANT_ROLE,
  PLACEMENT_KIND,
  PLACEMENT_STATUS,
  PROGRAMME_PARTNER_ROLE,
  PROGRAMME_SESSION_STATUS,
  SEQUENCE_STATUS,
} from '../rules/programme-values'

// Input shapes of the programmes: editions, sequences and sessions, named pupils with parental
// consent, placements, mentoring, and the matching of requests against offers.

const levelCode = z.string().min(1).max(20)

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
  status: oneOf(EDITION_STATUS),
  notes: text(20_000),
})
export type EditionInput = z.input<typeof editionInput>

export const editionPartnerInput = z.object({
  editionId: id,
  actor: actorKeySchema,
  role: oneOf(EDITION_PARTNER_ROLE).optional(),
})
export type EditionPartnerInput = z.input<typeof editionPartnerInput>

export const programmePartnerInput = z.object({
  programmeId: id,
  actor: actorKeySchema,
  role: oneOf(PROGRAMME_PARTNER_ROLE).optional(),
})
export type ProgrammePartnerInput = z.input<typeof programmePartnerInput>

export const sequenceInput = z.object({
  editionId: id,
  stepOrder: z.number().int().min(1, "Le numéro d'étape commence à 1").max(99),
  title: z.string().trim().min(1, "L'intitulé de l'étape est obligatoire").max(200),
  description: text(5000),
  status: oneOf(SEQUENCE_STATUS).optional(),
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
  role: oneOf(PARTICIPANT_ROLE).optional(),
})

export const sessionInput = z.object({
  sequenceId: id,
  heldOn: isoDate,
  place: text(300),
  townCode: inseeCode.nullable().optional(),
  status: oneOf(PROGRAMME_SESSION_STATUS).optional(),
  pupilsCount: count('Élèves présents').nullable().optional(),
  teachersCount: count('Enseignants présents').nullable().optional(),
  interventionHours: z.number().min(0, "Les heures d'intervention ne peuvent pas être négatives").max(10_000).nullable().optional(),
  satisfaction: scaleMark('satisfaction', 1, 5).nullable().optional(),
  feedback: text(20_000),
  classes: z.array(sessionClassInput).max(200).optional(),
  participants: z.array(sessionParticipantInput).max(500).optional(),
}).refine((input) => input.status !== 'realisee' || input.heldOn <= todayIso(), {
  path: ['status'],
  message: 'Statut : une séance datée dans le futur ne peut pas être « Réalisée »',
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
  kind: oneOf(PLACEMENT_KIND),
  startedOn: isoDate,
  endedOn: optionalDate,
  tutorPersonId: id.nullable().optional(),
  tutorName: text(200),
  editionId: id.nullable().optional(),
  requestId: id.nullable().optional(),
  status: oneOf(PLACEMENT_STATUS).optional(),
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
  status: oneOf(MENTORING_PAIR_STATUS).optional(),
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
  kind: oneOf(INTERACTION_KIND),
  /** The journal entry's text; a sentence naming the request when empty. */
  summary: text(20_000),
  /** When to ask again for the answer (a next step in the journal). */
  followUpOn: optionalDate,
})
export type ContactInput = z.input<typeof contactInput>

export const responseInput = z.object({
  candidateId: id,
  response: oneOf(CANDIDATE_RESPONSE),
  quantity: count('Nombre accepté').nullable().optional(),
})
export type ResponseInput = z.input<typeof responseInput>
