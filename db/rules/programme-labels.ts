// French labels of the programmes' codes. Pure code: shared by the data layer, the exports and
// the screens.

export const EDITION_STATUS_LABELS: Record<string, string> = {
  preparation: 'En préparation',
  en_cours: 'En cours',
  terminee: 'Terminée',
}

export const SEQUENCE_STATUS_LABELS: Record<string, string> = {
  a_planifier: 'À planifier',
  planifiee: 'Planifiée',
  realisee: 'Réalisée',
  annulee: 'Annulée',
}

export const SESSION_STATUS_LABELS: Record<string, string> = {
  planifiee: 'Planifiée',
  realisee: 'Réalisée',
  annulee: 'Annulée',
}

export const PARTICIPANT_ROLE_LABELS: Record<string, string> = {
  intervenant: 'Intervenant',
  entreprise: 'Entreprise',
  accompagnateur: 'Accompagnateur',
}

export const EDITION_PARTNER_ROLE_LABELS: Record<string, string> = {
  partenaire: 'Partenaire',
  referent: 'Référent',
  etablissement: 'Établissement',
}

export const PROGRAMME_PARTNER_ROLE_LABELS: Record<string, string> = {
  partenaire: 'Partenaire',
  referent: 'Référent',
}

export const PLACEMENT_KIND_LABELS: Record<string, string> = {
  stage_3e: "Stage d'observation de 3e",
  stage_seconde: 'Stage de seconde',
  pfmp: 'PFMP (lycée professionnel)',
  bts: 'Stage de BTS',
  alternance: 'Alternance',
}

export const PLACEMENT_STATUS_LABELS: Record<string, string> = {
  prevu: 'Prévu',
  en_cours: 'En cours',
  termine: 'Terminé',
  annule: 'Annulé',
}

export const PAIR_STATUS_LABELS: Record<string, string> = {
  actif: 'Actif',
  termine: 'Terminé',
  interrompu: 'Interrompu',
}

export const CANDIDATE_RESPONSE_LABELS: Record<string, string> = {
  en_attente: 'En attente',
  accepte: 'Accepté',
  refuse: 'Refusé',
}

export const REQUEST_KIND_LABELS: Record<string, string> = {
  intervenants: 'Intervenants en classe',
  stage: 'Places de stage',
  visite: "Visite d'entreprise",
  alternance: 'Alternance',
  autre: 'Autre demande',
}

export const REQUEST_STATUS_LABELS: Record<string, string> = {
  ouverte: 'Ouverte',
  en_cours: 'En cours',
  satisfaite: 'Satisfaite',
  abandonnee: 'Abandonnée',
}

/** Offer types that answer each kind of request, best fit first. */
export const OFFER_TYPES_FOR_REQUEST: Record<string, readonly string[]> = {
  intervenants: ['temoignage', 'intervention', 'simulation_entretiens'],
  stage: ['accueil_stagiaires'],
  visite: ['visite_entreprise'],
  alternance: ['embauche_alternants'],
  autre: [],
}

/** « Q2ER — Quand élèves… » → « Q2ER », « Conférences « À la… » » → « Conférences »: the short name of edition titles. */
export function programmeShortName(name: string): string {
  return name.split(' — ')[0]!.split(' « ')[0]!.trim()
}

/** « Inès Benali » → « Inès B. »: how a named pupil appears outside the pupil's own record. */
export function pupilShortName(firstName: string | null, lastName: string | null): string {
  if (!firstName) return 'Élève anonyme'
  const initial = (lastName ?? '').trim().charAt(0)
  return initial ? `${firstName} ${initial.toLocaleUpperCase('fr')}.` : firstName
}

/** 1 → « 1 élève », 3 → « 3 élèves » (0 takes the singular, as in French). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${new Intl.NumberFormat('fr-FR').format(count)} ${count > 1 ? pluralForm : singular}`
}

/** What a retention purge did: « 2 élèves anonymisés, 1 contact anonymisé, 0 contact supprimé ». */
export function purgeSummary(result: { pupilsAnonymised: number; peopleAnonymised: number; peopleDeleted: number }): string {
  return [
    plural(result.pupilsAnonymised, 'élève anonymisé', 'élèves anonymisés'),
    plural(result.peopleAnonymised, 'contact anonymisé', 'contacts anonymisés'),
    plural(result.peopleDeleted, 'contact supprimé', 'contacts supprimés'),
  ].join(', ')
}
