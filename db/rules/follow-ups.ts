import { weekOf } from './dates'

// « À relancer »: where an open next step of the journal stands on a given day. Pure code: the
// renderer imports it too.

/** The periods the list is cut into, in the order it shows them. */
export const FOLLOW_UP_PERIODS = ['en_retard', 'cette_semaine', 'plus_tard', 'sans_echeance'] as const
export type FollowUpPeriod = (typeof FOLLOW_UP_PERIODS)[number]

export const FOLLOW_UP_PERIOD_LABELS: Record<FollowUpPeriod, string> = {
  en_retard: 'En retard',
  cette_semaine: 'Cette semaine',
  plus_tard: 'Plus tard',
  sans_echeance: 'Sans échéance',
}

/** A follow-up's state: its period, « Aujourd'hui » standing out within the week. */
export type FollowUpState = FollowUpPeriod | 'aujourdhui'

export const FOLLOW_UP_STATE_LABELS: Record<FollowUpState, string> = { ...FOLLOW_UP_PERIOD_LABELS, aujourdhui: "Aujourd'hui" }

/** Where a next step due on `dueOn` (null: no due date) stands on `today`; this week ends on Sunday. */
export function followUpState(dueOn: string | null, today: string): FollowUpState {
  if (dueOn === null) return 'sans_echeance'
  if (dueOn < today) return 'en_retard'
  if (dueOn === today) return 'aujourdhui'
  return dueOn <= weekOf(today).sunday ? 'cette_semaine' : 'plus_tard'
}
