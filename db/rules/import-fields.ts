// What a spreadsheet import can bring in: the three kinds of file, the fields their columns can
// be mapped to, and the headers (French and English) that suggest each field. Headers are compared
// as word keys (see wordKey: lowercase, no accents, punctuation as spaces). Pure code: the renderer
// imports it for its choice lists.

import { valueList, type CodeOf } from './value-list'
import { wordKey } from './import-words'

export const IMPORT_KIND = valueList({ contacts: 'Organisations et leurs contacts', organisations: 'Organisations', people: 'Personnes' })
export type ImportTarget = CodeOf<typeof IMPORT_KIND>

/** The fields whose values are mapped to a list (the reference lists, the statuses, the networks, the towns). */
export const LIST_FIELDS = ['profile', 'status', 'town', 'offers', 'fields', 'networks'] as const
export type ListField = (typeof LIST_FIELDS)[number]

/** A value left out (the default profile, no status, no town, nothing added to the list). */
export const IGNORE = '-'
/** A town outside the territory: kept as typed. */
export const OUTSIDE = 'hors-territoire'
/** The key of the profile a name tells: « nom:college ». */
export const NAME_PREFIX = 'nom:'

/** Where the target of a value comes from. */
export const VALUE_ORIGIN = valueList({
  chosen: 'choisie',
  label: 'reconnue',
  words: 'table des mots',
  name: "d'après le nom",
  new: 'nouveau réseau',
  outside: 'hors territoire',
  unknown: 'à choisir',
})
export type ValueOrigin = CodeOf<typeof VALUE_ORIGIN>

/** What a row did to a record: created it, updated it, found it up to date, or met it on an earlier line. */
export const RECORD_ACTION = valueList({ create: 'nouvelle fiche', update: 'mise à jour', unchanged: 'déjà à jour', same: 'même fiche qu’au-dessus' })
export type RecordAction = CodeOf<typeof RECORD_ACTION>

/** The formats of the files imported, as the screen names them. */
export const SPREADSHEET_FORMAT = valueList({ xlsx: 'Classeur Excel (.xlsx)', ods: 'Classeur OpenDocument (.ods)', csv: 'Fichier CSV' })

export type ImportFieldId =
  | 'name'
  | 'profile'
  | 'town'
  | 'postalCode'
  | 'address'
  | 'siret'
  | 'rna'
  | 'uai'
  | 'email'
  | 'phone'
  | 'website'
  | 'nafCode'
  | 'status'
  | 'joinedOn'
  | 'tags'
  | 'networks'
  | 'fields'
  | 'offers'
  | 'notes'
  | 'firstContactOn'
  | 'animator'
  | 'fullName'
  | 'civility'
  | 'firstName'
  | 'lastName'
  | 'jobTitle'
  | 'personEmail'
  | 'personPhone'
  | 'organisation'

export interface ImportField {
  id: ImportFieldId
  label: string
  /** Always needed (or, for names, one of the ways to give it: see `requirementsMet`). */
  required?: boolean
  /** Headers that suggest the field, as word keys. */
  synonyms: readonly string[]
}

const S = {
  name: ['nom', 'name', 'raison sociale', 'denomination', 'nom de la structure', 'structure', 'nom structure', 'organisation', 'organization', 'organisme', 'entreprise', 'etablissement', 'nom de l etablissement', 'nom de l organisation', 'nom de l organisme', 'nom de l entreprise', 'societe', 'company', 'company name', 'organisation name', 'organization name', 'account name', 'business name', 'partenaire', 'acteur', 'nom de l acteur', 'employeur'],
  profile: ['profil', 'type', 'categorie', 'type de structure', 'type d acteur', 'type de partenaire', 'type d organisation', 'type d etablissement', 'nature', 'famille', 'category', 'kind', 'profile', 'organisation type', 'organization type'],
  town: ['commune', 'ville', 'localite', 'code insee', 'commune insee', 'city', 'town', 'municipality'],
  postalCode: ['code postal', 'cp', 'code_postal', 'zip', 'zip code', 'zipcode', 'postcode', 'postal code', 'post code'],
  address: ['adresse', 'adresse postale', 'rue', 'voie', 'adresse 1', 'adresse ligne 1', 'address', 'street', 'street address', 'address line 1'],
  siret: ['siret', 'n siret', 'numero siret', 'no siret', 'num siret', 'siret number'],
  rna: ['rna', 'numero rna', 'n rna', 'identifiant rna', 'numero d association', 'n association'],
  uai: ['uai', 'rne', 'code uai', 'numero uai', 'n uai', 'code rne'],
  email: ['email', 'e mail', 'courriel', 'mail', 'mel', 'adresse mail', 'adresse electronique', 'adresse email', 'adresse e mail', 'adresse courriel', 'email address', 'e mail address'],
  phone: ['telephone', 'tel', 'tel fixe', 'telephone fixe', 'portable', 'mobile', 'numero de telephone', 'n de telephone', 'phone', 'phone number', 'telephone number', 'cell', 'cellphone'],
  website: ['site', 'site web', 'site internet', 'url', 'web', 'website', 'web site'],
  nafCode: ['naf', 'code naf', 'ape', 'code ape', 'naf code'],
  status: ['statut', 'vitawiner', 'membre', 'adherent', 'statut vitawin', 'status', 'member'],
  joinedOn: ['date d adhesion', 'adhesion', 'membre depuis', 'date adhesion', 'adherent depuis', 'joined', 'joined on', 'member since', 'membership date'],
  tags: ['etiquettes', 'etiquette', 'tags', 'tag', 'mots cles', 'labels', 'keywords'],
  networks: ['reseaux', 'reseau', 'club', 'clubs', 'reseaux et clubs', 'club d entreprises', 'networks', 'network'],
  fields: ['domaines', 'domaine', 'domaine d action', 'domaines d action', 'champ d action', 'champs d action', 'thematiques', 'thematique', 'themes', 'fields', 'areas', 'topics'],
  offers: ['offres', 'offre', 'offres d engagement', 'offre d engagement', 'engagement', 'engagements', 'type d engagement', 'propositions', 'peut proposer', 'disponible pour', 'interventions possibles', 'offers', 'volunteering'],
  notes: ['notes', 'note', 'commentaire', 'commentaires', 'observations', 'observation', 'remarques', 'remarque', 'informations', 'infos', 'comments', 'comment', 'remarks', 'description'],
  firstContactOn: ['date de premier contact', 'premier contact', 'date du premier contact', 'date 1er contact', '1er contact', 'date de 1er contact', 'date de contact', 'date contact', 'contacte le', 'date de rencontre', 'first contact', 'date of first contact', 'first contacted'],
  animator: ['suivi par', 'animateur', 'animatrice', 'referent vitawin', 'contact vitawin', 'charge de mission', 'suivi', 'owner', 'account owner'],
  fullName: ['contact', 'contacts', 'nom du contact', 'contact nom', 'nom et prenom', 'prenom et nom', 'nom prenom', 'prenom nom', 'nom complet', 'interlocuteur', 'personne a contacter', 'personne contact', 'referent', 'responsable', 'representant', 'full name', 'contact name', 'contact person'],
  civility: ['civilite', 'titre de civilite', 'mr mme', 'm mme', 'salutation', 'civility'],
  firstName: ['prenom', 'prenom du contact', 'contact prenom', 'first name', 'firstname', 'given name', 'forename'],
  lastName: ['nom', 'name', 'nom de famille', 'nom du contact', 'contact nom', 'last name', 'lastname', 'surname', 'family name'],
  jobTitle: ['fonction', 'poste', 'qualite', 'role', 'titre', 'fonction du contact', 'job title', 'title', 'position', 'job', 'function'],
  personEmail: ['email du contact', 'e mail du contact', 'courriel du contact', 'mail du contact', 'email contact', 'e mail contact', 'mail contact', 'courriel contact', 'contact email', 'contact e mail', 'email personnel', 'courriel personnel', 'email direct'],
  personPhone: ['telephone du contact', 'tel du contact', 'telephone contact', 'tel contact', 'portable du contact', 'mobile du contact', 'contact phone', 'telephone direct', 'ligne directe'],
  organisation: ['organisation', 'structure', 'entreprise', 'etablissement', 'societe', 'employeur', 'organisme', 'company', 'organization', 'employer'],
} satisfies Record<ImportFieldId, readonly string[]>

/** Every field a column can be mapped to, whatever the kind of file. */
export const IMPORT_FIELD_IDS = Object.keys(S) as ImportFieldId[]

/** The operations of the audit trail that can be undone: imports. */
export const UNDOABLE_OPERATIONS: readonly string[] = ['actors.import.commit', 'actors.import.sirene']

/** Each field's label, in every kind of file unless the kind says otherwise. */
const LABELS: Record<ImportFieldId, string> = {
  name: 'Nom',
  profile: 'Profil',
  town: 'Commune',
  postalCode: 'Code postal',
  address: 'Adresse',
  siret: 'SIRET',
  rna: 'RNA',
  uai: 'UAI',
  email: 'Courriel',
  phone: 'Téléphone',
  website: 'Site internet',
  nafCode: 'Code NAF',
  status: 'Statut (Vitawiner, prospect…)',
  joinedOn: "Date d'adhésion",
  tags: 'Étiquettes',
  networks: 'Réseaux et clubs',
  fields: "Domaines d'action",
  offers: "Offres d'engagement",
  notes: 'Notes',
  firstContactOn: 'Date de premier contact (journal)',
  animator: 'Suivi par (animateur)',
  fullName: 'Nom complet (prénom et nom)',
  civility: 'Civilité',
  firstName: 'Prénom',
  lastName: 'Nom',
  jobTitle: 'Fonction',
  personEmail: 'Courriel',
  personPhone: 'Téléphone',
  organisation: 'Organisation (nom ou SIRET)',
}

function fields(ids: ImportFieldId[], labels: Partial<Record<ImportFieldId, string>> = {}): ImportField[] {
  return ids.map((id) => ({ id, label: labels[id] ?? LABELS[id], synonyms: S[id], ...(id === 'name' ? { required: true } : {}) }))
}

const ORGANISATION = ['name', 'profile', 'town', 'postalCode', 'address', 'siret', 'rna', 'uai', 'email', 'phone', 'website', 'nafCode', 'status', 'joinedOn', 'tags', 'networks', 'fields', 'offers', 'notes'] as const
const PERSON = ['fullName', 'civility', 'firstName', 'lastName'] as const
const JOURNAL = ['firstContactOn', 'animator'] as const

export const IMPORT_FIELDS: Record<ImportTarget, ImportField[]> = {
  contacts: fields([...ORGANISATION, ...PERSON, 'jobTitle', 'personEmail', 'personPhone', ...JOURNAL], {
    name: "Nom de l'organisation",
    email: 'Courriel (contact, sinon organisation)',
    phone: 'Téléphone (contact, sinon organisation)',
    fullName: 'Contact : nom complet',
    civility: 'Contact : civilité',
    firstName: 'Contact : prénom',
    lastName: 'Contact : nom',
    jobTitle: 'Contact : fonction',
    personEmail: 'Contact : courriel',
    personPhone: 'Contact : téléphone',
  }),
  organisations: fields([...ORGANISATION, ...JOURNAL]),
  people: fields([...PERSON, 'profile', 'jobTitle', 'organisation', 'town', 'email', 'phone', 'status', 'joinedOn', 'tags', 'networks', 'fields', 'offers', 'notes', ...JOURNAL]),
}

/** The fields of a person in a contacts file. */
export const CONTACT_FIELDS: readonly ImportFieldId[] = ['fullName', 'civility', 'firstName', 'lastName', 'jobTitle', 'personEmail', 'personPhone']

/** Column index → field id (or null: column ignored). */
export type ColumnMapping = Record<string, ImportFieldId | null>

/** What the mapping lacks for the kind of file, in French (empty when it is complete). */
export function missingFields(target: ImportTarget, mapping: ColumnMapping): string[] {
  const mapped = new Set(Object.values(mapping).filter(Boolean))
  if (target === 'people') {
    return mapped.has('fullName') || (mapped.has('firstName') && mapped.has('lastName')) ? [] : ['« Prénom » et « Nom » (ou « Nom complet »)']
  }
  return mapped.has('name') ? [] : [`« ${IMPORT_FIELDS[target][0]!.label} »`]
}

export function fieldLabel(target: ImportTarget, id: string): string {
  return IMPORT_FIELDS[target].find((each) => each.id === id)?.label ?? id
}

/** A header's key: its word key, without a trailing « * » or « : », nor a plural's last s. */
export function headerKey(header: string): string {
  return wordKey(header)
}

function containsWords(key: string, words: string): boolean {
  return ` ${key} `.includes(` ${words} `)
}

/** The field a header suggests, among those not yet taken: an exact synonym first, else the longest synonym it contains. */
function fieldOfHeader(key: string, fields: ImportField[], taken: Set<string>): ImportFieldId | null {
  if (!key) return null
  const singular = key.replace(/s\b/g, '')
  const free = fields.filter((each) => !taken.has(each.id))
  const exact = free.find((each) => each.synonyms.includes(key) || each.synonyms.some((synonym) => synonym.replace(/s\b/g, '') === singular))
  if (exact) return exact.id
  let best: { id: ImportFieldId; length: number } | null = null
  for (const each of free) {
    for (const synonym of each.synonyms) {
      if (synonym.length > 3 && synonym.length > (best?.length ?? 0) && containsWords(key, synonym)) best = { id: each.id, length: synonym.length }
    }
  }
  return best?.id ?? null
}

/** Synonyms of the organisation's name that cannot be a person's name. */
const ORGANISATION_NAME_WORDS = S.name.filter((synonym) => synonym !== 'nom' && synonym !== 'name')

/**
 * Guesses which field each column holds from its header. In a contacts file, « Nom » is the
 * contact's family name when another column names the organisation (« Structure », « Raison
 * sociale »…), and the organisation's name otherwise; a family name without a first-name column
 * is taken as a full name.
 */
export function guessMapping(headers: string[], target: ImportTarget): ColumnMapping {
  const keys = headers.map(headerKey)
  const mapping: ColumnMapping = {}
  const taken = new Set<string>()
  const fields = IMPORT_FIELDS[target]
  const hasOrganisationColumn = keys.some((key) => ORGANISATION_NAME_WORDS.includes(key))
  const order = keys.map((key, column) => ({ key, column }))
  // Exact headers first, so that « Nom » does not take the organisation's name before « Raison sociale ».
  order.sort((a, b) => Number(!fields.some((each) => each.synonyms.includes(a.key))) - Number(!fields.some((each) => each.synonyms.includes(b.key))))
  for (const { key, column } of order) {
    let id: ImportFieldId | null
    if (target === 'contacts' && (key === 'nom' || key === 'name') && hasOrganisationColumn) id = taken.has('lastName') ? null : 'lastName'
    else id = fieldOfHeader(key, fields, taken)
    mapping[String(column)] = id
    if (id) taken.add(id)
  }
  // A family name without a first name is a full name; a « full name » beside a first name is a family name.
  const rename = (from: ImportFieldId, to: ImportFieldId) => {
    for (const [column, id] of Object.entries(mapping)) if (id === from) mapping[column] = to
  }
  if (taken.has('lastName') && !taken.has('firstName') && !taken.has('fullName')) rename('lastName', 'fullName')
  else if (taken.has('fullName') && taken.has('firstName') && !taken.has('lastName')) rename('fullName', 'lastName')
  return mapping
}

/**
 * The kind of file its headers suggest: organisations and their contacts when it has both an
 * organisation's columns and a person's, people when it has only a person's, else organisations.
 */
export function guessKind(headers: string[]): ImportTarget {
  const keys = headers.map(headerKey)
  const contacts = guessMapping(headers, 'contacts')
  const fields = new Set(Object.values(contacts).filter(Boolean))
  const person = CONTACT_FIELDS.some((id) => fields.has(id) && id !== 'personEmail' && id !== 'personPhone')
  // « Structure », « Raison sociale », a SIRET…: an organisation's own columns, which a plain « Nom » is not.
  const organisation = keys.some((key) => ORGANISATION_NAME_WORDS.includes(key)) || fields.has('siret') || fields.has('rna') || fields.has('uai')
  if (person && organisation) return 'contacts'
  // « Nom » beside « Contact » (a full name) names the organisation; beside « Prénom », the person.
  if (person && fields.has('name') && fields.has('fullName') && !fields.has('firstName')) return 'contacts'
  if (person) return 'people'
  return 'organisations'
}

/** Words of a group label (a merged cell above the headers) that gather a contact person's columns. */
const PERSON_GROUP_WORDS = [
  'contact', 'contacts', 'contact principal', 'contact 1', 'interlocuteur', 'interlocutrice', 'interlocuteurs', 'referent', 'referente',
  'responsable', 'representant', 'representante', 'personne a contacter', 'personne contact', 'correspondant', 'correspondante',
  'dirigeant', 'dirigeante', 'contact person', 'main contact',
]

/** For each field a person's column may hold alone (« Nom », « Portable »): the contact's fields it may become, and their plain name. */
const UNDER_PERSON_GROUP: Partial<Record<ImportFieldId, { as: readonly ImportFieldId[]; plain: string }>> = {
  name: { as: ['fullName', 'lastName'], plain: 'Nom' },
  lastName: { as: ['fullName', 'lastName'], plain: 'Nom' },
  fullName: { as: ['fullName'], plain: 'Nom complet' },
  firstName: { as: ['firstName'], plain: 'Prénom' },
  civility: { as: ['civility'], plain: 'Civilité' },
  jobTitle: { as: ['jobTitle'], plain: 'Fonction' },
  email: { as: ['personEmail'], plain: 'Courriel' },
  phone: { as: ['personPhone'], plain: 'Téléphone' },
}

/** Whether a group label gathers a contact person's columns, an organisation's, or says neither. */
export function headerGroup(label: string): 'person' | 'organisation' | null {
  const key = headerKey(label)
  if (PERSON_GROUP_WORDS.includes(key)) return 'person'
  if (ORGANISATION_NAME_WORDS.includes(key)) return 'organisation'
  return null
}

/**
 * The header of a column under a group label, as the field guess reads it: under « Contact »,
 * « Nom » becomes « Nom du contact » and « Portable » « Portable du contact »; under « Structure »,
 * « Nom » becomes « Nom de la structure ». A column the group says nothing about keeps its header.
 */
export function groupedHeader(label: string, header: string): string {
  if (!header) return label
  const group = headerGroup(label)
  if (!group) return header
  const fields = IMPORT_FIELDS.contacts
  const alone = fieldOfHeader(headerKey(header), fields, new Set())
  const reads = (candidate: string, as: readonly ImportFieldId[]) => {
    const field = fieldOfHeader(headerKey(candidate), fields, new Set())
    return field !== null && as.includes(field)
  }
  if (group === 'organisation') {
    if (alone !== 'name') return header
    return [`${header} de la structure`, 'Nom de la structure'].find((candidate) => reads(candidate, ['name'])) ?? header
  }
  const person = alone ? UNDER_PERSON_GROUP[alone] : undefined
  if (!person) return header
  return [`${header} du contact`, `${person.plain} du contact`].find((candidate) => reads(candidate, person.as)) ?? header
}

/** How many headers a mapping recognises: the table detection's measure of a header row. */
export function recognisedHeaders(headers: string[]): number {
  const kind = guessKind(headers)
  return Object.values(guessMapping(headers, kind)).filter(Boolean).length
}
