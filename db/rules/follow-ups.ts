import type { FollowUpState } from './actor-values'
import { weekOf } from './dates'

// « À relancer »: where an open next step of the journal stands on a given day. Pure code: the
// renderer imports it too.

/** Where a next step due on `dueOn` (null: no due date) stands on `today`; this week ends on Sunday. */
export function followUpState(dueOn: string | null, today: string): FollowUpState {
  if (dueOn === null) return 'sans_echeance'
  if (dueOn < today) return 'en_retard'
  if (dueOn === today) return 'aujourdhui'
  return dueOn <= weekOf(today).sunday ? 'cette_semaine' : 'plus_tard'
}
