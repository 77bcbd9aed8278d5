import { z } from 'zod'
import { actorKeySchema, isoDate } from '../actors/schemas'
import { attendanceEntry } from '../groups/schemas'

const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => value.trim() || null)
    .nullable()
    .optional()
const optionalDate = isoDate.nullable().optional()
const id = z.number().int().positive()

export const decisionKinds = ['strategie', 'developpement_reseau', 'action_soutenue', 'budget'] as const
export const decisionStatuses = ['a_lancer', 'en_cours', 'realisee', 'reportee', 'abandonnee'] as const
export const OPEN_DECISION_STATUSES = ['a_lancer', 'en_cours', 'reportee'] as const

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
  status: z.enum(['prevue', 'tenue', 'annulee']).optional(),
  minutes: text(200_000),
  agenda: z.array(z.object({ title: z.string().trim().min(1, "Intitulé du point d'ordre du jour manquant").max(300), notes: text(5000) })).max(50).optional(),
  attendance: z.array(attendanceEntry).max(300).optional(),
  documents: z.array(z.object({ label: z.string().trim().min(1).max(200), path: z.string().trim().min(1).max(1000) })).max(50).optional(),
})
export type SessionInput = z.input<typeof sessionInput>

export const decisionInput = z.object({
  sessionId: id,
  text: z.string().trim().min(1, 'Le texte de la décision est obligatoire').max(5000),
  kind: z.enum(decisionKinds),
  owner: actorKeySchema.nullable().optional(),
  ownerLabel: text(200),
  dueOn: optionalDate,
  status: z.enum(decisionStatuses).optional(),
})
export type DecisionInput = z.input<typeof decisionInput>

export const followupInput = z.object({
  decisionId: id,
  sessionId: id.nullable().optional(),
  recordedOn: isoDate,
  status: z.enum(decisionStatuses),
  note: z.string().trim().min(1, 'Dites ce qui a changé et pourquoi').max(5000),
})
export type FollowupInput = z.input<typeof followupInput>

export const decisionFilter = z
  .object({
    statuses: z.array(z.enum(decisionStatuses)).max(5).optional(),
    owner: z.string().max(200).optional(),
    overdue: z.boolean().optional(),
    kind: z.enum(decisionKinds).optional(),
    today: isoDate.optional(),
  })
  .optional()
export type DecisionFilter = z.input<typeof decisionFilter>
