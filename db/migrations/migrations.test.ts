import { createRequire } from 'node:module'
import path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../tests/helpers/temp'
import { applyPragmas, connect } from '../sqlite/connection'
import { migrate, readSchemaState } from '../sqlite/migrator'
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

describe('0003-crm', () => {
  it('indexes the directory written at version 2 and adds the CRM tables', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 2)
    sqlite.prepare("insert into organisations (name, profile_code, town_code, notes) values ('Boulangerie Hélène', 'entreprise', '94080', 'Fournit le forum')").run()
    sqlite.prepare("insert into people (first_name, last_name, profile_code) values ('Zoé', 'Cœurderoy', 'parent')").run()
    await migrate(sqlite, 3)
    const match = (query: string) => sqlite.prepare('select rowid from search_index where search_index match ? order by rowid').pluck().all(query)
    expect(match('"helene"*')).toEqual([4])
    expect(match('"coeurderoy"')).toEqual([5])
    expect(match('"forum"')).toEqual([4])
    expect(sqlite.prepare('select sirene_state, closed_on from organisations').get()).toEqual({ sirene_state: null, closed_on: null })
    expect(sqlite.prepare('select count(*) from school_levels').pluck().get()).toBe(11)
    sqlite.prepare("insert into interactions (organisation_id, kind, occurred_on, animator, summary) values (1, 'appel', '2026-01-01', 'Camille', 'Premier appel')").run()
    expect(() => sqlite.prepare("insert into interactions (organisation_id, person_id, kind, occurred_on, animator, summary) values (1, 1, 'appel', '2026-01-01', 'C', 'x')").run()).toThrow(/CHECK/)
    sqlite.close()
  })
})

describe('0004-groups-copil', () => {
  it('keeps the CRM rows and adds groups and the COPIL, with searchable minutes', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 3)
    sqlite.prepare("insert into organisations (name, profile_code) values ('Club Gravelle', 'association')").run()
    sqlite.prepare("insert into interactions (organisation_id, kind, occurred_on, animator, summary) values (1, 'rencontre', '2026-01-01', 'Camille', 'Rencontre')").run()
    await migrate(sqlite, 4)
    expect(sqlite.prepare('select count(*) from interactions').pluck().get()).toBe(1)
    sqlite.prepare("insert into working_groups (name, pilot_association_id) values ('Stages', 1)").run()
    sqlite.prepare("insert into group_meetings (group_id, held_on, minutes) values (1, '2026-02-01', 'Relevé : parrainage des collégiens')").run()
    expect(sqlite.prepare("select rowid from search_index where search_index match '\"parrainage\"'").pluck().all()).toEqual([7])
    sqlite.prepare("insert into copil_sessions (reference, held_on) values ('COPIL-2026-03', '2026-03-01')").run()
    sqlite.prepare("insert into copil_decisions (reference, session_id, text, kind) values ('COPIL-2026-03-D1', 1, 'Décider', 'budget')").run()
    expect(() => sqlite.prepare("insert into copil_decisions (reference, session_id, text, kind) values ('COPIL-2026-03-D2', 1, 'x', 'autre')").run()).toThrow(/CHECK/)
    expect(() => sqlite.prepare('delete from copil_sessions where id = 1').run()).toThrow(/FOREIGN KEY/)
    sqlite.close()
  })
})

describe('0005-programmes', () => {
  it('keeps the groups, seeds the programmes and refuses a named minor without consent', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 4)
    sqlite.prepare("insert into working_groups (name) values ('Stages')").run()
    sqlite.prepare("insert into proposed_actions (group_id, title) values (1, 'Annuaire des stages')").run()
    await migrate(sqlite, 5)
    expect(sqlite.prepare('select title, edition_id from proposed_actions').get()).toEqual({ title: 'Annuaire des stages', edition_id: null })
    expect(sqlite.prepare('select code from programmes order by id').pluck().all()).toEqual(['q2er', 'mentorat', 'conferences', 'forum', 'afterwork', 'clee'])
    expect(() => sqlite.prepare("insert into pupils (first_name, last_name, is_minor, school_year) values ('Léa', 'M.', 1, '2025-2026')").run()).toThrow(/CHECK/)
    sqlite.prepare("insert into pupils (first_name, last_name, is_minor, school_year, consent_given_by, consent_given_on, consent_scope) values ('Léa', 'M.', 1, '2025-2026', 'Mère', '2025-09-10', 'Stage')").run()
    expect(() => sqlite.prepare("insert into editions (programme_id, school_year, title) values (1, '2025', 'x')").run()).toThrow(/CHECK/)
    sqlite.close()
  })
})

describe('0006-indicators', () => {
  it('keeps the programmes and adds the indicator catalogue, targets and narratives', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 5)
    sqlite.prepare("insert into editions (programme_id, school_year, title) values (1, '2025-2026', 'Q2ER 2025-2026')").run()
    await migrate(sqlite, 6)
    expect(sqlite.prepare('select title from editions').pluck().get()).toBe('Q2ER 2025-2026')
    expect(sqlite.prepare("select count(*) from indicators where source = 'computed'").pluck().get()).toBe(14)
    expect(sqlite.prepare("select dimension_code from indicators where code = 'eleves_touches'").pluck().get()).toBe('performance')
    sqlite.prepare("insert into indicator_targets (indicator_code, period, target) values ('eleves_touches', '2025-2026', 250)").run()
    expect(() => sqlite.prepare("insert into indicator_targets (indicator_code, period, target) values ('inconnu', '2025-2026', 1)").run()).toThrow(/FOREIGN KEY/)
    sqlite.close()
  })
})

describe('0007-audit-privacy', () => {
  it('keeps the people, adds their anonymisation date and the empty audit trail', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 6)
    sqlite.prepare("insert into people (first_name, last_name, profile_code) values ('Ada', 'Lovelace', 'entreprise')").run()
    await migrate(sqlite, 7)
    expect(sqlite.prepare('select first_name, anonymised_at from people').get()).toEqual({ first_name: 'Ada', anonymised_at: null })
    for (const table of ['audit_operations', 'audit_log', 'audit_subjects']) expect(sqlite.prepare(`select count(*) from ${table}`).pluck().get()).toBe(0)
    expect(() => sqlite.prepare("insert into audit_log (operation_id, at, action, table_name, changes) values (1, 'x', 'renamed', 'people', '{}')").run()).toThrow(/CHECK/)
    sqlite.close()
  })
})

describe('every migration', () => {
  it('has its own test in this file', async () => {
    const fs = await import('node:fs')
    const source = fs.readFileSync(new URL(import.meta.url), 'utf8')
    for (const migration of migrations) expect(source, migration.name).toContain(`describe('${migration.name}'`)
  })
})

describe('0008-journal-summary', () => {
  it('keeps the journal and answers each actor’s summary from the new indexes', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 7)
    sqlite.prepare("insert into organisations (name, profile_code) values ('Club', 'association')").run()
    sqlite.prepare("insert into interactions (organisation_id, kind, occurred_on, animator, summary, next_step, next_step_due_on) values (1, 'appel', '2026-01-05', 'Camille', 'Appel', 'Relancer', '2026-02-01')").run()
    await migrate(sqlite, 8)
    const plan = sqlite
      .prepare("explain query plan select organisation_id, max(occurred_on) from interactions indexed by interactions_organisation_summary where organisation_id is not null group by organisation_id")
      .all() as { detail: string }[]
    expect(plan.map((row) => row.detail).join(' ')).toContain('COVERING INDEX interactions_organisation_summary')
    expect(sqlite.prepare('select max(occurred_on) from interactions where organisation_id = 1').pluck().get()).toBe('2026-01-05')
    sqlite.close()
  })
})

describe('0009-pupils-reached-mentees', () => {
  it('keeps the targets and says that the pupils reached include the mentored ones', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 8)
    sqlite.prepare("insert into indicator_targets (indicator_code, period, target) values ('eleves_touches', '2025-2026', 250)").run()
    await migrate(sqlite, 9)
    expect(sqlite.prepare("select description from indicators where code = 'eleves_touches'").pluck().get()).toMatch(/élèves mentorés/)
    expect(sqlite.prepare("select target from indicator_targets where indicator_code = 'eleves_touches'").pluck().get()).toBe(250)
    sqlite.close()
  })
})

describe('0010-foreign-key-indexes', () => {
  // Lists nobody deletes from: a reference to them needs no index.
  const REFERENCE_LISTS = new Set(['actor_profiles', 'offer_types', 'school_levels', 'towns', 'impact_dimensions', 'action_fields'])

  it('indexes every column that refers to a record users delete, from then on', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 9)
    sqlite.prepare("insert into people (first_name, last_name, profile_code) values ('Ada', 'Lovelace', 'entreprise')").run()
    await migrate(sqlite, migrations.length)
    const unindexed: string[] = []
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[]
    for (const table of tables) {
      const keys = sqlite.prepare(`select "table" as parent, "from" as column from pragma_foreign_key_list(?)`).all(table) as { parent: string; column: string }[]
      const leading = new Set(
        (sqlite.prepare('select name from pragma_index_list(?)').pluck().all(table) as string[]).map(
          (index) => sqlite.prepare('select name from pragma_index_info(?) where seqno = 0').pluck().get(index) as string,
        ),
      )
      for (const key of keys) if (!REFERENCE_LISTS.has(key.parent) && !leading.has(key.column)) unindexed.push(`${table}.${key.column} → ${key.parent}`)
    }
    expect(unindexed).toEqual([])
    const plan = sqlite.prepare('explain query plan select id from interactions where contact_person_id = ?').all(1) as { detail: string }[]
    expect(plan.map((row) => row.detail).join(' ')).toContain('interactions_contact_person')
    expect(sqlite.prepare('select last_name from people').pluck().get()).toBe('Lovelace')
    sqlite.close()
  })
})

describe('0011-import-contacts-undo', () => {
  it('keeps the saved mappings, accepts contacts files, and marks an operation undone', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 10)
    sqlite.prepare(`insert into import_mappings (name, target, mapping) values ('Export CCI', 'organisations', '{"mapping":{"structure":"name"}}')`).run()
    expect(() => sqlite.prepare(`insert into import_mappings (name, target, mapping) values ('Contacts', 'contacts', '{}')`).run()).toThrow(/CHECK/)
    sqlite.prepare("insert into audit_operations (token, started_at, kind, label) values ('t1', '2026-01-05T10:00:00Z', 'actors.import.commit', 'Import')").run()
    await migrate(sqlite, 11)
    expect(sqlite.prepare('select id, name, target, mapping from import_mappings').all()).toEqual([{ id: 1, name: 'Export CCI', target: 'organisations', mapping: '{"mapping":{"structure":"name"}}' }])
    sqlite.prepare(`insert into import_mappings (name, target, mapping) values ('Contacts', 'contacts', '{}')`).run()
    expect(() => sqlite.prepare(`insert into import_mappings (name, target, mapping) values ('Élèves', 'pupils', '{}')`).run()).toThrow(/CHECK/)
    expect(() => sqlite.prepare(`insert into import_mappings (name, target, mapping) values ('Export CCI', 'people', '{}')`).run()).toThrow(/UNIQUE/)
    sqlite.prepare("insert into audit_operations (token, started_at, kind, label) values ('t2', '2026-01-06T10:00:00Z', 'actors.import.undo', 'Annulation')").run()
    sqlite.prepare('update audit_operations set undone_by = 2 where id = 1').run()
    expect(sqlite.prepare('select id, undone_by from audit_operations order by id').all()).toEqual([
      { id: 1, undone_by: 2 },
      { id: 2, undone_by: null },
    ])
    expect(() => sqlite.prepare('update audit_operations set undone_by = 99 where id = 2').run()).toThrow(/FOREIGN KEY/)
    sqlite.close()
  })
})

describe('0012-follow-ups-by-animator', () => {
  it('keeps the journal and finds one animator’s open follow-ups through the new index', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 11)
    sqlite.prepare("insert into organisations (name, profile_code) values ('Club', 'association')").run()
    const insert = sqlite.prepare("insert into interactions (organisation_id, kind, occurred_on, animator, summary, next_step, next_step_due_on, next_step_done_on) values (1, 'appel', '2026-01-05', ?, 'Appel', 'Relancer', ?, ?)")
    insert.run('Camille', '2026-02-01', null)
    insert.run('Camille', '2026-01-20', '2026-01-19')
    insert.run('Samir', '2026-02-03', null)
    await migrate(sqlite, 12)
    const query = "select id, next_step_due_on from interactions where next_step is not null and next_step_done_on is null and animator = ? and next_step_due_on < ? order by next_step_due_on desc"
    const plan = sqlite.prepare(`explain query plan ${query}`).all('Camille', '2026-03-01') as { detail: string }[]
    expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX interactions_follow_up_animator (animator=?')
    expect(sqlite.prepare(query).all('Camille', '2026-03-01')).toEqual([{ id: 1, next_step_due_on: '2026-02-01' }])
    sqlite.close()
  })
})

describe('0013-record-versions', () => {
  it('puts every record a form edits at version 1, and moves it on at every update, once', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 12)
    sqlite.prepare("insert into organisations (name, profile_code) values ('Club', 'association')").run()
    sqlite.prepare("insert into interactions (organisation_id, kind, occurred_on, animator, summary) values (1, 'appel', '2026-01-05', 'Camille', 'Appel')").run()
    await migrate(sqlite, 13)
    expect(sqlite.prepare('select name, version from organisations').all()).toEqual([{ name: 'Club', version: 1 }])
    sqlite.prepare("update organisations set notes = 'Adhérent' where id = 1").run()
    sqlite.prepare('update organisations set notes = null, version = version + 1 where id = 1 and version = 2').run()
    sqlite.prepare("update interactions set summary = 'Appel du lundi'").run()
    expect(sqlite.prepare('select version from organisations').pluck().get()).toBe(3)
    expect(sqlite.prepare('select version from interactions').pluck().get()).toBe(2)
    expect(() => sqlite.prepare('update organisations set version = null').run()).toThrow(/NOT NULL/)
    sqlite.close()
  })
})

describe('0014-journal-animators', () => {
  it('keeps the journal and reads its animators from one name to the next on the new index', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 13)
    sqlite.prepare("insert into organisations (name, profile_code) values ('Club', 'association')").run()
    const insert = sqlite.prepare("insert into interactions (organisation_id, kind, occurred_on, animator, summary) values (1, 'appel', '2026-01-05', ?, 'Appel')")
    for (const animator of ['Samir', 'Camille', 'Samir', 'Adèle']) insert.run(animator)
    await migrate(sqlite, 14)
    const plan = sqlite.prepare('explain query plan select min(animator) from interactions where animator > ?').all('Camille') as { detail: string }[]
    expect(plan.map((row) => row.detail).join(' ')).toContain('USING COVERING INDEX interactions_animator')
    expect(sqlite.prepare('select animator from interactions order by id').pluck().all()).toEqual(['Samir', 'Camille', 'Samir', 'Adèle'])
    sqlite.close()
  })
})

describe('0015-search-words-any-script', () => {
  it('changes nothing on SQLite, whose FTS5 tokenizer knows every script (PostgreSQL: db/postgres/migrations.test.ts)', async () => {
    const version = migrations.findIndex((migration) => migration.name === '0015-search-words-any-script') + 1
    const sqlite = freshConnection()
    await migrate(sqlite, version - 1)
    const schema = () => sqlite.prepare('select type, name, sql from sqlite_master order by name').all()
    const before = schema()
    await migrate(sqlite, version)
    expect(schema()).toEqual(before)
    expect(readSchemaState(sqlite).version).toBe(version)
    sqlite.close()
  })
})

describe('0016-request-keys', () => {
  it('keeps the audit trail, and takes each request key once (operations without one as before)', async () => {
    const sqlite = freshConnection()
    await migrate(sqlite, 15)
    const operation = sqlite.prepare("insert into audit_operations (token, started_at, animator, kind, label) values (?, '2026-01-05T10:00:00.000Z', 'Camille', 'direct', 'Modification')")
    operation.run('a')
    await migrate(sqlite, 16)
    expect(sqlite.prepare('select token, request_key, answer from audit_operations').all()).toEqual([{ token: 'a', request_key: null, answer: null }])
    operation.run('b')
    const keyed = sqlite.prepare("insert into audit_operations (token, started_at, kind, label, request_key) values (?, '2026-01-05T10:00:00.000Z', 'direct', 'Modification', 'k-1')")
    keyed.run('c')
    expect(() => keyed.run('d')).toThrow(/UNIQUE/)
    sqlite.close()
  })
})
