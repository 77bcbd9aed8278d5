// Colours of the working groups' codes (their French labels are declared with the codes, in db/rules).

import type { ActionStatus, GroupStatus } from '../../../../db/rules/group-values'

export const GROUP_STATUS_COLORS: Record<GroupStatus, string> = { en_preparation: 'gray', actif: 'teal', termine: 'blue', suspendu: 'orange' }
export const ACTION_STATUS_COLORS: Record<ActionStatus, string> = { proposee: 'gray', retenue: 'indigo', en_oeuvre: 'cyan', realisee: 'teal', abandonnee: 'orange' }
