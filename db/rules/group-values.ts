import { valueList, type CodeOf } from './value-list'

// The working groups' lists of values (attendance is shared with the COPIL's sessions).

export const GROUP_STATUS = valueList({ en_preparation: 'En préparation', actif: 'Actif', termine: 'Terminé', suspendu: 'Suspendu' })
export type GroupStatus = CodeOf<typeof GROUP_STATUS>

/** A group's proposed action (« piste d'action »), from its proposal to what became of it. */
export const ACTION_STATUS = valueList({ proposee: 'Proposée', retenue: 'Retenue', en_oeuvre: 'En œuvre', realisee: 'Réalisée', abandonnee: 'Abandonnée' })
export type ActionStatus = CodeOf<typeof ACTION_STATUS>

export const ATTENDANCE_STATUS = valueList({ present: 'Présent', excuse: 'Excusé', absent: 'Absent' })
export type AttendanceStatus = CodeOf<typeof ATTENDANCE_STATUS>
