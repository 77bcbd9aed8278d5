import { valueList, type CodeOf } from './value-list'

// The actor CRM's lists of values, with their French labels.

export const ACTOR_KIND = valueList({ organisation: 'Organisation', person: 'Personne' })
export type ActorKind = CodeOf<typeof ACTOR_KIND>

export const ACTOR_STATUS = valueList({ prospect: 'Prospect', vitawiner: 'Vitawiner', ancien: 'Ancien membre' })
export type ActorStatus = CodeOf<typeof ACTOR_STATUS>

/** Where a record came from (organisations.source). */
export const ACTOR_SOURCE = valueList({ saisie: 'Saisie', import: 'Import de fichier', sirene: 'Répertoire SIRENE', demo: 'Démonstration' })
export type ActorSource = CodeOf<typeof ACTOR_SOURCE>

/** SIRENE workforce bands (tranche d'effectif salarié), as published by INSEE. */
export const WORKFORCE_BAND = valueList({
  NN: 'Non employeur',
  '00': '0 salarié',
  '01': '1 ou 2 salariés',
  '02': '3 à 5 salariés',
  '03': '6 à 9 salariés',
  '11': '10 à 19 salariés',
  '12': '20 à 49 salariés',
  '21': '50 à 99 salariés',
  '22': '100 à 199 salariés',
  '31': '200 à 249 salariés',
  '32': '250 à 499 salariés',
  '41': '500 à 999 salariés',
  '42': '1 000 à 1 999 salariés',
  '51': '2 000 à 4 999 salariés',
  '52': '5 000 à 9 999 salariés',
  '53': '10 000 salariés et plus',
})

export const INTERACTION_KIND = valueList({ rencontre: 'Rencontre', appel: 'Appel', email: 'Courriel', evenement: 'Événement', visite: 'Visite' })
export type InteractionKind = CodeOf<typeof INTERACTION_KIND>

/** « À relancer »'s periods, in the order it shows them; this week runs from today to Sunday. */
export const FOLLOW_UP_PERIOD = valueList({ en_retard: 'En retard', cette_semaine: 'Cette semaine', plus_tard: 'Plus tard', sans_echeance: 'Sans échéance' })
export type FollowUpPeriod = CodeOf<typeof FOLLOW_UP_PERIOD>

/** Where a journal's open next step stands on a given day: its period, « Aujourd'hui » standing out within the week. */
export const FOLLOW_UP_STATE = valueList({ ...FOLLOW_UP_PERIOD.labels, aujourdhui: "Aujourd'hui" })
export type FollowUpState = CodeOf<typeof FOLLOW_UP_STATE>

export const REQUEST_KIND = valueList({ intervenants: 'Intervenants en classe', stage: 'Places de stage', visite: "Visite d'entreprise", alternance: 'Alternance', autre: 'Autre demande' })
export type RequestKind = CodeOf<typeof REQUEST_KIND>

export const REQUEST_STATUS = valueList({ ouverte: 'Ouverte', en_cours: 'En cours', satisfaite: 'Satisfaite', abandonnee: 'Abandonnée' })
export type RequestStatus = CodeOf<typeof REQUEST_STATUS>

/** Offer types that answer each kind of request, best fit first. */
export const OFFER_TYPES_FOR_REQUEST: Readonly<Record<RequestKind, readonly string[]>> = {
  intervenants: ['temoignage', 'intervention', 'simulation_entretiens'],
  stage: ['accueil_stagiaires'],
  visite: ['visite_entreprise'],
  alternance: ['embauche_alternants'],
  autre: [],
}

/** Where an event of an actor's timeline comes from. */
export const TIMELINE_SOURCE = valueList({ journal: 'Journal', affiliation: 'Rattachement', offer: 'Offre', request: 'Demande', group: 'Groupe de travail', copil: 'COPIL', programme: 'Programme' })
export type TimelineSource = CodeOf<typeof TIMELINE_SOURCE>

/** What the global search finds. */
export const SEARCH_HIT_KIND = valueList({ organisation: 'Organisation', person: 'Personne', interaction: 'Échange', meeting: 'Réunion' })
export type SearchHitKind = CodeOf<typeof SEARCH_HIT_KIND>
