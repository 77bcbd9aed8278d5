import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { call } from '../../tests/helpers/api'
import { tempDir } from '../../tests/helpers/temp'
import { runAuditOperation } from '../../db/audit/context'
import { writeMachineConfig } from '../machine-config'
import { createApiHost, type ApiHost } from './host'

// Personal data through the API host: one person's export and erasure (gone from the file, its
// WAL, its full-text index and later backups, while the counts stay), and the retention purge.

const hosts: ApiHost[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close()
})

async function start(): Promise<{ host: ApiHost; file: string; folder: string }> {
  const folder = tempDir()
  const file = path.join(folder, 'app.sqlite')
  writeMachineConfig(path.join(folder, 'machine'), { animator: 'Camille Laurent' })
  const host = await createApiHost(file, { dataDir: path.join(folder, 'machine') })
  hosts.push(host)
  return { host, file, folder }
}

/** The files where the name must not be found: the database, its WAL, and the given backups. */
function occurrences(files: string[], needles: string[]): string[] {
  const found: string[] = []
  for (const file of files) {
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

const FIRST = 'Zéphyrine'
const LAST = 'Quetzalcoatlus'
const EMAIL = 'zephyrine.q@exemple-unique.fr'

async function seedPerson(host: ApiHost) {
  const sqlite = host.store!.sqlite
  const person = Number((await call(host, 'actors.createPerson', { firstName: FIRST, lastName: LAST, profileCode: 'entreprise', email: EMAIL, phone: '01 23 45 67 89', notes: `Rencontrée au forum, ${FIRST} aime les stages.` })).key.slice(1))
  const school = Number((await call(host, 'actors.createOrganisation', { name: 'Lycée Robert Schuman', profileCode: 'education', notes: `Référente : ${FIRST} ${LAST}` })).key.slice(1))
  await call(host, 'journal.add', { actor: `p${person}`, kind: 'appel', occurredOn: '2026-01-05', animator: 'Camille Laurent', summary: `Appel avec ${FIRST} : d'accord pour intervenir.` })
  await call(host, 'journal.add', { actor: `o${school}`, contactPersonId: person, kind: 'rencontre', occurredOn: '2026-01-06', animator: 'Camille Laurent', summary: `Rendez-vous avec ${LAST} ${FIRST} au lycée.` })
  await call(host, 'actors.updatePerson', { id: person, values: { firstName: FIRST, lastName: LAST, profileCode: 'entreprise', email: EMAIL, jobTitle: 'Responsable RH' } })
  // A participation that the statistics count.
  runAuditOperation({ kind: 'test', label: 'Séance', animator: 'Camille Laurent' }, () => {
    const edition = sqlite.prepare("insert into editions (programme_id, school_year, title) values (1, '2025-2026', 'Édition test')").run().lastInsertRowid
    const sequence = sqlite.prepare("insert into sequences (edition_id, step_order, title) values (?, 1, 'Visite')").run(edition).lastInsertRowid
    const session = sqlite.prepare("insert into sequence_sessions (sequence_id, held_on, status) values (?, '2026-02-01', 'realisee')").run(sequence).lastInsertRowid
    sqlite.prepare("insert into session_participants (session_id, person_id, role) values (?, ?, 'intervenant')").run(session, person)
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
    const { host, file, folder } = await start()
    const { person } = await seedPerson(host)
    const sqlite = host.store!.sqlite
    const before = occurrences([file, `${file}-wal`], [LAST])
    expect(before.length).toBeGreaterThan(0)

    const result = await call(host, 'privacy.person.erase', { subject: `p${person}`, confirm: true })
    expect(result.walEmptied).toBe(true)
    expect(result.relatedRows).toBe(2)
    expect(result.mentions).toBe(1)
    const backup = await call(host, 'backups.create')
    const backupFile = path.join(folder, 'sauvegardes', backup.name)
    expect(occurrences([file, `${file}-wal`, backupFile], [FIRST, LAST, 'Zephyrine', EMAIL, '01 23 45 67 89'])).toEqual([])

    // The row stays, nameless, and still counts.
    expect(sqlite.prepare('select first_name, last_name, email, phone, notes, job_title, anonymised_at is not null as anonymised from people where id = ?').get(person)).toEqual({
      first_name: 'Personne',
      last_name: `anonymisée n° ${person}`,
      email: null,
      phone: null,
      notes: null,
      job_title: null,
      anonymised: 1,
    })
    expect(sqlite.prepare('select count(*) from session_participants where person_id = ?').pluck().get(person)).toBe(1)
    expect(sqlite.prepare('select count(*) from interactions where person_id = ? or contact_person_id = ?').pluck().get(person, person)).toBe(2)
    expect(sqlite.prepare('select summary from interactions order by id').pluck().all()).toEqual([
      "Appel avec [personne anonymisée] : d'accord pour intervenir.",
      'Rendez-vous avec [personne anonymisée] au lycée.',
    ])
    expect(sqlite.prepare("select notes from organisations where name = 'Lycée Robert Schuman'").pluck().get()).toBe('Référente : [personne anonymisée]')
    // Nor in the full-text search.
    expect(await call(host, 'search.query', { query: LAST })).toEqual([])
    // The erasure is in the history, without the erased values.
    const history = await call(host, 'audit.entries', { subject: `p${person}` })
    expect(history.entries[0]!.action).toBe('anonymise')
    expect(history.entries[0]!.changes.map((change) => change.field)).toEqual(['first_name', 'last_name', 'email', 'job_title'])
    expect(JSON.stringify(history.entries)).not.toContain(LAST)
  })

  it('erases a named pupil and the parental consent, keeping the placement', async () => {
    const { host, file } = await start()
    const sqlite = host.store!.sqlite
    const host_ = Number((await call(host, 'actors.createOrganisation', { name: 'Garage Central', profileCode: 'entreprise' })).key.slice(1))
    const pupil = runAuditOperation({ kind: 'test', label: 'Élève', animator: 'Camille Laurent' }, () => {
      const id = Number(
        sqlite
          .prepare(
            "insert into pupils (first_name, last_name, is_minor, school_year, consent_given_by, consent_given_on, consent_scope, consent_expires_on) values ('Barnabé', 'Xylophagos', 1, '2025-2026', 'Mme Hortense Xylophagos', '2025-09-10', 'Stage de 3e', '2026-08-31')",
          )
          .run().lastInsertRowid,
      )
      sqlite.prepare("insert into placements (pupil_id, host_organisation_id, kind, started_on) values (?, ?, 'stage_3e', '2026-01-12')").run(id, host_)
      return id
    })
    const consents = await call(host, 'privacy.consents')
    expect(consents).toEqual([expect.objectContaining({ pupil: 'Barnabé Xylophagos', givenBy: 'Mme Hortense Xylophagos', scope: 'Stage de 3e', expiresOn: '2026-08-31' })])
    await call(host, 'privacy.person.erase', { subject: `e${pupil}`, confirm: true })
    expect(occurrences([file, `${file}-wal`], ['Xylophagos', 'Barnabé', 'Hortense'])).toEqual([])
    expect(sqlite.prepare('select count(*) from placements where pupil_id = ?').pluck().get(pupil)).toBe(1)
    expect(await call(host, 'privacy.consents')).toEqual([])
  })
})

describe('retention purge', () => {
  it('previews what the rules would anonymise or delete, and purges exactly that once confirmed', async () => {
    const { host, file } = await start()
    const sqlite = host.store!.sqlite
    runAuditOperation({ kind: 'test', label: 'Données anciennes', animator: 'Camille Laurent' }, () => {
      const old = "'2019-03-01T10:00:00.000Z'"
      // Pupils: one of a school year long over, one of this year.
      sqlite.prepare("insert into pupils (first_name, last_name, is_minor, school_year) values ('Ancien', 'Élèvedavant', 0, '2021-2022')").run()
      sqlite.prepare("insert into pupils (first_name, last_name, is_minor, school_year) values ('Actuel', 'Élèvedemaintenant', 0, ?)").run(
        `${new Date().getFullYear()}-${new Date().getFullYear() + 1}`,
      )
      // Contacts: inactive and counted (a journal entry long ago), inactive and counted nowhere, a member, an active one.
      const counted = sqlite.prepare(`insert into people (first_name, last_name, profile_code, created_at, updated_at) values ('Oublié', 'Comptabilix', 'entreprise', ${old}, ${old})`).run().lastInsertRowid
      sqlite.prepare("insert into interactions (person_id, kind, occurred_on, animator, summary, created_at, updated_at) values (?, 'appel', '2019-03-01', 'Camille', 'Appel à Oublié Comptabilix', '2019-03-01', '2019-03-01')").run(counted)
      const lonely = sqlite.prepare(`insert into people (first_name, last_name, profile_code, created_at, updated_at) values ('Oublié', 'Seulementix', 'entreprise', ${old}, ${old})`).run().lastInsertRowid
      const tag = sqlite.prepare("insert into tags (name) values ('Forum 2019')").run().lastInsertRowid
      sqlite.prepare('insert into actor_tags (person_id, tag_id) values (?, ?)').run(lonely, tag)
      sqlite.prepare(`insert into people (first_name, last_name, profile_code, status, created_at, updated_at) values ('Fidèle', 'Membre', 'entreprise', 'vitawiner', ${old}, ${old})`).run()
      const active = sqlite.prepare(`insert into people (first_name, last_name, profile_code, created_at, updated_at) values ('Actif', 'Récent', 'entreprise', ${old}, ${old})`).run().lastInsertRowid
      sqlite.prepare("insert into interactions (person_id, kind, occurred_on, animator, summary) values (?, 'appel', date('now'), 'Camille', 'Appel récent')").run(active)
    })
    const preview = await call(host, 'privacy.purge.preview')
    expect(preview.pupils.map((item) => [item.name, item.action])).toEqual([['Ancien Élèvedavant', 'anonymiser']])
    expect(preview.pupils[0]!.dueOn).toBe('2023-08-31')
    expect(preview.people.map((item) => [item.name, item.action])).toEqual([
      ['Oublié Comptabilix', 'anonymiser'],
      ['Oublié Seulementix', 'supprimer'],
    ])
    // The preview changed nothing; a purge of another list is refused.
    expect(sqlite.prepare('select count(*) from people').pluck().get()).toBe(4)
    const refused = await host.call('privacy.purge.run', { fingerprint: '0'.repeat(32) })
    expect(refused.ok).toBe(false)

    const result = await call(host, 'privacy.purge.run', { fingerprint: preview.fingerprint })
    expect(result).toMatchObject({ pupilsAnonymised: 1, peopleAnonymised: 1, peopleDeleted: 1, walEmptied: true })
    expect(sqlite.prepare('select last_name from people order by id').pluck().all()).toEqual([expect.stringMatching(/^anonymisée n° \d+$/), 'Membre', 'Récent'])
    expect(sqlite.prepare('select count(*) from interactions').pluck().get()).toBe(2)
    expect(occurrences([file, `${file}-wal`], ['Élèvedavant', 'Comptabilix', 'Seulementix'])).toEqual([])
    expect(sqlite.prepare("select count(*) from pupils where last_name = 'Élèvedemaintenant'").pluck().get()).toBe(1)
    const after = await call(host, 'privacy.purge.preview')
    expect(after.pupils.length + after.people.length).toBe(0)
  })
})
