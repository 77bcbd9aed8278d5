// French labels and colours of the programmes' codes (the labels live in db/rules, shared with the exports).

export {
  CANDIDATE_RESPONSE_LABELS,
  EDITION_PARTNER_ROLE_LABELS,
  EDITION_STATUS_LABELS,
  PAIR_STATUS_LABELS,
  PARTICIPANT_ROLE_LABELS,
  PLACEMENT_KIND_LABELS,
  PLACEMENT_STATUS_LABELS,
  PROGRAMME_PARTNER_ROLE_LABELS,
  REQUEST_KIND_LABELS,
  REQUEST_STATUS_LABELS,
  SEQUENCE_STATUS_LABELS,
  SESSION_STATUS_LABELS,
} from '../../../../db/rules/programme-labels'

export const EDITION_STATUS_COLORS: Record<string, string> = { preparation: 'gray', en_cours: 'teal', terminee: 'blue' }
export const SEQUENCE_STATUS_COLORS: Record<string, string> = { a_planifier: 'gray', planifiee: 'indigo', realisee: 'teal', annulee: 'orange' }
export const SESSION_STATUS_COLORS: Record<string, string> = { planifiee: 'indigo', realisee: 'teal', annulee: 'orange' }
export const PLACEMENT_STATUS_COLORS: Record<string, string> = { prevu: 'indigo', en_cours: 'teal', termine: 'blue', annule: 'orange' }
export const PAIR_STATUS_COLORS: Record<string, string> = { actif: 'teal', termine: 'blue', interrompu: 'orange' }
export const RESPONSE_COLORS: Record<string, string> = { en_attente: 'gray', accepte: 'teal', refuse: 'red' }
export const REQUEST_STATUS_COLORS: Record<string, string> = { ouverte: 'orange', en_cours: 'indigo', satisfaite: 'teal', abandonnee: 'gray' }

/** Select data from a label map. */
export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }))

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
