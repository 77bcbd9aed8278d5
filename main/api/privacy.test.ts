import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { call, startTestHost } from '../../tests/helpers/api'
import { insertRow, queryRows, queryValue, runSql } from '../../tests/helpers/temp'
import { introspectionOf, quoteId } from '../../db/introspection'
import { runAuditOperation } from '../../db/audit/context'
import type { Store } from '../../db/backend'
import type { ApiHost } from './host'

// Personal data through the API host, on either engine: one person's export and erasure (gone from
// the database, its full-text index and later backups, while the counts stay), and the retention
// purge. A local file is read byte for byte, with its WAL; a team database row by row in every
// table, its search vectors included (the server's own files and backups are IT's: README « Mode
// équipe »).

async function start(): Promise<{ host: ApiHost<Store>; store: Store }> {
  const host = await startTestHost()
  await call(host, 'settings.setAnimator', { animator: 'Camille Laurent' })
  return { host, store: host.store! }
}

/** Where the words are still found: in a local file, its WAL and the given backups; in the rows of a team database. */
async function occurrences(store: Store, needles: string[], backups: string[] = []): Promise<string[]> {
  if (store.kind === 'postgres') return inRows(store, needles)
  const found: string[] = []
  for (const file of [store.file, `${store.file}-wal`, ...backups]) {
    if (!fs.existsSync(file)) continue
    const bytes = fs.readFileSync(file)
    for (const needle of needles) {
      for (const variant of new Set([needle, needle.toLowerCase(), needle.toUpperCase()])) {
        if (bytes.includes(Buffer.from(variant, 'utf8'))) found.push(`${path.basename(file)}: ${variant}`)
      }
    }
  }
  return found
}

async function inRows(store: Store, needles: string[]): Promise<string[]> {
  const found: string[] = []
  for (const table of [...(await introspectionOf(store.db).tables()), 'search_index']) {
    const text = JSON.stringify(await queryRows(store, `select * from ${quoteId(table)}`))
    for (const needle of needles) {
      for (const variant of new Set([needle, needle.toLowerCase(), needle.toUpperCase()])) if (text.includes(variant)) found.push(`${table}: ${variant}`)
    }
  }
  return found
}

const FIRST = 'Zéphyrine'
const LAST = 'Quetzalcoatlus'
const EMAIL = 'zephyrine.q@exemple-unique.fr'

async function seedPerson(host: ApiHost<Store>) {
  const store = host.store!
  const person = Number((await call(host, 'actors.createPerson', { firstName: FIRST, lastName: LAST, profileCode: 'entreprise', email: EMAIL, phone: '01 23 45 67 89', notes: `Rencontrée au forum, ${FIRST} aime les stages.` })).key.slice(1))
  const school = Number((await call(host, 'actors.createOrganisation', { name: 'Lycée Robert Schuman', profileCode: 'education', notes: `Référente : ${FIRST} ${LAST}` })).key.slice(1))
  await call(host, 'journal.add', { actor: `p${person}`, kind: 'appel', occurredOn: '2026-01-05', animator: 'Camille Laurent', summary: `Appel avec ${FIRST} : d'accord pour intervenir.` })
  await call(host, 'journal.add', { actor: `o${school}`, contactPersonId: person, kind: 'rencontre', occurredOn: '2026-01-06', animator: 'Camille Laurent', summary: `Rendez-vous avec ${LAST} ${FIRST} au lycée.` })
  await call(host, 'actors.updatePerson', { id: person, values: { firstName: FIRST, lastName: LAST, profileCode: 'entreprise', email: EMAIL, jobTitle: 'Responsable RH' } })
  // A participation that the statistics count.
  await runAuditOperation({ kind: 'test', label: 'Séance', animator: 'Camille Laurent' }, async () => {
    const edition = await insertRow(store, "insert into editions (programme_id, school_year, title) values (1, '2025-2026', 'Édition test')")
    const sequence = await insertRow(store, "insert into sequences (edition_id, step_order, title) values (?, 1, 'Visite')", edition)
    const session = await insertRow(store, "insert into sequence_sessions (sequence_id, held_on, status) values (?, '2026-02-01', 'realisee')", sequence)
    await runSql(store, "insert into session_participants (session_id, person_id, role) values (?, ?, 'intervenant')", session, person)
  })
  return { person, school }
}

describe('one person: export and erasure', () => {
  it('exports everything held about them: the record, every table that refers to them, mentions, history', async () => {
    const { host } = await start()
    const { person } = await seedPerson(host)
    const summary = await call(host, 'privacy.person.summary', { subject: `p${person}` })
    expect(summary.subject.name).toBe(`${FIRST} ${LAST}`)
    const tables = Object.fromEntries(summary.sections.map((section) => [`${section.table}.${section.via}`, section.rows]))
    expect(tables).toMatchObject({ 'people.': 1, 'interactions.person_id': 1, 'interactions.contact_person_id': 1, 'session_participants.person_id': 1 })
    expect(summary.mentions.map((mention) => `${mention.table}.${mention.column}`)).toEqual(['organisations.notes'])
    expect(summary.historyRows).toBeGreaterThanOrEqual(5)
    const exported = await call(host, 'privacy.person.export', { subject: `p${person}` })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(host.files.resolve(exported.fileId).path)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(expect.arrayContaining(['Résumé', 'Personne', 'Échange du journal', 'Mentions', 'Historique']))
    // In French: the columns' labels, codes as their labels, dates dd/mm/yyyy, ids as names.
    const rowsOf = (name: string) => {
      const values: string[][] = []
      for (const sheet of workbook.worksheets.filter((each) => each.name.startsWith(name))) {
        sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1).map((value) => String(value ?? ''))))
      }
      return values
    }
    const journal = rowsOf('Échange du journal').map((row) => row.join(' | ')).join('\n')
    expect(journal).toContain('Type')
    expect(journal).toContain('Appel')
    expect(journal).toContain('05/01/2026')
    expect(journal).toContain('Lycée Robert Schuman (n° ')
    expect(journal).not.toMatch(/\bappel\b|2026-01-05|occurred_on|contact person id/)
    const participants = rowsOf('Participant à une séance').map((row) => row.join(' | ')).join('\n')
    expect(participants).toContain('Intervenant')
    expect(participants).toContain('séance du 01/02/2026')
    const history = rowsOf('Historique').map((row) => row.join(' | ')).join('\n')
    expect(history).toContain('Fonction : — → Responsable RH')
    expect(history).toMatch(/\d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/)
    expect(history).not.toMatch(/"|\d{4}-\d{2}-\d{2}|job title/)
  })

  it('erases them from the database file, its WAL, its full-text index and later backups, and the counts stay', async () => {
    const { host, store } = await start()
    const { person } = await seedPerson(host)
    const before = await occurrences(store, [LAST])
    expect(before.length).toBeGreaterThan(0)

    const result = await call(host, 'privacy.person.erase', { subject: `p${person}`, confirm: true })
    // A local file's WAL is emptied; a team server's is IT's (README).
    expect(result.walEmptied).toBe(store.kind === 'sqlite')
    expect(result.relatedRows).toBe(2)
    expect(result.mentions).toBe(1)
    // A later backup (a team database's are not made through the API yet: the CLI's `backup` writes them, tests/unit/cli-team.test.ts).
    const backups = store.kind === 'sqlite' ? [path.join(path.dirname(store.file), 'sauvegardes', (await call(host, 'backups.create')).name)] : []
    expect(await occurrences(store, [FIRST, LAST, 'Zephyrine', EMAIL, '01 23 45 67 89'], backups)).toEqual([])

    // The row stays, nameless, and still counts.
    expect(await queryRows(store, 'select first_name, last_name, email, phone, notes, job_title, case when anonymised_at is not null then 1 else 0 end as anonymised from people where id = ?', person)).toEqual([
      {
        first_name: 'Personne',
        last_name: `anonymisée n° ${person}`,
        email: null,
        phone: null,
        notes: null,
        job_title: null,
        anonymised: 1,
      },
    ])
    expect(await queryValue(store, 'select count(*) from session_participants where person_id = ?', person)).toBe(1)
    expect(await queryValue(store, 'select count(*) from interactions where person_id = ? or contact_person_id = ?', person, person)).toBe(2)
    expect((await queryRows(store, 'select summary from interactions order by id')).map((row) => row.summary)).toEqual([
      "Appel avec [personne anonymisée] : d'accord pour intervenir.",
      'Rendez-vous avec [personne anonymisée] au lycée.',
    ])
    expect(await queryValue(store, "select notes from organisations where name = 'Lycée Robert Schuman'")).toBe('Référente : [personne anonymisée]')
    // Nor in the full-text search.
    expect(await call(host, 'search.query', { query: LAST })).toEqual([])
    // The erasure is in the history, without the erased values.
    const history = await call(host, 'audit.entries', { subject: `p${person}` })
    expect(history.entries[0]!.action).toBe('anonymise')
    expect(history.entries[0]!.changes.map((change) => change.field)).toEqual(['first_name', 'last_name', 'email', 'job_title'])
    expect(JSON.stringify(history.entries)).not.toContain(LAST)
  })

  it('erases a named pupil and the parental consent, keeping the placement', async () => {
    const { host, store } = await start()
    const host_ = Number((await call(host, 'actors.createOrganisation', { name: 'Garage Central', profileCode: 'entreprise' })).key.slice(1))
    const pupil = await runAuditOperation({ kind: 'test', label: 'Élève', animator: 'Camille Laurent' }, async () => {
      const id = await insertRow(
        store,
        "insert into pupils (first_name, last_name, is_minor, school_year, consent_given_by, consent_given_on, consent_scope, consent_expires_on) values ('Barnabé', 'Xylophagos', 1, '2025-2026', 'Mme Hortense Xylophagos', '2025-09-10', 'Stage de 3e', '2026-08-31')",
      )
      await runSql(store, "insert into placements (pupil_id, host_organisation_id, kind, started_on) values (?, ?, 'stage_3e', '2026-01-12')", id, host_)
      return id
    })
    const consents = await call(host, 'privacy.consents')
    expect(consents).toEqual([expect.objectContaining({ pupil: 'Barnabé Xylophagos', givenBy: 'Mme Hortense Xylophagos', scope: 'Stage de 3e', expiresOn: '2026-08-31' })])
    await call(host, 'privacy.person.erase', { subject: `e${pupil}`, confirm: true })
    expect(await occurrences(store, ['Xylophagos', 'Barnabé', 'Hortense'])).toEqual([])
    expect(await queryValue(store, 'select count(*) from placements where pupil_id = ?', pupil)).toBe(1)
    expect(await call(host, 'privacy.consents')).toEqual([])
  })
})

describe('retention purge', () => {
  it('previews what the rules would anonymise or delete, and purges exactly that once confirmed', async () => {
    const { host, store } = await start()
    await runAuditOperation({ kind: 'test', label: 'Données anciennes', animator: 'Camille Laurent' }, async () => {
      const old = "'2019-03-01T10:00:00.000Z'"
      // Pupils: one of a school year long over, one of this year.
      await runSql(store, "insert into pupils (first_name, last_name, is_minor, school_year) values ('Ancien', 'Élèvedavant', 0, '2021-2022')")
      await runSql(store, "insert into pupils (first_name, last_name, is_minor, school_year) values ('Actuel', 'Élèvedemaintenant', 0, ?)", `${new Date().getFullYear()}-${new Date().getFullYear() + 1}`)
      // Contacts: inactive and counted (a journal entry long ago), inactive and counted nowhere, a member, an active one.
      const counted = await insertRow(store, `insert into people (first_name, last_name, profile_code, created_at, updated_at) values ('Oublié', 'Comptabilix', 'entreprise', ${old}, ${old})`)
      await runSql(store, "insert into interactions (person_id, kind, occurred_on, animator, summary, created_at, updated_at) values (?, 'appel', '2019-03-01', 'Camille', 'Appel à Oublié Comptabilix', '2019-03-01', '2019-03-01')", counted)
      const lonely = await insertRow(store, `insert into people (first_name, last_name, profile_code, created_at, updated_at) values ('Oublié', 'Seulementix', 'entreprise', ${old}, ${old})`)
      const tag = await insertRow(store, "insert into tags (name) values ('Forum 2019')")
      await runSql(store, 'insert into actor_tags (person_id, tag_id) values (?, ?)', lonely, tag)
      await runSql(store, `insert into people (first_name, last_name, profile_code, status, created_at, updated_at) values ('Fidèle', 'Membre', 'entreprise', 'vitawiner', ${old}, ${old})`)
      const active = await insertRow(store, `insert into people (first_name, last_name, profile_code, created_at, updated_at) values ('Actif', 'Récent', 'entreprise', ${old}, ${old})`)
      // Today as SQLite's date('now') gives it (UTC).
      await runSql(store, "insert into interactions (person_id, kind, occurred_on, animator, summary) values (?, 'appel', ?, 'Camille', 'Appel récent')", active, new Date().toISOString().slice(0, 10))
    })
    const preview = await call(host, 'privacy.purge.preview')
    expect(preview.pupils.map((item) => [item.name, item.action])).toEqual([['Ancien Élèvedavant', 'anonymiser']])
    expect(preview.pupils[0]!.dueOn).toBe('2023-08-31')
    expect(preview.people.map((item) => [item.name, item.action])).toEqual([
      ['Oublié Comptabilix', 'anonymiser'],
      ['Oublié Seulementix', 'supprimer'],
    ])
    // The preview changed nothing; a purge of another list is refused.
    expect(await queryValue(store, 'select count(*) from people')).toBe(4)
    const refused = await host.call('privacy.purge.run', { fingerprint: '0'.repeat(32) })
    expect(refused.ok).toBe(false)

    const result = await call(host, 'privacy.purge.run', { fingerprint: preview.fingerprint })
    expect(result).toMatchObject({ pupilsAnonymised: 1, peopleAnonymised: 1, peopleDeleted: 1, walEmptied: store.kind === 'sqlite' })
    expect((await queryRows(store, 'select last_name from people order by id')).map((row) => row.last_name)).toEqual([expect.stringMatching(/^anonymisée n° \d+$/), 'Membre', 'Récent'])
    expect(await queryValue(store, 'select count(*) from interactions')).toBe(2)
    expect(await occurrences(store, ['Élèvedavant', 'Comptabilix', 'Seulementix'])).toEqual([])
    expect(await queryValue(store, "select count(*) from pupils where last_name = 'Élèvedemaintenant'")).toBe(1)
    const after = await call(host, 'privacy.purge.preview')
    expect(after.pupils.length + after.people.length).toBe(0)
  })
})
