import { z } from 'zod'
import { actorKeySchema, id, isoDate, oneOf, optionalDate, optionalText as text } from '../fields'
import { ACTION_STATUS, ATTENDANCE_STATUS, GROUP_STATUS } from '../rules/group-values'

// Input shapes of the working groups: the group, its members, meetings (with attendance, which
// the COPIL's sessions share) and proposed actions.

export const groupInput = z.object({
  name: z.string().trim().min(1, 'Le nom du groupe est obligatoire').max(200),
  theme: text(300),
  description: text(10_000),
  startedOn: optionalDate,
  endedOn: optionalDate,
  status: oneOf(GROUP_STATUS).optional(),
  pilotAssociationId: id.nullable().optional(),
  pilotCompanyId: id.nullable().optional(),
  facilitatorPersonId: id.nullable().optional(),
  facilitatorName: text(200),
})
export type GroupInput = z.input<typeof groupInput>

export const memberInput = z.object({
  groupId: id,
  actor: actorKeySchema,
  role: text(200),
  joinedOn: optionalDate,
  leftOn: optionalDate,
})
export type MemberInput = z.input<typeof memberInput>

export const attendanceEntry = z.object({
  actor: actorKeySchema.nullable().optional(),
  guestName: text(200, "Le nom d'un invité a 200 caractères au plus"),
  isGuest: z.boolean().optional(),
  status: oneOf(ATTENDANCE_STATUS),
})
export type AttendanceEntry = z.input<typeof attendanceEntry>

/** A document attached to a meeting or a COPIL session: a label and where the file is. */
export const attachment = z.object({
  label: z.string().trim().min(1, 'Donnez un intitulé à ce document.').max(200, "L'intitulé d'un document a 200 caractères au plus"),
  path: z.string().trim().min(1, 'Indiquez où se trouve ce document (chemin du fichier).').max(1000, "L'emplacement d'un document a 1 000 caractères au plus"),
})

export const meetingInput = z.object({
  groupId: id,
  heldOn: isoDate,
  place: text(300),
  agenda: text(20_000),
  minutes: text(200_000),
  attendance: z.array(attendanceEntry).max(500).optional(),
  attachments: z.array(attachment).max(50).optional(),
})
export type MeetingInput = z.input<typeof meetingInput>

export const actionInput = z.object({
  groupId: id,
  title: z.string().trim().min(1, "L'intitulé de la piste est obligatoire").max(300),
  description: text(10_000),
  carriedBy: actorKeySchema.nullable().optional(),
  carriedByLabel: text(200),
  status: oneOf(ACTION_STATUS).optional(),
  proposedOn: optionalDate,
  outcome: text(2000),
  /** The programme edition the action became. */
  editionId: id.nullable().optional(),
})
export type ActionInput = z.input<typeof actionInput>
