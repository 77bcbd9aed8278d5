import { describe, expect, it } from 'vitest'
import { queryRows, testStore } from '../../tests/helpers/temp'
import { ACTOR_STATUS } from './actor-values'
import { ACTION_FIELD_WORDS, OFFER_TYPE_WORDS, PROFILE_WORDS, STATUS_WORDS, matchWords, profileFromName, wordKey } from './import-words'

describe('the tables of words', () => {
  it('name only codes of the reference lists and statuses', async () => {
    const store = await testStore()
    const codes = async (table: string) => (await queryRows<{ code: string }>(store, `select code from ${table} order by code`)).map((row) => row.code)
    expect(Object.keys(PROFILE_WORDS).sort()).toEqual(await codes('actor_profiles'))
    expect(Object.keys(OFFER_TYPE_WORDS).sort()).toEqual(await codes('offer_types'))
    expect(Object.keys(ACTION_FIELD_WORDS).sort()).toEqual(await codes('action_fields'))
    expect(Object.keys(STATUS_WORDS).sort()).toEqual([...ACTOR_STATUS.codes].sort())
  })

  it('hold word keys only, each phrase in one entry of its table', () => {
    for (const table of [PROFILE_WORDS, STATUS_WORDS, OFFER_TYPE_WORDS, ACTION_FIELD_WORDS]) {
      const all = Object.values(table).flat()
      expect(all.filter((phrase) => wordKey(phrase) !== phrase)).toEqual([])
      expect(all.filter((phrase, index) => all.indexOf(phrase) !== index)).toEqual([])
    }
  })
})

describe('matchWords', () => {
  it('maps the types people write to a profile', () => {
    const profile = (value: string) => matchWords(PROFILE_WORDS, value)?.code ?? null
    expect(['Collège', 'Lycée', 'LP', 'Lycée professionnel', 'École', 'Établissement scolaire', 'CFA', 'Lycées professionnels'].map(profile)).toEqual(Array(8).fill('education'))
    expect(['Mairie', 'Ville de Nogent', 'CCAS', 'Département', 'Conseil régional'].map(profile)).toEqual(Array(5).fill('collectivite'))
    expect(['PME', 'SARL', 'SAS', 'TPE', 'Société', 'Entreprise', 'Auto-entrepreneur', 'Start-up'].map(profile)).toEqual(Array(8).fill('entreprise'))
    expect(['Association', 'Asso', 'Association loi 1901', 'Centre social', 'MJC'].map(profile)).toEqual(Array(5).fill('association'))
    expect(["Club d'entreprises", 'CCI', 'Mission locale', 'France Travail', 'Pôle emploi', 'Chambre des métiers'].map(profile)).toEqual(Array(6).fill('institution'))
    expect(profile('Multinationale')).toBeNull()
    expect(matchWords(PROFILE_WORDS, 'Lycée professionnel Jean Macé')).toEqual({ code: 'education', phrase: 'lycee professionnel' })
  })

  it('maps statuses, offers and fields of action', () => {
    expect(['Oui', 'Membre', 'Adhérent', 'x'].map((value) => matchWords(STATUS_WORDS, value)?.code)).toEqual(Array(4).fill('vitawiner'))
    expect(['Non', 'À contacter', 'Piste'].map((value) => matchWords(STATUS_WORDS, value)?.code)).toEqual(Array(3).fill('prospect'))
    expect(matchWords(STATUS_WORDS, 'Ancien membre')?.code).toBe('ancien')
    expect(matchWords(STATUS_WORDS, "O'Tacos")).toBeNull()
    expect(['Stage de 3e', 'Stagiaires', 'Parrainage', 'Forum', 'Alternance', 'Simulation d’entretiens'].map((value) => matchWords(OFFER_TYPE_WORDS, value)?.code)).toEqual([
      'accueil_stagiaires', 'accueil_stagiaires', 'mentorat', 'forum_metiers', 'embauche_alternants', 'simulation_entretiens',
    ])
    expect(['Insertion', 'Emploi', 'Éco', 'Solidarité'].map((value) => matchWords(ACTION_FIELD_WORDS, value)?.code)).toEqual([
      'insertion_emploi', 'insertion_emploi', 'developpement_economique', 'cohesion_territoriale',
    ])
  })
})

describe('profileFromName', () => {
  it('reads the profile in a name, at its start or from a short form anywhere', () => {
    const profile = (name: string) => profileFromName(name)?.code ?? null
    expect(profile('Collège Jean Moulin')).toBe('education')
    expect(profile('Lycée Robert Schuman')).toBe('education')
    expect(profile('Mairie de Vincennes')).toBe('collectivite')
    expect(profile('Ville de Charenton-le-Pont')).toBe('collectivite')
    expect(profile('SARL Dupont')).toBe('entreprise')
    expect(profile('Boulangerie Dupont SARL')).toBe('entreprise')
    expect(profile('Association IPE')).toBe('association')
    expect(profile('Antenne de la Mission locale des Bords de Marne')).toBe('institution')
    expect(profile('CCI Val-de-Marne')).toBe('institution')
    expect(profile('Club Entreprises EDC')).toBe('institution')
    expect(profile('Restaurant Le Lycée')).toBeNull()
    expect(profile('Boulangerie du Marché')).toBeNull()
    expect(profile('Groupe Dupont')).toBeNull()
  })

  it('says how the name writes the phrase it matched, for the preview', () => {
    const written = (name: string) => profileFromName(name)?.written ?? null
    expect(written('Lycée Robert Schuman')).toBe('Lycée')
    expect(written('LYCÉES PROFESSIONNELS Marx Dormoy')).toBe('LYCÉES PROFESSIONNELS')
    expect(written('Boulangerie Dupont SARL')).toBe('SARL')
    expect(written("Centre de formation d'apprentis du BTP")).toBe("Centre de formation d'apprentis")
    expect(written('Mairie de Vincennes')).toBe('Mairie')
  })
})
