import { sql, type Kysely } from 'kysely'
import { type MigrationDialect, nowDefault } from './dialect'

// Frozen in time. The core of the directory: organisations, people and who belongs where.

const STATUS_CHECK = (column: string) => sql`${sql.ref(column)} in ('prospect', 'vitawiner', 'ancien')`

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  const now = nowDefault(d)
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('profile_code', 'text', (c) => c.notNull().references('actor_profiles.code'))
    .addColumn('town_code', 'text', (c) => c.references('towns.insee_code'))
    .addColumn('outside_town', 'text')
    .addColumn('siret', 'text')
    .addColumn('siren', 'text')
    .addColumn('rna', 'text')
    .addColumn('uai', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('address', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('naf_code', 'text')
    .addColumn('workforce_band', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('prospect').check(STATUS_CHECK('status')))
    .addColumn('joined_on', 'text')
    .addColumn('notes', 'text')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('saisie'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  for (const column of ['siret', 'rna', 'uai']) {
    await db.schema
      .createIndex(`organisations_${column}_unique`)
      .on('organisations')
      .column(column)
      .unique()
      .where(sql.ref(column), 'is not', null)
      .execute()
  }
  await db.schema.createIndex('organisations_siren').on('organisations').column('siren').execute()
  await db.schema.createIndex('organisations_town').on('organisations').columns(['town_code', 'profile_code']).execute()
  await db.schema.createIndex('organisations_email').on('organisations').column('email').execute()

  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('profile_code', 'text', (c) => c.notNull().references('actor_profiles.code'))
    .addColumn('town_code', 'text', (c) => c.references('towns.insee_code'))
    .addColumn('outside_town', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('prospect').check(STATUS_CHECK('status')))
    .addColumn('joined_on', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('people_email').on('people').column('email').execute()
  await db.schema.createIndex('people_town').on('people').columns(['town_code', 'profile_code']).execute()

  await db.schema
    .createTable('affiliations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('role', 'text')
    .addColumn('started_on', 'text')
    .addColumn('ended_on', 'text')
    .execute()
  await db.schema.createIndex('affiliations_person').on('affiliations').column('person_id').execute()
  await db.schema.createIndex('affiliations_organisation').on('affiliations').column('organisation_id').execute()
}
