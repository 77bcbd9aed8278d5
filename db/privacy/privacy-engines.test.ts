import { describe, expect, it } from 'vitest'
import { caught } from '../../tests/helpers/errors'
import { ENGINES, engineDb, writeAuditOperation } from '../../tests/helpers/engines'
import { runAuditOperation, withoutAudit } from '../audit/context'
import type { Db } from '../schema'
import { listConsents } from './consents'
import { anonymiseSubjects } from './person-erasure'
import { exportSubject, findSubjects, resolveSubject } from './person-export'
import { DEFAULT_RETENTION } from './register'
import { previewPurge, runPurge } from './retention'

// One person's export and erasure, and the retention purge, the same way on SQLite and
// PostgreSQL. The records are arranged without audit and the trail is written as the triggers
// would (PostgreSQL's are not in yet), so that what is read and redacted is the same on both.

const TODAY = '2026-12-03'

async function arrange(db: Db) {
  return withoutAudit(async () => {
    const { id: school } = await db
      .insertInto('organisations')
      .values({ name: 'Lycée Robert Schuman', profileCode: 'education', notes: 'Référente : Nadia Benali' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { id: nadia } = await db
      .insertInto('people')
      .values({ firstName: 'Nadia', lastName: 'Benali', profileCode: 'education', email: 'nadia.benali@exemple.fr', phone: '06 12 34 56 78', notes: 'Rencontrée au forum', jobTitle: 'Professeure' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { id: paul } = await db.insertInto('people').values({ firstName: 'Paul', lastName: 'Durand', profileCode: 'entreprise', notes: 'Connaît Nadia' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('affiliations').values({ personId: nadia, organisationId: school, role: 'Professeure' }).execute()
    // A table keyed by two codes rather than an id.
    await db.insertInto('impactNarratives').values({ dimensionCode: 'performance', period: '2025-2026', text: 'Témoignage de Nadia Benali, professeure' }).execute()
    const { id: call } = await db
      .insertInto('interactions')
      .values({ personId: nadia, kind: 'appel', occurredOn: '2026-01-12', animator: 'Camille', summary: 'Appel à Nadia pour le forum' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await writeAuditOperation(db, { kind: 'actors.createPerson', label: 'Création d’une personne', animator: 'Camille' }, [
      { action: 'insert', table: 'people', rowId: nadia, changes: { first_name: 'Nadia', last_name: 'Benali', email: 'nadia.benali@exemple.fr' }, subjects: [`people:${nadia}`] },
      { action: 'insert', table: 'interactions', rowId: call, changes: { person_id: nadia, summary: 'Appel à Nadia pour le forum' }, subjects: [`people:${nadia}`] },
    ])
    await writeAuditOperation(db, { kind: 'actors.updateOrganisation', label: 'Fiche modifiée', animator: 'Camille' }, [
      { action: 'update', table: 'organisations', rowId: school, changes: { notes: [null, 'Référente : NADIA BENALI'] }, subjects: [`organisations:${school}`] },
    ])
    return { school, nadia, paul, call }
  })
}

async function auditTexts(db: Db): Promise<string[]> {
  return (await db.selectFrom('auditLog').select('changes').orderBy('id').execute()).map((row) => row.changes)
}

describe.each(ENGINES)('one person’s data on %s', (engine) => {
  it('is found by name or e-mail, and exported: the record, every row that refers to it, mentions elsewhere, history', async () => {
    const db = await engineDb(engine)
    const { nadia, school } = await arrange(db)
    expect((await findSubjects(db, 'BÉNALI')).map((candidate) => candidate.key)).toEqual([`p${nadia}`])
    expect(await resolveSubject(db, 'NADIA.Benali@exemple.fr')).toEqual({ table: 'people', id: nadia })
    expect((await caught(resolveSubject(db, 'personne@exemple.fr'))).code).toBe('not_found')

    const data = await exportSubject(db, { table: 'people', id: nadia })
    expect(data.subject).toEqual({ key: `p${nadia}`, kind: 'contact', id: nadia, name: 'Nadia Benali', anonymised: false })
    expect(data.sections.map((section) => [section.table, section.via, section.rows.length])).toEqual([
      ['people', '', 1],
      ['affiliations', 'person_id', 1],
      ['interactions', 'person_id', 1],
    ])
    expect(data.sections[0]!.rows[0]).toMatchObject({ id: nadia, first_name: 'Nadia', last_name: 'Benali', email: 'nadia.benali@exemple.fr' })
    expect(data.mentions).toEqual([
      { table: 'impact_narratives', tableLabel: expect.any(String), rowId: null, rowKey: '["performance","2025-2026"]', column: 'text', excerpt: 'Témoignage de Nadia Benali, professeure' },
      { table: 'organisations', tableLabel: 'Organisation', rowId: school, rowKey: null, column: 'notes', excerpt: 'Référente : Nadia Benali' },
    ])
    expect(data.history.map((entry) => entry.table)).toEqual(['interactions', 'people'])
  })

  it('is erased everywhere in one transaction: the record, the rows about them, the mentions, the audit trail', async () => {
    const db = await engineDb(engine)
    const { nadia, paul, school, call } = await arrange(db)
    const [result] = await runAuditOperation({ kind: 'privacy.person.erase', label: 'Effacement', animator: 'Camille' }, () =>
      anonymiseSubjects(db, [{ table: 'people', id: nadia }], { scanMentions: true }),
    )
    expect(result).toEqual({ key: `p${nadia}`, relatedRows: 1, mentions: 2, auditRows: 3 })
    expect(await db.selectFrom('people').select(['firstName', 'lastName', 'email', 'phone', 'notes', 'jobTitle']).where('id', '=', nadia).executeTakeFirst()).toEqual({
      firstName: 'Personne',
      lastName: `anonymisée n° ${nadia}`,
      email: null,
      phone: null,
      notes: null,
      jobTitle: null,
    })
    expect((await db.selectFrom('interactions').select('summary').where('id', '=', call).executeTakeFirstOrThrow()).summary).toBe('Appel à [personne anonymisée] pour le forum')
    expect((await db.selectFrom('organisations').select('notes').where('id', '=', school).executeTakeFirstOrThrow()).notes).toBe('Référente : [personne anonymisée]')
    expect(await db.selectFrom('impactNarratives').select('text').execute()).toEqual([{ text: 'Témoignage de [personne anonymisée], professeure' }])
    // The counts stay, and nobody else is touched.
    expect(await db.selectFrom('affiliations').select('role').where('personId', '=', nadia).execute()).toEqual([{ role: 'Professeure' }])
    expect(await db.selectFrom('people').select(['firstName', 'notes']).where('id', '=', paul).executeTakeFirst()).toEqual({ firstName: 'Paul', notes: 'Connaît Nadia' })
    const texts = (await auditTexts(db)).join('\n')
    for (const trace of ['Nadia', 'NADIA', 'Benali', 'nadia.benali']) expect(texts).not.toContain(trace)
    const summary = await db
      .selectFrom('auditLog as l')
      .innerJoin('auditOperations as o', 'o.id', 'l.operationId')
      .select(['l.action', 'l.changes', 'o.kind'])
      .where('l.action', '=', 'anonymise')
      .execute()
    expect(summary).toHaveLength(1)
    expect(summary[0]).toMatchObject({ action: 'anonymise', kind: 'privacy.person.erase' })
    expect(JSON.parse(summary[0]!.changes)).toMatchObject({ first_name: '[effacé]', last_name: '[effacé]', email: '[effacé]' })
  })

  it('is all or nothing: one person not found, and nobody is erased', async () => {
    const db = await engineDb(engine)
    const { nadia } = await arrange(db)
    const before = await auditTexts(db)
    const error = await caught(anonymiseSubjects(db, [{ table: 'people', id: nadia }, { table: 'people', id: 999_999 }], { scanMentions: true }))
    expect(error.code).toBe('not_found')
    expect(await db.selectFrom('people').select(['firstName', 'anonymisedAt']).where('id', '=', nadia).executeTakeFirst()).toEqual({ firstName: 'Nadia', anonymisedAt: null })
    expect(await auditTexts(db)).toEqual(before)
  })
})

describe.each(ENGINES)('the retention purge on %s', (engine) => {
  async function arrangePurge(db: Db) {
    const old = '2019-03-01T10:00:00.000Z'
    return withoutAudit(async () => {
      const person = async (firstName: string, lastName: string, status: 'prospect' | 'vitawiner' = 'prospect') =>
        (await db.insertInto('people').values({ firstName, lastName, profileCode: 'entreprise', status, createdAt: old, updatedAt: old }).returning('id').executeTakeFirstOrThrow()).id
      await db.insertInto('pupils').values({ firstName: 'Ancien', lastName: 'Élèvedavant', isMinor: 0, schoolYear: '2021-2022' }).execute()
      await db.insertInto('pupils').values({ firstName: 'Actuel', lastName: 'Élèvedemaintenant', isMinor: 0, schoolYear: '2026-2027' }).execute()
      const counted = await person('Oublié', 'Comptabilix')
      await db.insertInto('interactions').values({ personId: counted, kind: 'appel', occurredOn: '2019-03-01', animator: 'Camille', summary: 'Appel', createdAt: old, updatedAt: old }).execute()
      const lonely = await person('Oublié', 'Seulementix')
      const { id: tag } = await db.insertInto('tags').values({ name: 'Forum 2019' }).returning('id').executeTakeFirstOrThrow()
      await db.insertInto('actorTags').values({ personId: lonely, tagId: tag }).execute()
      await person('Fidèle', 'Membre', 'vitawiner')
      const active = await person('Actif', 'Récent')
      await db.insertInto('interactions').values({ personId: active, kind: 'appel', occurredOn: '2026-11-20', animator: 'Camille', summary: 'Appel récent', createdAt: old, updatedAt: old }).execute()
      // Still linked to an organisation (no end date): active until today.
      const linked = await person('Toujours', 'Rattaché')
      const { id: firm } = await db.insertInto('organisations').values({ name: 'Atelier', profileCode: 'entreprise' }).returning('id').executeTakeFirstOrThrow()
      await db.insertInto('affiliations').values({ personId: linked, organisationId: firm, startedOn: '2018-01-01' }).execute()
      return { counted, lonely, active, linked }
    })
  }

  it('previews what the rules would anonymise or delete, and purges exactly that, all at once', async () => {
    const db = await engineDb(engine)
    const { counted, lonely } = await arrangePurge(db)
    const preview = await previewPurge(db, DEFAULT_RETENTION, TODAY)
    expect(preview.pupils.map((pupil) => [pupil.name, pupil.action])).toEqual([['Ancien Élèvedavant', 'anonymiser']])
    expect(preview.people.map((item) => [item.key, item.action, item.lastActivity])).toEqual([
      [`p${counted}`, 'anonymiser', '2019-03-01'],
      [`p${lonely}`, 'supprimer', '2019-03-01'],
    ])

    const refused = await caught(runPurge(db, DEFAULT_RETENTION, '0'.repeat(32), TODAY))
    expect(refused.code).toBe('conflict')
    expect(await db.selectFrom('people').select('id').where('anonymisedAt', 'is not', null).execute()).toEqual([])

    const result = await runAuditOperation({ kind: 'privacy.purge.run', label: 'Purge', animator: 'Camille' }, () => runPurge(db, DEFAULT_RETENTION, preview.fingerprint, TODAY))
    expect(result).toEqual({ pupilsAnonymised: 1, peopleAnonymised: 1, peopleDeleted: 1 })
    expect((await db.selectFrom('people').select('lastName').orderBy('id').execute()).map((row) => row.lastName)).toEqual([
      `anonymisée n° ${counted}`,
      'Membre',
      'Récent',
      'Rattaché',
    ])
    expect(await db.selectFrom('actorTags').select('id').execute()).toEqual([])
    expect(await db.selectFrom('pupils').select('lastName').orderBy('id').execute()).toEqual([{ lastName: 'anonymisé' }, { lastName: 'Élèvedemaintenant' }])
    const recorded = await db.selectFrom('auditLog').select(['action', 'tableName', 'rowId']).where('action', 'in', ['anonymise', 'delete']).orderBy('id').execute()
    expect(recorded.filter((row) => row.action === 'delete')).toEqual([{ action: 'delete', tableName: 'people', rowId: lonely }])
    expect(recorded.filter((row) => row.action === 'anonymise')).toHaveLength(2)
    expect((await previewPurge(db, DEFAULT_RETENTION, TODAY)).people).toEqual([])
  })

  it('lists the named minors’ consents, the expired first', async () => {
    const db = await engineDb(engine)
    await withoutAudit(async () => {
      await db.insertInto('pupils').values({ firstName: 'Léa', lastName: 'Valide', isMinor: 1, schoolYear: '2026-2027', consentGivenBy: 'Mère', consentGivenOn: '2026-09-01', consentScope: 'Stage', consentExpiresOn: '2027-06-30' }).execute()
      await db.insertInto('pupils').values({ firstName: 'Tom', lastName: 'Expiré', isMinor: 1, schoolYear: '2026-2027', consentGivenBy: 'Père', consentGivenOn: '2025-09-01', consentScope: 'Stage', consentExpiresOn: '2026-06-30' }).execute()
    })
    expect((await listConsents(db, TODAY)).map((consent) => [consent.pupil, consent.status])).toEqual([
      ['Tom Expiré', 'expire'],
      ['Léa Valide', 'valide'],
    ])
  })
})
