// French labels and colours of the COPIL's codes (the renderer may not import the zod schemas).

import type { DecisionKind, DecisionStatus } from '../../../../db/schema'

export const SESSION_STATUS_LABELS = { prevue: 'Prévue', tenue: 'Tenue', annulee: 'Annulée' } as const
export type SessionStatus = keyof typeof SESSION_STATUS_LABELS
export const SESSION_STATUS_COLORS: Record<SessionStatus, string> = { prevue: 'blue', tenue: 'teal', annulee: 'gray' }

export const DECISION_STATUS_LABELS: Record<DecisionStatus, string> = {
  a_lancer: 'À lancer',
  en_cours: 'En cours',
  realisee: 'Réalisée',
  reportee: 'Reportée',
  abandonnee: 'Abandonnée',
}
export const DECISION_STATUS_COLORS: Record<DecisionStatus, string> = {
  a_lancer: 'blue',
  en_cours: 'yellow',
  realisee: 'teal',
  reportee: 'orange',
  abandonnee: 'gray',
}
export const DECISION_STATUSES = Object.keys(DECISION_STATUS_LABELS) as DecisionStatus[]
export const OPEN_DECISION_STATUSES: DecisionStatus[] = ['a_lancer', 'en_cours', 'reportee']

export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
  strategie: 'Stratégie',
  developpement_reseau: 'Développement du réseau',
  action_soutenue: 'Action soutenue',
  budget: 'Budget',
}

export const ATTENDANCE_LABELS = { present: 'Présent', excuse: 'Excusé', absent: 'Absent' } as const
export type AttendanceStatus = keyof typeof ATTENDANCE_LABELS

export const options = <T extends string>(labels: Record<T, string>) => (Object.entries(labels) as [T, string][]).map(([value, label]) => ({ value, label }))
