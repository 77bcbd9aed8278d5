import { subList, valueList, type CodeOf } from './value-list'

// The programmes' lists of values: editions, sequences and their sessions, partners,
// placements, mentoring and the answers to requests.

export const EDITION_STATUS = valueList({ preparation: 'En préparation', en_cours: 'En cours', terminee: 'Terminée' })
export type EditionStatus = CodeOf<typeof EDITION_STATUS>

export const SEQUENCE_STATUS = valueList({ a_planifier: 'À planifier', planifiee: 'Planifiée', realisee: 'Réalisée', annulee: 'Annulée' })
export type SequenceStatus = CodeOf<typeof SEQUENCE_STATUS>

/** A session of a programme's sequence (a COPIL session has its own list, COPIL_SESSION_STATUS). */
export const PROGRAMME_SESSION_STATUS = valueList({ planifiee: 'Planifiée', realisee: 'Réalisée', annulee: 'Annulée' })
export type ProgrammeSessionStatus = CodeOf<typeof PROGRAMME_SESSION_STATUS>

export const PARTICIPANT_ROLE = valueList({ intervenant: 'Intervenant', entreprise: 'Entreprise', accompagnateur: 'Accompagnateur' })
export type ParticipantRole = CodeOf<typeof PARTICIPANT_ROLE>

export const EDITION_PARTNER_ROLE = valueList({ partenaire: 'Partenaire', referent: 'Référent', etablissement: 'Établissement' })
export type EditionPartnerRole = CodeOf<typeof EDITION_PARTNER_ROLE>

/** A programme's own partners: schools take part edition by edition. */
export const PROGRAMME_PARTNER_ROLE = subList(EDITION_PARTNER_ROLE, ['partenaire', 'referent'])
export type ProgrammePartnerRole = CodeOf<typeof PROGRAMME_PARTNER_ROLE>

export const PLACEMENT_KIND = valueList({ stage_3e: "Stage d'observation de 3e", stage_seconde: 'Stage de seconde', pfmp: 'PFMP (lycée professionnel)', bts: 'Stage de BTS', alternance: 'Alternance' })
export type PlacementKind = CodeOf<typeof PLACEMENT_KIND>

export const PLACEMENT_STATUS = valueList({ prevu: 'Prévu', en_cours: 'En cours', termine: 'Terminé', annule: 'Annulé' })
export type PlacementStatus = CodeOf<typeof PLACEMENT_STATUS>

export const MENTORING_PAIR_STATUS = valueList({ actif: 'Actif', termine: 'Terminé', interrompu: 'Interrompu' })
export type MentoringPairStatus = CodeOf<typeof MENTORING_PAIR_STATUS>

/** An actor's answer once asked to meet a request. */
export const CANDIDATE_RESPONSE = valueList({ en_attente: 'En attente', accepte: 'Accepté', refuse: 'Refusé' })
export type CandidateResponse = CodeOf<typeof CANDIDATE_RESPONSE>

/** « Q2ER — Quand élèves… » → « Q2ER », « Conférences « À la… » » → « Conférences »: the short name of edition titles. */
export function programmeShortName(name: string): string {
  return name.split(' — ')[0]!.split(' « ')[0]!.trim()
}
