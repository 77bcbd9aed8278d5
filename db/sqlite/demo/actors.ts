import type BetterSqlite3 from 'better-sqlite3'
import { uaiControlLetter } from '../../rules/identifiers'
import type { Random } from './random'

// Directory of the demo dataset: realistic in shape, clearly fictional in content (fictional
// names, addresses in « exemple.fr », phone numbers in the 01 99 00 range reserved for fiction).

export interface ActorsScale {
  companies: number
  associations: number
  schools: number
  institutions: number
  people: number
  interactions: number
}

export const SMALL_ACTORS: ActorsScale = { companies: 260, associations: 70, schools: 30, institutions: 14, people: 520, interactions: 1600 }
export const TERRITORY_ACTORS: ActorsScale = { companies: 52_900, associations: 7_000, schools: 47, institutions: 53, people: 100_000, interactions: 300_000 }

const FIRST_NAMES = [
  'Aïcha', 'Agathe', 'Albane', 'Aurélie', 'Bérénice', 'Capucine', 'Clémence', 'Delphine', 'Estelle', 'Fanny', 'Gaëlle', 'Héloïse',
  'Isabelle', 'Joséphine', 'Justine', 'Laëtitia', 'Mathilde', 'Noémie', 'Océane', 'Pauline', 'Romane', 'Salomé', 'Yasmine', 'Maëlys',
  'Adrien', 'Alexandre', 'Baptiste', 'Benoît', 'Damien', 'Dylan', 'Émile', 'Fabrice', 'Gaël', 'Grégoire', 'Ibrahim', 'Jordan', 'Kévin',
  'Loïc', 'Mamadou', 'Noël', 'Quentin', 'Raphaël', 'Sébastien', 'Tristan', 'Valentin', 'Xavier', 'Yohan', 'Zinédine',
  'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Sarah', 'Emma', 'Jade', 'Louise', 'Alice', 'Hélène', 'Zoé', 'Nadia', 'Fatou', 'Amina',
  'Sophie', 'Julie', 'Claire', 'Élodie', 'Anaïs', 'Lucas', 'Hugo', 'Thomas', 'Nathan', 'Karim', 'Mehdi', 'Yanis', 'Julien', 'Nicolas',
  'Antoine', 'Maxime', 'Théo', 'Rémi', 'Mathieu', 'François', 'Stéphane', 'Olivier', 'Pierre', 'Jérôme', 'Moussa', 'Bruno', 'Cédric',
]
const LAST_NAMES = [
  'Aubert', 'Barbier', 'Baron', 'Benoît', 'Bouvier', 'Brun', 'Caron', 'Carpentier', 'Charpentier', 'Colin', 'Collet', 'Da Silva',
  'Denis', 'Deschamps', 'Dufour', 'Dumas', 'Fabre', 'Fleury', 'Gaillard', 'Gérard', 'Gilbert', 'Giraud', 'Hamon', 'Hubert', 'Jacob',
  'Joly', 'Julien', 'Lacroix', 'Leclerc', 'Lemaire', 'Leroux', 'Lucas', 'Marchand', 'Marie', 'Masson', 'Meunier', 'Meyer', 'Noël',
  'Olivier', 'Paris', 'Perrot', 'Philippe', 'Picard', 'Pierre', 'Renard', 'Renaud', 'Rey', 'Roche', 'Rolland', 'Roy', 'Schmitt',
  'Vidal', 'Weber', 'Ferreira', 'Kone', 'Mendy', 'Ben Salah', 'Ouédraogo', 'Zhang', 'Mansouri',
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre',
  'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Lefebvre', 'Mercier', 'Dupont',
  'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry',
  'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin',
  'Benali', 'Diallo', 'Nguyen', 'Traoré', 'Haddad', 'Œuvrard', 'Cœurderoy',
]
const TRADES = [
  'Boulangerie', 'Menuiserie', 'Plomberie', 'Garage', 'Imprimerie', 'Pharmacie', 'Cabinet comptable', 'Agence web', 'Atelier',
  'Traiteur', 'Électricité', 'Librairie', 'Fleuriste', 'Transports', 'Bureau d’études', 'Conseil', 'Hôtel', 'Restaurant',
  'Auto-école', 'Laboratoire', 'Clinique vétérinaire', 'Studio graphique', 'Coiffure', 'Bâtiment', 'Logistique', 'Informatique',
]
const FANCY = ['Horizon', 'Les Bords de Marne', 'du Bois', 'Est Parisien', 'Marne et Bois', 'Saint-Exupéry', 'Lumière', 'Avenir', 'Les Tilleuls', 'Gravelle', 'Vincennes Services', 'Arc-en-ciel']
const ASSOCIATION_KINDS = ['Association sportive', 'Amicale', 'Association culturelle', 'Maison des jeunes', 'Association d’insertion', 'Club de théâtre', 'Entraide', 'Association de parents', 'Collectif solidaire', 'Compagnie de danse']
const SCHOOL_KINDS: [string, string][] = [
  ['Lycée', 'lycée'],
  ['Lycée professionnel', 'lycée professionnel'],
  ['Collège', 'collège'],
]
const SCHOOL_NAMES = ['Jean Moulin', 'Marie Curie', 'Louise Michel', 'Victor Hugo', 'Paul Éluard', 'Simone Veil', 'Jules Ferry', 'Condorcet', 'Albert Camus', 'George Sand', 'Léon Blum', 'Romain Rolland', 'Flora Tristan', 'Olympe de Gouges', 'Jacques Brel']
const INSTITUTIONS = [
  'Chambre de commerce (fictive) du Val-de-Marne', 'Chambre de métiers (fictive) du Val-de-Marne', 'Union patronale (fictive) 93/94',
  'Mission locale (fictive) des Bords de Marne', 'Agence pour l’emploi (fictive) de Champigny', 'Caisse d’allocations (fictive) du 94',
  'Réseau de transport (fictif) de l’Est parisien', 'Académie (fictive) de l’Est francilien', 'Maison de l’emploi (fictive) de Fontenay',
  'Club des entreprises (fictif) de Saint-Maur', 'Fondation (fictive) pour l’orientation', 'Incubateur (fictif) Marne et Bois',
]
export const NETWORKS = ['Club Gravelle Entreprendre', 'Club Entreprises EDC', 'BusinessClass', 'Réseau des tiers-lieux de PEMB']
const TAGS = ['Partenaire Q2ER', 'Forum des métiers', 'RSE', 'Afterwork 2025', 'Mentorat', 'Stages de 3e', 'À rencontrer', 'COPIL']
const JOB_TITLES = ['Dirigeante', 'Dirigeant', 'Responsable RH', 'Professeur principal', 'Professeure de SES', 'Référente Q2ER', 'Chargé de mission', 'Conseillère d’orientation', 'Élu délégué à l’emploi', 'Présidente', 'Trésorier', 'Proviseur adjoint', 'Chargée de développement']
const SUMMARIES = [
  'Présentation du réseau Vitawin et de ses actions.', 'Point sur la participation au programme Q2ER.', 'Proposition d’accueillir des stagiaires de 3e.',
  'Échange sur les besoins de recrutement en alternance.', 'Invitation à l’afterwork du réseau.', 'Préparation du forum des métiers.',
  'Retour sur la dernière séquence en lycée : très positif.', 'Mise en relation avec un établissement scolaire de la commune.',
  'Discussion sur un engagement en mentorat.', 'Relance pour la signature de la charte Vitawin.', 'Visite des locaux avec une classe de seconde.',
]
const NEXT_STEPS = ['Envoyer la plaquette du réseau', 'Rappeler pour fixer une date', 'Proposer une intervention en classe', 'Confirmer la participation', 'Transmettre la convention de stage', 'Inviter au prochain COPIL']
const ANIMATORS = ['Camille Laurent', 'Samir Haddad']
const STREETS = ['rue de la République', 'avenue du Général de Gaulle', 'rue de Paris', 'boulevard de Strasbourg', 'quai de la Marne', 'rue Jean Jaurès', 'avenue des Tilleuls', 'rue Victor Hugo']
const NAF = ['1071C', '4332A', '4322A', '4520A', '1812Z', '4773Z', '6920Z', '6201Z', '5610A', '4711D', '8559A', '4941A', '7112B', '7022Z', '9602A']
const BANDS = ['NN', '00', '01', '02', '03', '11', '12', '21', '22']
const LEVELS_BY_OFFER: Record<string, string[]> = {
  temoignage: ['3e', 'seconde', 'premiere', 'terminale'],
  intervention: ['4e', '3e', 'seconde'],
  accueil_stagiaires: ['3e', 'seconde'],
  embauche_alternants: ['bts', 'cap'],
  mentorat: ['seconde', 'premiere', 'bts'],
  forum_metiers: ['4e', '3e'],
  visite_entreprise: ['3e', 'seconde', 'premiere'],
  simulation_entretiens: ['terminale', 'bts'],
}

function luhnComplete(prefix: string): string {
  for (let digit = 0; digit <= 9; digit++) {
    const candidate = `${prefix}${digit}`
    let sum = 0
    for (let i = 0; i < candidate.length; i++) {
      let d = candidate.charCodeAt(candidate.length - 1 - i) - 48
      if (i % 2 === 1) {
        d *= 2
        if (d > 9) d -= 9
      }
      sum += d
    }
    if (sum % 10 === 0) return candidate
  }
  throw new Error('unreachable')
}

export function fictionalSiret(random: Random, serial: number): string {
  // SIREN starting with 9 then the serial (unique), completed with valid Luhn keys.
  const siren = luhnComplete(`9${String(serial).padStart(7, '0')}`)
  return luhnComplete(`${siren}${String(random.int(1, 999)).padStart(4, '0')}`)
}

function isoDaysAgo(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - days)
  return date.toISOString().slice(0, 10)
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
}

function phone(random: Random): string {
  return `+3319900${String(random.int(0, 9999)).padStart(4, '0')}`
}

export interface SeededActors {
  organisations: { id: number; profile: string; town: string | null; vitawiner: boolean }[]
  people: { id: number; profile: string; organisationId: number | null }[]
}

/** Writes the directory part of the demo dataset. Runs inside the caller's transaction. */
export function seedActors(
  sqlite: BetterSqlite3.Database,
  random: Random,
  scale: ActorsScale,
  today: string,
  progress: (phase: string, done: number, total: number) => void,
): SeededActors {
  const towns = sqlite.prepare('select insee_code, name from towns order by sort_order').all() as { insee_code: string; name: string }[]
  const postal = new Map((sqlite.prepare('select insee_code, min(postal_code) p from town_postal_codes group by insee_code').all() as { insee_code: string; p: string }[]).map((row) => [row.insee_code, row.p]))
  const offerTypes = sqlite.prepare('select code from offer_types order by sort_order').pluck().all() as string[]
  const fields = sqlite.prepare('select code from action_fields order by sort_order').pluck().all() as string[]

  const insertOrganisation = sqlite.prepare(
    `insert into organisations (name, profile_code, town_code, outside_town, siret, siren, rna, uai, email, phone, website, address, postal_code,
       naf_code, workforce_band, status, joined_on, notes, source, created_at, updated_at)
     values (@name, @profile, @town, @outside, @siret, @siren, @rna, @uai, @email, @phone, @website, @address, @postal, @naf, @band,
       @status, @joined, @notes, @source, @created, @created)`,
  )
  const insertPerson = sqlite.prepare(
    `insert into people (first_name, last_name, profile_code, town_code, email, phone, job_title, status, joined_on, notes, created_at, updated_at)
     values (@first, @last, @profile, @town, @email, @phone, @job, @status, @joined, @notes, @created, @created)`,
  )
  const insertAffiliation = sqlite.prepare('insert into affiliations (person_id, organisation_id, role, started_on) values (?, ?, ?, ?)')
  const insertTag = sqlite.prepare('insert into tags (name) values (?) on conflict do nothing')
  const tagId = sqlite.prepare('select id from tags where name = ?').pluck()
  const insertActorTag = sqlite.prepare('insert or ignore into actor_tags (tag_id, organisation_id, person_id) values (?, ?, ?)')
  const insertNetwork = sqlite.prepare('insert into networks (name) values (?) on conflict do nothing')
  const networkId = sqlite.prepare('select id from networks where name = ?').pluck()
  const insertActorNetwork = sqlite.prepare('insert or ignore into actor_networks (network_id, organisation_id, person_id) values (?, ?, ?)')
  const insertField = sqlite.prepare('insert or ignore into actor_action_fields (field_code, organisation_id, person_id) values (?, ?, ?)')
  const insertOffer = sqlite.prepare(
    'insert into engagement_offers (organisation_id, person_id, offer_type_code, capacity, school_levels, availability) values (?, ?, ?, ?, ?, ?)',
  )
  const insertRequest = sqlite.prepare(
    `insert into actor_requests (organisation_id, kind, title, description, school_level, quantity, wanted_on, status) values (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertInteraction = sqlite.prepare(
    `insert into interactions (organisation_id, person_id, contact_person_id, kind, occurred_on, animator, summary, next_step, next_step_due_on, next_step_done_on)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )

  for (const tag of TAGS) insertTag.run(tag)
  for (const network of NETWORKS) insertNetwork.run(network)
  const tagIds = TAGS.map((tag) => tagId.get(tag) as number)
  const networkIds = NETWORKS.map((network) => networkId.get(network) as number)

  const seeded: SeededActors = { organisations: [], people: [] }
  const total = scale.companies + scale.associations + scale.schools + scale.institutions + towns.length
  const small = scale.companies < 1000
  let serial = 0
  const addOrganisation = (profile: string, name: string, extra: Partial<Record<string, unknown>> = {}, fixedTown?: { insee_code: string; name: string }) => {
    const town = fixedTown ?? (random.chance(0.04) ? null : random.pick(towns))
    const vitawiner = random.chance(small ? (profile === 'entreprise' ? 0.3 : 0.5) : profile === 'entreprise' ? 0.004 : 0.02)
    const created = isoDaysAgo(today, random.int(30, 2400))
    const result = insertOrganisation.run({
      name,
      profile,
      town: town?.insee_code ?? null,
      outside: town ? null : random.pick(['Paris 12e', 'Créteil', 'Montreuil', 'Noisy-le-Grand']),
      siret: null,
      siren: null,
      rna: null,
      uai: null,
      email: random.chance(0.7) ? `contact@${slug(name)}-${serial}.exemple.fr` : null,
      phone: random.chance(0.6) ? phone(random) : null,
      website: null,
      address: random.chance(0.8) ? `${random.int(1, 180)} ${random.pick(STREETS)}` : null,
      postal: town ? (postal.get(town.insee_code) ?? null) : null,
      naf: null,
      band: null,
      status: vitawiner ? 'vitawiner' : random.chance(0.03) ? 'ancien' : 'prospect',
      joined: vitawiner ? isoDaysAgo(today, random.int(10, 2200)) : null,
      notes: random.chance(0.15) ? 'Donnée fictive de démonstration. Contact chaleureux, intéressé par les actions du réseau.' : null,
      source: 'demo',
      created: `${created}T09:00:00.000Z`,
      ...extra,
    })
    const id = Number(result.lastInsertRowid)
    seeded.organisations.push({ id, profile, town: town?.insee_code ?? null, vitawiner })
    if (seeded.organisations.length % 2000 === 0) progress('Organisations', seeded.organisations.length, total)
    return { id, vitawiner }
  }

  for (const town of towns) addOrganisation('collectivite', `Ville de ${town.name} (service emploi, fictif)`, {}, town)
  for (const name of INSTITUTIONS.slice(0, Math.min(INSTITUTIONS.length, scale.institutions))) addOrganisation('institution', name)
  for (let i = INSTITUTIONS.length; i < scale.institutions; i++) addOrganisation('institution', `Institution fictive n° ${i + 1}`)
  for (let i = 0; i < scale.schools; i++) {
    const [kind] = random.pick(SCHOOL_KINDS)
    const digits = `094${String(1000 + i).padStart(4, '0')}`
    addOrganisation('education', `${kind} ${random.pick(SCHOOL_NAMES)} (fictif ${i + 1})`, { uai: `${digits}${uaiControlLetter(digits)}` })
  }
  for (let i = 0; i < scale.associations; i++) {
    serial++
    addOrganisation('association', `${random.pick(ASSOCIATION_KINDS)} ${random.pick(FANCY)} ${i + 1}`, { rna: `W94${String(1_000_000 + i).padStart(7, '0')}` })
  }
  for (let i = 0; i < scale.companies; i++) {
    serial++
    const siret = fictionalSiret(random, serial)
    addOrganisation('entreprise', `${random.pick(TRADES)} ${random.pick(LAST_NAMES)}${random.chance(0.3) ? ` ${random.pick(FANCY)}` : ''}`, {
      siret,
      siren: siret.slice(0, 9),
      naf: random.pick(NAF),
      band: random.pick(BANDS),
    })
  }

  // A few look-alikes, as a real directory has: the duplicates screen has work to show.
  const lookAlikes = Math.max(3, Math.round(scale.companies / 2000))
  for (let i = 0; i < lookAlikes; i++) {
    const original = seeded.organisations[seeded.organisations.length - 1 - i * 7]
    if (!original) break
    const row = sqlite.prepare('select name, town_code from organisations where id = ?').get(original.id) as { name: string; town_code: string | null }
    if (!row.town_code) continue
    const town = towns.find((candidate) => candidate.insee_code === row.town_code)!
    addOrganisation('entreprise', random.pick([`${row.name} SARL`, row.name.toUpperCase(), `${row.name}.`]), {}, town)
  }

  // Links of organisations: fields, tags, networks, offers, requests.
  const schools = seeded.organisations.filter((org) => org.profile === 'education')
  for (const org of seeded.organisations) {
    insertField.run(random.pick(fields), org.id, null)
    if (org.vitawiner || random.chance(0.05)) {
      if (random.chance(0.5)) insertField.run(random.pick(fields), org.id, null)
      insertActorTag.run(random.pick(tagIds), org.id, null)
      if (org.profile === 'entreprise' && random.chance(0.4)) insertActorNetwork.run(random.pick(networkIds), org.id, null)
    }
    if (org.vitawiner && org.profile !== 'education') {
      const count = random.int(1, 3)
      for (let k = 0; k < count; k++) {
        const type = random.pick(offerTypes)
        insertOffer.run(org.id, null, type, random.int(1, 6), random.sample(LEVELS_BY_OFFER[type] ?? ['3e'], 2).join(','), random.pick(['Toute l’année', 'De janvier à juin', 'Hors vacances scolaires', 'Sur demande']))
      }
    }
  }
  for (const school of schools) {
    const count = random.int(0, 2)
    for (let k = 0; k < count; k++) {
      const kind = random.pick(['intervenants', 'stage', 'visite'] as const)
      const level = random.pick(['3e', 'seconde', 'premiere', 'terminale', 'bts'])
      const titles = { intervenants: 'Intervenants pour présenter leur métier', stage: 'Places de stage d’observation', visite: 'Visite d’entreprise pour une classe' }
      insertRequest.run(school.id, kind, titles[kind], 'Demande fictive de démonstration.', level, random.int(2, 30), isoDaysAgo(today, -random.int(10, 150)), random.pick(['ouverte', 'ouverte', 'en_cours', 'satisfaite']))
    }
  }

  // People, most of them attached to an organisation.
  const attachable = seeded.organisations.filter((org) => org.profile !== 'collectivite' || random.chance(0.5))
  for (let i = 0; i < scale.people; i++) {
    const first = random.pick(FIRST_NAMES)
    const last = random.pick(LAST_NAMES)
    const organisation = random.chance(0.8) ? random.pick(attachable) : null
    const profile = organisation ? organisation.profile : random.pick(['parent', 'eleve', 'association', 'entreprise'])
    const vitawiner = organisation?.vitawiner ? random.chance(0.5) : random.chance(small ? 0.05 : 0.002)
    const created = isoDaysAgo(today, random.int(5, 2400))
    const result = insertPerson.run({
      first,
      last,
      profile,
      town: organisation ? organisation.town : random.pick(towns).insee_code,
      email: random.chance(0.75) ? `${slug(first)}.${slug(last)}.${i}@exemple.fr` : null,
      phone: random.chance(0.5) ? phone(random) : null,
      job: organisation ? random.pick(JOB_TITLES) : null,
      status: vitawiner ? 'vitawiner' : 'prospect',
      joined: vitawiner ? isoDaysAgo(today, random.int(10, 2000)) : null,
      notes: null,
      created: `${created}T10:00:00.000Z`,
    })
    const id = Number(result.lastInsertRowid)
    if (organisation) insertAffiliation.run(id, organisation.id, random.pick(JOB_TITLES), isoDaysAgo(today, random.int(30, 3000)))
    if (random.chance(0.05)) insertActorTag.run(random.pick(tagIds), null, id)
    seeded.people.push({ id, profile, organisationId: organisation?.id ?? null })
    if (i % 5000 === 0) progress('Personnes', i, scale.people)
  }

  // The journal: engaged actors get most of the interactions.
  const engaged = seeded.organisations.filter((org) => org.vitawiner)
  const contactsByOrganisation = new Map<number, number[]>()
  for (const person of seeded.people) {
    if (person.organisationId === null) continue
    const list = contactsByOrganisation.get(person.organisationId)
    if (list) list.push(person.id)
    else contactsByOrganisation.set(person.organisationId, [person.id])
  }
  for (let i = 0; i < scale.interactions; i++) {
    const onOrganisation = random.chance(0.75)
    const organisation = onOrganisation ? (random.chance(0.7) && engaged.length > 0 ? random.pick(engaged) : random.pick(seeded.organisations)) : null
    const person = onOrganisation ? null : random.pick(seeded.people)
    const contacts = organisation ? contactsByOrganisation.get(organisation.id) : undefined
    const daysAgo = random.int(0, 1100)
    const occurred = isoDaysAgo(today, daysAgo)
    const withNext = random.chance(0.35)
    const due = withNext ? isoDaysAgo(today, daysAgo - random.int(3, 40)) : null
    const done = withNext && due !== null && due < today && random.chance(0.7) ? due : null
    insertInteraction.run(
      organisation?.id ?? null,
      person?.id ?? null,
      contacts && random.chance(0.6) ? random.pick(contacts) : null,
      random.pick(['rencontre', 'appel', 'email', 'evenement', 'visite']),
      occurred,
      random.pick(ANIMATORS),
      random.pick(SUMMARIES),
      withNext ? random.pick(NEXT_STEPS) : null,
      due,
      done,
    )
    if (i % 10000 === 0) progress('Journal des échanges', i, scale.interactions)
  }
  return seeded
}

export { ANIMATORS }
