import { sql, type Kysely } from 'kysely'
import { type MigrationDialect, nowDefault } from './dialect'

// Frozen in time. Impact indicators: a catalogue (computed from the data or entered by hand),
// values entered by hand with their source, targets per period, and the written narrative per
// impact dimension and period.


// code, name, dimension, unit, period kind, source, description
const CATALOGUE: [string, string, string, string, string, string, string][] = [
  ['eleves_touches', 'Élèves accompagnés', 'performance', 'élèves', 'school_year', 'computed', 'Élèves des classes ayant participé à au moins une séance réalisée (chaque classe comptée une fois dans l’année, à son effectif le plus élevé).'],
  ['participations_eleves', 'Participations d’élèves aux séances', 'performance', 'participations', 'school_year', 'computed', 'Somme des élèves présents aux séances réalisées.'],
  ['seances_realisees', 'Séances réalisées', 'performance', 'séances', 'school_year', 'computed', 'Séances de programmes tenues dans l’année.'],
  ['heures_intervention', "Heures d'intervention", 'performance', 'heures', 'school_year', 'computed', 'Heures d’intervention des professionnels lors des séances réalisées.'],
  ['stages_trouves', 'Stages et alternances trouvés', 'performance', 'stages', 'school_year', 'computed', 'Stages et contrats d’alternance commencés dans l’année (hors annulés).'],
  ['mentors', 'Mentors engagés', 'performance', 'mentors', 'school_year', 'computed', 'Mentors ayant un binôme actif pendant l’année.'],
  ['acteurs_engages', 'Acteurs engagés', 'confiance', 'acteurs', 'school_year', 'computed', 'Organisations et personnes ayant participé à une action dans l’année (séance, stage, mentorat, groupe de travail, COPIL, partenariat d’édition), chacune comptée une fois.'],
  ['entreprises_engagees', 'Entreprises engagées', 'confiance', 'entreprises', 'school_year', 'computed', 'Parmi les acteurs engagés, les organisations au profil Entreprises.'],
  ['communes_couvertes', 'Communes couvertes', 'confiance', 'communes', 'school_year', 'computed', 'Communes du territoire où une action a eu lieu ou d’où vient un acteur engagé.'],
  ['nouveaux_vitawiners', 'Nouveaux Vitawiners', 'confiance', 'acteurs', 'school_year', 'computed', 'Organisations et personnes ayant rejoint le réseau dans l’année.'],
  ['vitawiners', 'Vitawiners (fin de période)', 'confiance', 'acteurs', 'school_year', 'computed', 'Membres du réseau à la fin de la période.'],
  ['reunions_tenues', 'Réunions de co-construction', 'innovation', 'réunions', 'school_year', 'computed', 'Réunions des groupes de travail et séances du COPIL tenues.'],
  ['pistes_retenues', "Pistes d'actions retenues", 'innovation', 'pistes', 'school_year', 'computed', 'Pistes d’actions des groupes de travail retenues par le COPIL dans l’année.'],
  ['satisfaction_seances', 'Satisfaction moyenne des séances', 'confiance', 'sur 5', 'school_year', 'computed', 'Moyenne des notes de satisfaction des séances réalisées.'],
  ['satisfaction_partenaires', 'Partenaires satisfaits (enquête)', 'confiance', '%', 'school_year', 'manual', 'Part des partenaires se déclarant satisfaits dans l’enquête annuelle.'],
  ['nouvelles_cooperations', 'Nouvelles coopérations nées du réseau', 'innovation', 'coopérations', 'calendar_year', 'manual', 'Coopérations nouvelles entre acteurs, relevées par les animateurs.'],
]

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  const now = nowDefault(d)
  await db.schema
    .createTable('indicators')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dimension_code', 'text', (c) => c.notNull().references('impact_dimensions.code'))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('period_kind', 'text', (c) => c.notNull().check(sql`period_kind in ('school_year', 'calendar_year')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('computed', 'manual')`))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db
    .insertInto('indicators')
    .values(
      CATALOGUE.map(([code, name, dimension, unit, periodKind, source, description], index) => ({
        code,
        name,
        dimension_code: dimension,
        unit,
        period_kind: periodKind,
        source,
        description,
        sort_order: index + 1,
      })),
    )
    .execute()

  await db.schema
    .createTable('indicator_values')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('indicator_code', 'text', (c) => c.notNull().references('indicators.code').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'real', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('measured_on', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('indicator_values_period', ['indicator_code', 'period'])
    .execute()

  await db.schema
    .createTable('indicator_targets')
    .addColumn('indicator_code', 'text', (c) => c.notNull().references('indicators.code').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('target', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_targets_pk', ['indicator_code', 'period'])
    .execute()

  await db.schema
    .createTable('impact_narratives')
    .addColumn('dimension_code', 'text', (c) => c.notNull().references('impact_dimensions.code'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('impact_narratives_pk', ['dimension_code', 'period'])
    .execute()
}
