// The fields a spreadsheet's columns can be mapped to, with the French headers that suggest them
// (compared folded: lowercase, no accents, punctuation as spaces).

export type ImportTarget = 'organisations' | 'people'

export interface ImportField {
  id: string
  label: string
  required?: boolean
  synonyms: string[]
}

export const IMPORT_FIELDS: Record<ImportTarget, ImportField[]> = {
  organisations: [
    { id: 'name', label: 'Nom', required: true, synonyms: ['nom', 'raison sociale', 'denomination', 'nom de la structure', 'structure', 'organisation', 'organisme', 'entreprise', 'etablissement', 'nom de l organisation', 'societe'] },
    { id: 'profile', label: 'Profil', synonyms: ['profil', 'type', 'categorie', 'type de structure', 'type d acteur'] },
    { id: 'town', label: 'Commune', synonyms: ['commune', 'ville', 'localite', 'code insee', 'commune insee'] },
    { id: 'postalCode', label: 'Code postal', synonyms: ['code postal', 'cp', 'code_postal'] },
    { id: 'address', label: 'Adresse', synonyms: ['adresse', 'adresse postale', 'rue', 'voie'] },
    { id: 'siret', label: 'SIRET', synonyms: ['siret', 'n siret', 'numero siret', 'no siret'] },
    { id: 'rna', label: 'RNA', synonyms: ['rna', 'numero rna', 'n rna', 'identifiant rna'] },
    { id: 'uai', label: 'UAI', synonyms: ['uai', 'rne', 'code uai', 'numero uai'] },
    { id: 'email', label: 'Courriel', synonyms: ['email', 'e mail', 'courriel', 'mail', 'adresse mail', 'adresse electronique', 'adresse email', 'adresse e mail'] },
    { id: 'phone', label: 'Téléphone', synonyms: ['telephone', 'tel', 'portable', 'mobile', 'numero de telephone'] },
    { id: 'website', label: 'Site internet', synonyms: ['site', 'site web', 'site internet', 'url'] },
    { id: 'nafCode', label: 'Code NAF', synonyms: ['naf', 'code naf', 'ape', 'code ape'] },
    { id: 'status', label: 'Statut (Vitawiner, prospect…)', synonyms: ['statut', 'vitawiner', 'membre'] },
    { id: 'joinedOn', label: "Date d'adhésion", synonyms: ['date d adhesion', 'adhesion', 'membre depuis', 'date adhesion'] },
    { id: 'tags', label: 'Étiquettes', synonyms: ['etiquettes', 'tags', 'mots cles'] },
    { id: 'networks', label: 'Réseaux et clubs', synonyms: ['reseaux', 'reseau', 'club', 'clubs'] },
    { id: 'fields', label: "Domaines d'action", synonyms: ['domaines', 'domaine d action', 'domaines d action', 'thematiques'] },
    { id: 'notes', label: 'Notes', synonyms: ['notes', 'commentaire', 'commentaires', 'observations', 'remarques'] },
  ],
  people: [
    { id: 'firstName', label: 'Prénom', required: true, synonyms: ['prenom', 'first name'] },
    { id: 'lastName', label: 'Nom', required: true, synonyms: ['nom', 'nom de famille', 'last name'] },
    { id: 'profile', label: 'Profil', synonyms: ['profil', 'type', 'categorie'] },
    { id: 'jobTitle', label: 'Fonction', synonyms: ['fonction', 'poste', 'titre', 'qualite'] },
    { id: 'organisation', label: 'Organisation (nom ou SIRET)', synonyms: ['organisation', 'structure', 'entreprise', 'etablissement', 'societe', 'employeur'] },
    { id: 'town', label: 'Commune', synonyms: ['commune', 'ville', 'localite'] },
    { id: 'email', label: 'Courriel', synonyms: ['email', 'e mail', 'courriel', 'mail', 'adresse mail', 'adresse electronique', 'adresse email', 'adresse e mail'] },
    { id: 'phone', label: 'Téléphone', synonyms: ['telephone', 'tel', 'portable', 'mobile'] },
    { id: 'status', label: 'Statut (Vitawiner, prospect…)', synonyms: ['statut', 'vitawiner', 'membre'] },
    { id: 'joinedOn', label: "Date d'adhésion", synonyms: ['date d adhesion', 'adhesion', 'membre depuis'] },
    { id: 'tags', label: 'Étiquettes', synonyms: ['etiquettes', 'tags', 'mots cles'] },
    { id: 'notes', label: 'Notes', synonyms: ['notes', 'commentaire', 'commentaires', 'observations'] },
  ],
}

/** Column index → field id (or null: column ignored). */
export type ColumnMapping = Record<string, string | null>

