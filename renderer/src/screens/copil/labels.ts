// Colours of the COPIL's codes (their French labels are declared with the codes, in db/rules).

import type { CopilSessionStatus, DecisionStatus } from '../../../../db/rules/copil-values'
import type { AttendanceStatus } from '../../../../db/rules/group-values'

export const COPIL_SESSION_STATUS_COLORS: Record<CopilSessionStatus, string> = { prevue: 'blue', tenue: 'teal', annulee: 'gray' }
export const DECISION_STATUS_COLORS: Record<DecisionStatus, string> = {
  a_lancer: 'blue',
  en_cours: 'yellow',
  realisee: 'teal',
  reportee: 'orange',
  abandonnee: 'gray',
}
export const ATTENDANCE_STATUS_COLORS: Record<AttendanceStatus, string> = { present: 'teal', excuse: 'yellow', absent: 'gray' }
