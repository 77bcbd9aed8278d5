import { valueList, type CodeOf } from './value-list'

// The steering committee's lists of values.

export const COPIL_SESSION_STATUS = valueList({ prevue: 'Prévue', tenue: 'Tenue', annulee: 'Annulée' })
export type CopilSessionStatus = CodeOf<typeof COPIL_SESSION_STATUS>

export const DECISION_KIND = valueList({ strategie: 'Stratégie', developpement_reseau: 'Développement du réseau', action_soutenue: 'Action soutenue', budget: 'Budget' })
export type DecisionKind = CodeOf<typeof DECISION_KIND>

export const DECISION_STATUS = valueList({ a_lancer: 'À lancer', en_cours: 'En cours', realisee: 'Réalisée', reportee: 'Reportée', abandonnee: 'Abandonnée' })
export type DecisionStatus = CodeOf<typeof DECISION_STATUS>

/** The decisions still to follow up. */
export const OPEN_DECISION_STATUSES = ['a_lancer', 'en_cours', 'reportee'] as const satisfies readonly DecisionStatus[]
