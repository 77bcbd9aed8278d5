// Colours of the programmes' codes (their French labels are declared with the codes, in db/rules),
// and the calendar's formats.

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

/** « mardi 13/01/2026 ». */
export function formatDayLong(iso: string): string {
  const weekday = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`))
  return `${weekday} ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
}

/** « décembre 2026 ». */
export function formatMonth(isoMonth: string): string {
  return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoMonth}-01T00:00:00Z`))
}

/** One colour a programme, the same in the calendar and the dashboard's charts (Mantine's names). */
export const PROGRAMME_COLORS: Record<string, string> = { q2er: 'blue', mentorat: 'grape', conferences: 'cyan', forum: 'orange', afterwork: 'pink', clee: 'teal' }
