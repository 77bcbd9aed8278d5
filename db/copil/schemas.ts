import { z } from 'zod'
import { actorKeySchema, id, isoDate, oneOf, optionalDate, optionalText as text } from '../fields'
import { attachment, attendanceEntry } from '../groups/schemas'
import { COPIL_SESSION_STATUS, DECISION_KIND, DECISION_STATUS } from '../rules/copil-values'

// Input shapes of the steering committee: members, sessions, decisions and their follow-up.

export const copilMemberInput = z.object({
  organisationId: id,
  representativePersonId: id.nullable().optional(),
  representativeName: text(200),
  startedOn: optionalDate,
  endedOn: optionalDate,
})
export type CopilMemberInput = z.input<typeof copilMemberInput>

export const sessionInput = z.object({
  heldOn: isoDate,
  place: text(300),
  status: oneOf(COPIL_SESSION_STATUS).optional(),
  minutes: text(200_000),
  agenda: z.array(z.object({ title: z.string().trim().min(1, "Intitulé du point d'ordre du jour manquant").max(300, "L'intitulé d'un point a 300 caractères au plus"), notes: text(5000) })).max(50).optional(),
  attendance: z.array(attendanceEntry).max(300).optional(),
  documents: z.array(attachment).max(50).optional(),
})
export type SessionInput = z.input<typeof sessionInput>

export const decisionInput = z.object({
  sessionId: id,
  text: z.string().trim().min(1, 'Le texte de la décision est obligatoire').max(5000),
  kind: oneOf(DECISION_KIND),
  owner: actorKeySchema.nullable().optional(),
  ownerLabel: text(200),
  dueOn: optionalDate,
  status: oneOf(DECISION_STATUS).optional(),
})
export type DecisionInput = z.input<typeof decisionInput>

export const followupInput = z.object({
  decisionId: id,
  sessionId: id.nullable().optional(),
  recordedOn: isoDate,
  status: oneOf(DECISION_STATUS),
  note: z.string().trim().min(1, 'Dites ce qui a changé et pourquoi').max(5000),
})
export type FollowupInput = z.input<typeof followupInput>

export const decisionFilter = z
  .object({
    statuses: z.array(oneOf(DECISION_STATUS)).max(5).optional(),
    owner: z.string().max(200).optional(),
    overdue: z.boolean().optional(),
    kind: oneOf(DECISION_KIND).optional(),
    today: isoDate.optional(),
  })
  .optional()
export type DecisionFilter = z.input<typeof decisionFilter>
