// Colours of the CRM's codes (their French labels are declared with the codes, in db/rules).

import type { ActorStatus, FollowUpState, SearchHitKind } from '../../../../db/rules/actor-values'

export const ACTOR_STATUS_COLORS: Record<ActorStatus, string> = { prospect: 'gray', vitawiner: 'teal', ancien: 'orange' }
export const FOLLOW_UP_STATE_COLORS: Record<FollowUpState, string> = { en_retard: 'red', aujourdhui: 'orange', cette_semaine: 'blue', plus_tard: 'gray', sans_echeance: 'gray' }
export const SEARCH_HIT_KIND_COLORS: Record<SearchHitKind, string> = { organisation: 'teal', person: 'blue', interaction: 'gray', meeting: 'grape' }
