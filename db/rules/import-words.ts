// The words people write in their own files for the values of a list, mapped to the list's codes:
// profiles, Vitawiner statuses, engagement offers, fields of action (the starting tables of
// DOMAIN.md; the animators extend them with the value mappings they save). Every phrase is a word
// key (see wordKey). The codes are those of the reference tables (actor_profiles, offer_types,
// action_fields) and of the statuses: import-words.test.ts checks them against those lists.

import { foldText } from './text'

/** A text as words: lowercase, no accents, anything but letters and digits as one space. */
export function wordKey(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

export const PROFILE_WORDS: Readonly<Record<string, readonly string[]>> = {
  education: [
    'education nationale', 'college', 'lycee', 'lycee professionnel', 'lycee general', 'lycee general et technologique', 'lycee technologique',
    'lycee polyvalent', 'lycee des metiers', 'lp', 'lgt', 'lpo', 'ecole', 'ecole primaire', 'ecole elementaire', 'ecole maternelle',
    'groupe scolaire', 'etablissement scolaire', 'etablissement d enseignement', 'eple', 'cfa', 'centre de formation d apprentis', 'rectorat',
    'academie', 'dsden', 'cio', 'centre d information et d orientation', 'enseignement', 'universite', 'iut', 'school', 'high school',
  ],
  collectivite: [
    'collectivite', 'collectivite territoriale', 'collectivite locale', 'mairie', 'ville', 'ville de', 'commune', 'ccas', 'ept',
    'etablissement public territorial', 'territoire', 'departement', 'conseil departemental', 'region', 'conseil regional', 'service jeunesse',
    'intercommunalite', 'agglomeration', 'communaute d agglomeration', 'local authority', 'city council', 'town hall',
  ],
  entreprise: [
    'entreprise', 'societe', 'sa', 'sas', 'sasu', 'sarl', 'eurl', 'sci', 'snc', 'scop', 'pme', 'tpe', 'eti', 'grand groupe', 'groupe',
    'grande entreprise', 'commerce', 'commercant', 'artisan', 'artisanat', 'auto entrepreneur', 'autoentrepreneur', 'micro entreprise',
    'microentreprise', 'start up', 'startup', 'cabinet', 'agence', 'industrie', 'profession liberale', 'independant', 'company', 'business',
  ],
  association: [
    'association', 'asso', 'loi 1901', 'association loi 1901', 'fondation', 'centre social', 'club sportif', 'mjc', 'maison des jeunes',
    'ong', 'federation', 'collectif', 'nonprofit', 'non profit', 'charity',
  ],
  institution: [
    'institution', 'cci', 'cma', 'chambre de commerce', 'chambre de commerce et d industrie', 'chambre des metiers', 'chambre de metiers',
    'chambre des metiers et de l artisanat', 'medef', 'cpme', 'club d entreprises', 'club entreprises', 'club d entrepreneurs',
    'reseau d entreprises', 'mission locale', 'france travail', 'pole emploi', 'caf', 'cap emploi', 'ratp', 'sncf', 'hopital',
    'etablissement public', 'prefecture', 'bpifrance', 'urssaf', 'public body',
  ],
  eleve: ['eleve', 'lyceen', 'lyceenne', 'collegien', 'collegienne', 'etudiant', 'etudiante', 'apprenti', 'apprentie', 'jeune', 'pupil', 'student'],
  parent: ['parent', 'parent d eleve', 'parents d eleves', 'fcpe', 'peep', 'famille'],
}

/** Short forms that name a profile wherever they stand in a name (« Boulangerie Dupont SARL »). */
const NAME_MARKERS = new Set([
  'sa', 'sas', 'sasu', 'sarl', 'eurl', 'sci', 'snc', 'scop', 'cci', 'cma', 'ccas', 'medef', 'cpme', 'mjc', 'cfa', 'lp', 'lgt', 'lpo', 'eple', 'cio', 'dsden', 'ratp', 'sncf', 'fcpe', 'peep',
])

export const STATUS_WORDS: Readonly<Record<string, readonly string[]>> = {
  vitawiner: [
    'vitawiner', 'membre', 'membre actif', 'adherent', 'adherente', 'engage', 'engagee', 'actif', 'active', 'partenaire', 'partenaire actif',
    'charte signee', 'signataire', 'oui', 'o', 'x', 'yes', 'y', 'member', 'active member',
  ],
  prospect: [
    'prospect', 'contact', 'a contacter', 'a relancer', 'piste', 'interesse', 'interessee', 'en discussion', 'en cours', 'potentiel',
    'nouveau', 'non', 'n', 'no', 'lead',
  ],
  ancien: ['ancien', 'ancienne', 'ancien membre', 'ex membre', 'inactif', 'inactive', 'parti', 'partie', 'sorti', 'sortie', 'a quitte le reseau', 'former', 'former member'],
}

export const OFFER_TYPE_WORDS: Readonly<Record<string, readonly string[]>> = {
  temoignage: ['temoignage', 'temoignage metier', 'temoignage carriere', 'temoigner', 'presentation metier', 'presentation de metier', 'parler de son metier', 'carriere'],
  intervention: ['intervention', 'sensibilisation', 'intervention en classe', 'intervention en college', 'intervention en lycee', 'atelier', 'conference', 'animation'],
  accueil_stagiaires: [
    'stage', 'stagiaire', 'accueil de stagiaires', 'accueil stagiaires', 'accueil de stagiaire', 'stage de 3e', 'stage 3e', 'stage de troisieme',
    'stage d observation', 'pfmp', 'periode de formation en milieu professionnel', 'internship',
  ],
  embauche_alternants: ['alternance', 'alternant', 'alternants', 'apprentissage', 'apprenti', 'contrat d apprentissage', 'embauche', 'embauche d alternants', 'recrutement', 'apprenticeship'],
  mentorat: ['mentorat', 'mentor', 'parrainage', 'parrain', 'marraine', 'tutorat', 'tuteur', 'coaching', 'mentoring'],
  forum_metiers: ['forum', 'forum des metiers', 'forum metiers', 'salon', 'salon des metiers', 'job dating', 'career fair'],
  visite_entreprise: ['visite', 'visite d entreprise', 'visite entreprise', 'visite de site', 'visite de l entreprise', 'portes ouvertes', 'company visit'],
  simulation_entretiens: ['simulation', 'simulation d entretien', 'simulation d entretiens', 'simulations d entretiens', 'entretien', 'entretiens blancs', 'entretien blanc', 'mock interview'],
}

export const ACTION_FIELD_WORDS: Readonly<Record<string, readonly string[]>> = {
  education: ['education', 'scolaire', 'orientation', 'enseignement', 'ecole', 'reussite scolaire'],
  insertion_emploi: ['insertion', 'emploi', 'insertion emploi', 'insertion et emploi', 'emploi insertion', 'insertion professionnelle', 'employabilite', 'jobs', 'employment'],
  developpement_economique: ['developpement economique', 'economie', 'economique', 'eco', 'dev eco', 'entrepreneuriat', 'attractivite', 'economic development'],
  cohesion_territoriale: ['cohesion', 'cohesion territoriale', 'cohesion sociale', 'territoire', 'solidarite', 'vivre ensemble', 'citoyennete', 'lien social', 'social cohesion'],
}

export interface WordMatch {
  code: string
  /** The phrase of the table that matched. */
  phrase: string
  /** For a match in a name: the phrase as the name writes it (« Lycée », « S.A.R.L. »). */
  written?: string
}

/** The words of `text` that read as `phrase`, as written (accents, case, punctuation), or null. */
function writtenAs(text: string, phrase: string): string | null {
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ key: wordKey(match[0]), start: match.index, end: match.index + match[0].length }))
  const target = singular(phrase)
  const length = phrase.split(' ').length
  for (let i = 0; i + length <= tokens.length; i++) {
    const window = tokens.slice(i, i + length)
    if (singular(window.map((token) => token.key).join(' ')) === target) return text.slice(window[0]!.start, window.at(-1)!.end)
  }
  return null
}

/** Each word without a final s: « Lycées professionnels » reads as « lycée professionnel ». */
function singular(words: string): string {
  return words.replace(/s\b/g, '')
}

/**
 * The code a value names, from a table of words: the value is one of the phrases (plural or not),
 * else it begins with one (« Lycée professionnel Jean Macé »), else it holds one of several words
 * or a short form (« Établissement public : CCI 94 »). The longest phrase wins.
 */
export function matchWords(table: Readonly<Record<string, readonly string[]>>, value: string): WordMatch | null {
  const key = singular(wordKey(value))
  if (!key) return null
  let exact: WordMatch | null = null
  let start: WordMatch | null = null
  let inside: WordMatch | null = null
  for (const [code, phrases] of Object.entries(table)) {
    for (const raw of phrases) {
      const phrase = singular(raw)
      if (key === phrase) exact ??= { code, phrase: raw }
      else if (phrase.length > 1 && key.startsWith(`${phrase} `)) {
        if (!start || phrase.length > singular(start.phrase).length) start = { code, phrase: raw }
      } else if ((phrase.includes(' ') || NAME_MARKERS.has(raw)) && ` ${key} `.includes(` ${phrase} `)) {
        if (!inside || phrase.length > singular(inside.phrase).length) inside = { code, phrase: raw }
      }
    }
  }
  return exact ?? start ?? inside
}

/**
 * The profile a name tells (« Collège Jean Moulin », « Mairie de Vincennes », « SARL Dupont »): a
 * phrase at its start, or a short form or a phrase of several words anywhere — but a single common
 * word only at the start (« Restaurant Le Lycée » is no school).
 */
export function profileFromName(name: string): WordMatch | null {
  const key = singular(wordKey(name))
  if (!key) return null
  const words = key.split(' ')
  let best: WordMatch | null = null
  for (const [code, phrases] of Object.entries(PROFILE_WORDS)) {
    for (const raw of phrases) {
      const phrase = singular(raw)
      const atStart = key === phrase || key.startsWith(`${phrase} `)
      const anywhere = (NAME_MARKERS.has(raw) || (phrase.includes(' ') && !/^(ville|commune|ecole) /.test(phrase))) && ` ${key} `.includes(` ${phrase} `)
      if ((atStart || anywhere) && (!best || phrase.length > singular(best.phrase).length)) best = { code, phrase: raw }
    }
  }
  // « Groupe scolaire » is a school, but « Groupe Dupont » says nothing.
  if (best?.phrase === 'groupe' && words.length > 1) return null
  return best && { ...best, written: writtenAs(name, best.phrase) ?? best.phrase }
}
