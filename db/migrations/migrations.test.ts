import { createRequire } from 'node:module'
import path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../tests/helpers/temp'
import { applyPragmas, connect } from '../sqlite/connection'
import { migrate, readSchemaState } from '../migrator'
import { migrations } from './index'

// Each migration: migrate to N-1, insert rows, migrate to N, check the rows.

const requireData = createRequire(import.meta.url)

function freshConnection(): BetterSqlite3.Database {
  const sqlite = connect(path.join(tempDir(), 'migration.sqlite'), {})
  applyPragmas(sqlite)
  return sqlite
}

describe('0001-reference', () => {
  it('seeds the default territory from @etalab/decoupage-administratif', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 1)
    const epts = requireData('@etalab/decoupage-administratif/data/ept.json') as {
      code: string
      membres: { code: string; nom: string; populationMunicipale: number }[]
    }[]
    const pemb = epts.find((ept) => ept.code === '200057941')!
    const towns = sqlite.prepare('select insee_code, name, population from towns order by insee_code').all() as {
      insee_code: string
      name: string
      population: number
    }[]
    expect(towns).toHaveLength(13)
    expect(towns).toEqual(
      [...pemb.membres]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((m) => ({ insee_code: m.code, name: m.nom, population: m.populationMunicipale })),
    )
    expect(towns.map((town) => town.insee_code)).toEqual([
      '94015', '94017', '94018', '94033', '94042', '94046', '94052', '94058', '94067', '94068', '94069', '94079', '94080',
    ])
    const postal = sqlite.prepare("select postal_code from town_postal_codes where insee_code = '94068' order by 1").pluck().all()
    expect(postal).toEqual(['94100', '94210'])
    expect(sqlite.prepare('select name from territory').pluck().get()).toBe('Paris Est Marne et Bois')
    sqlite.close()
  })

  it('seeds the vocabularies of the domain', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 1)
    const labels = (table: string) => sqlite.prepare(`select label from ${table} order by sort_order`).pluck().all()
    expect(labels('actor_profiles')).toEqual([
      'Associations', 'Collectivités', 'Éducation nationale', 'Entreprises', 'Institutions', 'Élèves', "Parents d'élèves",
    ])
    expect(labels('action_fields')).toEqual(['Éducation', 'Insertion / emploi', 'Développement économique', 'Cohésion territoriale'])
    expect(labels('offer_types')).toHaveLength(8)
    expect(labels('impact_dimensions')).toEqual(['Performance', 'Innovation', 'Confiance'])
    const steps = sqlite.prepare("select step_order, title from programme_step_templates where programme_code = 'q2er' order by step_order").all()
    expect(steps).toHaveLength(7)
    expect(steps[0]).toEqual({ step_order: 1, title: 'Professeurs en entreprise' })
    expect(steps[6]).toEqual({ step_order: 7, title: 'Clôture' })
    sqlite.close()
  })
})

describe('0002-actors', () => {
  it('keeps the rows written at version 1 and adds the directory', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 1)
    sqlite.prepare("insert into settings (key, value) values ('animator', '\"Camille\"')").run()
    sqlite.prepare("update towns set population = 1 where insee_code = '94080'").run()
    await migrate(sqlite, 2)
    expect(sqlite.prepare("select value from settings where key = 'animator'").pluck().get()).toBe('"Camille"')
    expect(sqlite.prepare("select population from towns where insee_code = '94080'").pluck().get()).toBe(1)
    const insert = sqlite.prepare(
      "insert into organisations (name, profile_code, town_code, siret) values (?, 'entreprise', '94018', ?)",
    )
    insert.run('Boulangerie A', '73282932000074')
    expect(() => insert.run('Boulangerie B', '73282932000074')).toThrow(/UNIQUE/)
    expect(() =>
      sqlite.prepare("insert into organisations (name, profile_code, town_code) values ('X', 'inconnu', '94018')").run(),
    ).toThrow(/FOREIGN KEY/)
    expect(sqlite.prepare("select status, source from organisations where name = 'Boulangerie A'").get()).toEqual({
      status: 'prospect',
      source: 'saisie',
    })
    sqlite.close()
  })
})

describe('migration runner', () => {
  it('lists migrations in order with unique names', () => {
    const names = migrations.map((migration) => migration.name)
    expect([...names].sort()).toEqual(names)
    expect(new Set(names).size).toBe(names.length)
  })

  it('rolls every pending step back when one fails', async () => {
    const sqlite = freshConnection()
    const failing = [
      ...migrations,
      { name: '9998-ok', up: async () => void sqlite.exec('select 1') },
      {
        name: '9999-broken',
        up: async (db: Parameters<(typeof migrations)[number]['up']>[0]) => {
          await db.schema.createTable('half_done').addColumn('id', 'integer').execute()
          throw new Error('boom')
        },
      },
    ]
    await migrate(sqlite, migrations.length)
    await expect(migrate(sqlite, failing.length, failing)).rejects.toThrow('boom')
    expect(readSchemaState(sqlite).version).toBe(migrations.length)
    expect(sqlite.prepare("select count(*) from sqlite_master where name = 'half_done'").pluck().get()).toBe(0)
    sqlite.close()
  })
})
