import * as actors from './actor-values'
import * as copil from './copil-values'
import * as groups from './group-values'
import * as programmes from './programme-values'
import { IMPORT_KIND } from './import-fields'
import type { ValueList } from './value-list'

// The French names of the database's tables and columns, and the lists of values their columns
// hold: what the audit trail, the personal-data export and the merge screen show. Pure code.

export const TABLE_LABELS: Record<string, string> = {
  organisations: 'Organisation',
  people: 'Personne',
  pupils: 'Élève',
  affiliations: 'Rattachement',
  actor_tags: 'Étiquette',
  actor_networks: 'Réseau',
  actor_action_fields: "Champ d'action",
  tags: 'Étiquette (liste)',
  networks: 'Réseau (liste)',
  engagement_offers: "Offre d'engagement",
  actor_requests: 'Demande',
  interactions: 'Échange du journal',
  saved_views: 'Vue enregistrée',
  import_mappings: "Correspondance d'import",
  duplicate_dismissals: 'Doublon écarté',
  working_groups: 'Groupe de travail',
  group_members: 'Membre de groupe',
  group_meetings: 'Réunion de groupe',
  meeting_attendance: 'Présence à une réunion',
  meeting_attachments: 'Pièce jointe',
  copil_members: 'Membre du COPIL',
  copil_sessions: 'Séance du COPIL',
  copil_agenda_items: "Point de l'ordre du jour",
  copil_attendance: 'Présence au COPIL',
  copil_documents: 'Document du COPIL',
  copil_decisions: 'Décision du COPIL',
  decision_followups: 'Suivi de décision',
  proposed_actions: "Piste d'action",
  programmes: 'Programme',
  programme_partners: 'Partenaire de programme',
  editions: 'Édition',
  edition_partners: "Partenaire d'édition",
  sequences: 'Séquence',
  sequence_sessions: 'Séance',
  session_classes: 'Classe participante',
  session_participants: 'Participant à une séance',
  placements: 'Stage ou alternance',
  mentoring_pairs: 'Binôme de mentorat',
  mentoring_meetings: 'Rencontre de mentorat',
  request_candidates: 'Sollicitation',
  indicator_values: "Valeur d'indicateur",
  indicator_targets: "Cible d'indicateur",
  impact_narratives: "Récit d'impact",
  settings: 'Réglage',
  database: 'Base de données',
}

export const FIELD_LABELS: Record<string, string> = {
  name: 'Nom',
  first_name: 'Prénom',
  last_name: 'Nom',
  profile_code: 'Profil',
  town_code: 'Commune',
  town: 'Commune',
  outside_town: 'Commune hors territoire',
  siret: 'SIRET',
  siren: 'SIREN',
  rna: 'RNA',
  uai: 'UAI',
  email: 'Courriel',
  phone: 'Téléphone',
  website: 'Site internet',
  address: 'Adresse',
  postal_code: 'Code postal',
  naf_code: 'Code NAF',
  workforce_band: "Tranche d'effectif",
  status: 'Statut',
  joined_on: "Date d'adhésion",
  notes: 'Notes',
  source: 'Source',
  job_title: 'Fonction',
  closed_on: 'Fermée le',
  sirene_state: 'État SIRENE',
  sirene_updated_on: 'Mise à jour SIRENE',
  anonymised_at: 'Anonymisé le',
  organisation_id: 'Organisation',
  person_id: 'Personne',
  contact_person_id: 'Contact',
  role: 'Rôle',
  started_on: 'Début',
  ended_on: 'Fin',
  kind: 'Type',
  occurred_on: 'Date',
  animator: 'Animateur',
  summary: 'Résumé',
  next_step: 'Prochaine étape',
  next_step_due_on: 'Échéance',
  next_step_done_on: 'Relance faite le',
  title: 'Titre',
  description: 'Description',
  tag_id: 'Étiquette',
  network_id: 'Réseau',
  field_code: "Champ d'action",
  offer_type_code: "Type d'offre",
  capacity: 'Capacité',
  school_levels: 'Niveaux',
  school_level: 'Niveau',
  availability: 'Disponibilités',
  active: 'Active',
  quantity: 'Quantité',
  wanted_on: 'Souhaitée pour',
  is_minor: 'Mineur',
  school_id: 'Établissement',
  level_code: 'Niveau',
  school_year: 'Année scolaire',
  consent_given_by: 'Consentement donné par',
  consent_given_on: 'Consentement donné le',
  consent_scope: 'Objet du consentement',
  consent_expires_on: 'Consentement valable jusqu’au',
  held_on: 'Date',
  place: 'Lieu',
  minutes: 'Compte rendu',
  agenda: 'Ordre du jour',
  reference: 'Référence',
  text: 'Texte',
  value: 'Valeur',
  key: 'Clé',
  id: 'Identifiant',
  created_at: 'Créé le',
  updated_at: 'Modifié le',
  version: 'Version de la fiche',
  code: 'Code',
  label: 'Libellé',
  path: 'Fichier',
  position: 'Position',
  theme: 'Thème',
  note: 'Note',
  outcome: 'Résultat',
  feedback: 'Retours',
  scope: 'Écran',
  state: 'Réglages',
  mapping: 'Correspondance des colonnes',
  target: 'Cible',
  period: 'Période',
  measured_on: 'Mesurée le',
  due_on: 'Échéance',
  recorded_on: 'Date du suivi',
  proposed_on: 'Proposée le',
  contacted_on: 'Sollicitée le',
  dismissed_at: 'Écarté le',
  left_on: 'Départ le',
  session_id: 'Séance',
  meeting_id: 'Réunion',
  group_id: 'Groupe de travail',
  decision_id: 'Décision du COPIL',
  edition_id: 'Édition',
  programme_id: 'Programme',
  sequence_id: 'Séquence',
  copied_from_id: 'Copiée de l’édition',
  pair_id: 'Binôme',
  request_id: 'Demande',
  offer_id: "Offre d'engagement",
  interaction_id: 'Échange du journal',
  pupil_id: 'Élève',
  mentee_pupil_id: 'Élève mentoré',
  mentor_person_id: 'Mentor',
  tutor_person_id: 'Tuteur',
  tutor_name: 'Tuteur (nom)',
  host_organisation_id: "Structure d'accueil",
  representative_person_id: 'Représentant',
  representative_name: 'Représentant (nom)',
  pilot_association_id: 'Association pilote',
  pilot_company_id: 'Entreprise pilote',
  facilitator_person_id: 'Animateur du groupe',
  facilitator_name: 'Animateur du groupe (nom)',
  owner_label: 'Porteur (nom)',
  carried_by_label: 'Porté par (nom)',
  guest_name: 'Invité (nom)',
  is_guest: 'Invité',
  first_id: 'Première fiche',
  second_id: 'Seconde fiche',
  dimension_code: "Dimension d'impact",
  indicator_code: 'Indicateur',
  step_order: "Ordre de l'étape",
  class_label: 'Classe',
  pupils_count: "Nombre d'élèves",
  teachers_count: "Nombre d'enseignants",
  intervention_hours: "Heures d'intervention",
  satisfaction: 'Satisfaction',
  response: 'Réponse',
}

/**
 * Fields a record shows that no column of its own table holds (gathered from other tables, or
 * computed), by their name in the code: the directory's columns.
 */
export const GATHERED_FIELD_LABELS: Record<string, string> = {
  organisations: 'Organisations',
  tags: 'Étiquettes',
  networks: 'Réseaux et clubs',
  fields: "Domaines d'action",
  offers: "Offres d'engagement",
  lastInteractionOn: 'Dernier échange',
  nextStepDueOn: 'Prochaine relance',
}

/** A table's label in French; an unknown table keeps its name, spaced. */
export function tableLabel(table: string): string {
  return TABLE_LABELS[table] ?? table.replaceAll('_', ' ')
}

/** A field's label in French, by its column ('joined_on') or its name in the code ('joinedOn'). */
export function fieldLabel(field: string): string {
  const column = snakeCase(field)
  return FIELD_LABELS[column] ?? column.replaceAll('_', ' ')
}

/** A field of a record in French: a gathered one (« Étiquettes »), else its column's label. */
export function recordFieldLabel(field: string): string {
  return GATHERED_FIELD_LABELS[field] ?? fieldLabel(field)
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}

/** The closed lists of values behind the tables' columns: the history and the exports show their labels. */
export const COLUMN_VALUES: Record<string, Record<string, ValueList<string>>> = {
  organisations: { status: actors.ACTOR_STATUS, source: actors.ACTOR_SOURCE, workforce_band: actors.WORKFORCE_BAND },
  people: { status: actors.ACTOR_STATUS },
  interactions: { kind: actors.INTERACTION_KIND },
  actor_requests: { kind: actors.REQUEST_KIND, status: actors.REQUEST_STATUS },
  duplicate_dismissals: { kind: actors.ACTOR_KIND },
  import_mappings: { target: IMPORT_KIND },
  working_groups: { status: groups.GROUP_STATUS },
  proposed_actions: { status: groups.ACTION_STATUS },
  meeting_attendance: { status: groups.ATTENDANCE_STATUS },
  copil_attendance: { status: groups.ATTENDANCE_STATUS },
  copil_sessions: { status: copil.COPIL_SESSION_STATUS },
  copil_decisions: { kind: copil.DECISION_KIND, status: copil.DECISION_STATUS },
  decision_followups: { status: copil.DECISION_STATUS },
  programme_partners: { role: programmes.PROGRAMME_PARTNER_ROLE },
  editions: { status: programmes.EDITION_STATUS },
  edition_partners: { role: programmes.EDITION_PARTNER_ROLE },
  sequences: { status: programmes.SEQUENCE_STATUS },
  sequence_sessions: { status: programmes.PROGRAMME_SESSION_STATUS },
  session_participants: { role: programmes.PARTICIPANT_ROLE },
  placements: { kind: programmes.PLACEMENT_KIND, status: programmes.PLACEMENT_STATUS },
  mentoring_pairs: { status: programmes.MENTORING_PAIR_STATUS },
  request_candidates: { response: programmes.CANDIDATE_RESPONSE },
}

/** The label of a stored code ('en_cours' in copil_decisions.status → « En cours »), or undefined when the column holds no list. */
export function columnValueLabel(table: string, column: string, value: unknown): string | undefined {
  const list = COLUMN_VALUES[table]?.[snakeCase(column)]
  return list && typeof value === 'string' && list.has(value) ? list.label(value) : undefined
}
