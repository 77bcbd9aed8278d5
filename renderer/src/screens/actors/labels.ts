// French labels of the CRM's codes.

export { STATUS_LABELS, KIND_LABELS, WORKFORCE_BANDS } from '../../../../db/rules/actor-columns'

export const INTERACTION_KIND_LABELS: Record<string, string> = {
  rencontre: 'Rencontre',
  appel: 'Appel',
  email: 'Courriel',
  evenement: 'Événement',
  visite: 'Visite',
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

export const STATUS_COLORS: Record<string, string> = {
  prospect: 'gray',
  vitawiner: 'teal',
  ancien: 'orange',
}
