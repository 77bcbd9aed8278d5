// Colours of the programmes' codes (their French labels are declared with the codes, in db/rules).

import type { RequestStatus } from '../../../../db/rules/actor-values'
import type { CandidateResponse, EditionStatus, MentoringPairStatus, PlacementStatus, ProgrammeSessionStatus, SequenceStatus } from '../../../../db/rules/programme-values'

export const EDITION_STATUS_COLORS: Record<EditionStatus, string> = { preparation: 'gray', en_cours: 'teal', terminee: 'blue' }
export const SEQUENCE_STATUS_COLORS: Record<SequenceStatus, string> = { a_planifier: 'gray', planifiee: 'indigo', realisee: 'teal', annulee: 'orange' }
export const PROGRAMME_SESSION_STATUS_COLORS: Record<ProgrammeSessionStatus, string> = { planifiee: 'indigo', realisee: 'teal', annulee: 'orange' }
export const PLACEMENT_STATUS_COLORS: Record<PlacementStatus, string> = { prevu: 'indigo', en_cours: 'teal', termine: 'blue', annule: 'orange' }
export const MENTORING_PAIR_STATUS_COLORS: Record<MentoringPairStatus, string> = { actif: 'teal', termine: 'blue', interrompu: 'orange' }
export const CANDIDATE_RESPONSE_COLORS: Record<CandidateResponse, string> = { en_attente: 'gray', accepte: 'teal', refuse: 'red' }
export const REQUEST_STATUS_COLORS: Record<RequestStatus, string> = { ouverte: 'orange', en_cours: 'indigo', satisfaite: 'teal', abandonnee: 'gray' }

/** « Lycée X, Vincennes »: the place and its town, the town once. */
export function placeAndTown(place: string | null, town: string | null): string {
  return [place, town && place?.includes(town) ? null : town].filter(Boolean).join(', ') || '—'
}

/** One colour a programme, the same in the calendar and the dashboard's charts (Mantine's names). */
export const PROGRAMME_COLORS: Record<string, string> = { q2er: 'blue', mentorat: 'grape', conferences: 'cyan', forum: 'orange', afterwork: 'pink', clee: 'teal' }
