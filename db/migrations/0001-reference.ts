import { createRequire } from 'node:module'
import { sql, type Kysely } from 'kysely'
import * as postgres from './0001-reference.postgres'
import { type MigrationDialect } from './dialect'

// Frozen in time: this file never imports the current schema or shared helpers.
// Reference data that ships with the product: the territory and the domain's vocabularies.

const requireData = createRequire(import.meta.url)

const DEFAULT_TERRITORY = '200057941' // EPT Paris Est Marne et Bois

interface EtalabTerritory {
  code: string
  nom: string
  type: string
  membres: { code: string; siren?: string; nom: string; populationMunicipale?: number; populationTotale?: number }[]
}
interface EtalabCommune {
  code: string
  type: string
  codesPostaux?: string[]
}

function loadTerritory(code: string) {
  const epts = requireData('@etalab/decoupage-administratif/data/ept.json') as EtalabTerritory[]
  const territory = epts.find((item) => item.code === code)
  if (!territory) throw new Error(`Territory ${code} is missing from @etalab/decoupage-administratif`)
  const communes = requireData('@etalab/decoupage-administratif/data/communes.json') as EtalabCommune[]
  const members = new Set(territory.membres.map((member) => member.code))
  const postalCodes = new Map<string, string[]>()
  for (const commune of communes) {
    if (commune.type === 'commune-actuelle' && members.has(commune.code)) {
      postalCodes.set(commune.code, commune.codesPostaux ?? [])
    }
  }
  return { territory, postalCodes }
}

const PROFILES: [string, string, 'organisation' | 'person'][] = [
  ['association', 'Associations', 'organisation'],
  ['collectivite', 'Collectivités', 'organisation'],
  ['education', 'Éducation nationale', 'organisation'],
  ['entreprise', 'Entreprises', 'organisation'],
  ['institution', 'Institutions', 'organisation'],
  ['eleve', 'Élèves', 'person'],
  ['parent', "Parents d'élèves", 'person'],
]

const ACTION_FIELDS: [string, string][] = [
  ['education', 'Éducation'],
  ['insertion_emploi', 'Insertion / emploi'],
  ['developpement_economique', 'Développement économique'],
  ['cohesion_territoriale', 'Cohésion territoriale'],
]

const OFFER_TYPES: [string, string][] = [
  ['temoignage', 'Témoignage métier / carrière'],
  ['intervention', 'Intervention / sensibilisation'],
  ['accueil_stagiaires', 'Accueil de stagiaires'],
  ['embauche_alternants', "Embauche d'alternants"],
  ['mentorat', 'Mentorat'],
  ['forum_metiers', 'Forum des métiers'],
  ['visite_entreprise', "Visite d'entreprise"],
  ['simulation_entretiens', "Simulation d'entretiens"],
]

const Q2ER_STEPS: [string, string][] = [
  ['Professeurs en entreprise', 'Visites in situ des entreprises par les professeurs.'],
  ["C'est quoi l'entreprise ?", 'Intervention de professionnels en lycée.'],
  ['Apprenez-moi à être convaincant', 'Formation des professeurs pour transmission aux élèves.'],
  ['Racontez-moi votre entreprise', 'Les élèves interviewent des dirigeants (concours).'],
  ['Booste ta réussite', "Simulations d'entretiens professionnels."],
  ['Stages en entreprise', 'Stages des élèves dans les entreprises du réseau.'],
  ['Clôture', 'Clôture du programme : Entreprise et citoyenneté.'],
]

const IMPACT_DIMENSIONS: [string, string, string][] = [
  ['performance', 'Performance', 'Performance des organisations : ce que le partenariat change pour chacun.'],
  ['innovation', 'Innovation', "Émergence de nouvelles idées et de nouvelles méthodes de travail."],
  ['confiance', 'Confiance', 'Confiance entre les acteurs du territoire et cohésion du réseau.'],
]

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  if (d.engine === 'postgres') await postgres.up(db)
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('territory')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('towns')
    .addColumn('insee_code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('siren', 'text')
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('population_total', 'integer')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('town_postal_codes')
    .addColumn('insee_code', 'text', (c) => c.notNull().references('towns.insee_code').onDelete('cascade'))
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('town_postal_codes_pk', ['insee_code', 'postal_code'])
    .execute()
  await db.schema.createIndex('town_postal_codes_postal').on('town_postal_codes').column('postal_code').execute()

  for (const table of ['actor_profiles', 'action_fields', 'offer_types', 'impact_dimensions']) {
    let builder = db.schema
      .createTable(table)
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull())
    if (table === 'actor_profiles') builder = builder.addColumn('usual_kind', 'text', (c) => c.notNull())
    if (table === 'impact_dimensions') builder = builder.addColumn('description', 'text', (c) => c.notNull())
    await builder.execute()
  }

  await db.schema
    .createTable('programme_step_templates')
    .addColumn('programme_code', 'text', (c) => c.notNull())
    .addColumn('step_order', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('programme_step_templates_pk', ['programme_code', 'step_order'])
    .execute()

  const { territory, postalCodes } = loadTerritory(DEFAULT_TERRITORY)
  await db
    .insertInto('territory')
    .values({ id: 1, code: territory.code, name: territory.nom, kind: territory.type, source: '@etalab/decoupage-administratif' })
    .execute()
  const members = [...territory.membres].sort((a, b) => a.nom.localeCompare(b.nom, 'fr'))
  await db
    .insertInto('towns')
    .values(
      members.map((member, index) => ({
        insee_code: member.code,
        name: member.nom,
        siren: member.siren ?? null,
        population: member.populationMunicipale ?? 0,
        population_total: member.populationTotale ?? null,
        sort_order: index + 1,
      })),
    )
    .execute()
  const postalRows = members.flatMap((member) =>
    (postalCodes.get(member.code) ?? []).map((postal) => ({ insee_code: member.code, postal_code: postal })),
  )
  if (postalRows.length > 0) await db.insertInto('town_postal_codes').values(postalRows).execute()

  await db
    .insertInto('actor_profiles')
    .values(PROFILES.map(([code, label, kind], index) => ({ code, label, usual_kind: kind, sort_order: index + 1 })))
    .execute()
  await db
    .insertInto('action_fields')
    .values(ACTION_FIELDS.map(([code, label], index) => ({ code, label, sort_order: index + 1 })))
    .execute()
  await db
    .insertInto('offer_types')
    .values(OFFER_TYPES.map(([code, label], index) => ({ code, label, sort_order: index + 1 })))
    .execute()
  await db
    .insertInto('impact_dimensions')
    .values(IMPACT_DIMENSIONS.map(([code, label, description], index) => ({ code, label, description, sort_order: index + 1 })))
    .execute()
  await db
    .insertInto('programme_step_templates')
    .values(Q2ER_STEPS.map(([title, description], index) => ({ programme_code: 'q2er', step_order: index + 1, title, description })))
    .execute()
}
