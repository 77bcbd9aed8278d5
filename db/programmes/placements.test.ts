import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { storeWithActors } from '../../tests/helpers/temp'
import type { Store } from '../backend'
import { deletePair, listMentoring, listPlacements, saveMentoringMeeting, savePair, savePlacement } from './placements'
import { CONSENT_REQUIRED_MESSAGE, listPupils, savePupil } from './pupils'
import type { PupilInput } from './schemas'
import { caught } from '../../tests/helpers/errors'

function setup() {
  return storeWithActors({
    college: { name: 'Collège Jean Moulin (test)', profileCode: 'education', townCode: '94079' },
    host: { name: 'Garage Leroux', profileCode: 'entreprise', townCode: '94079' },
    tutor: { firstName: 'Paul', lastName: 'Leroux', profileCode: 'entreprise' },
    mentor: { firstName: 'Nadia', lastName: 'Benali', profileCode: 'entreprise' },
  })
}

const minor = (college: number, values: Partial<PupilInput> = {}): PupilInput => ({
  firstName: 'Inès',
  lastName: 'Carvalho',
  isMinor: true,
  schoolId: college,
  levelCode: '3e',
  schoolYear: '2025-2026',
  consentGivenBy: 'Mme Carvalho (mère)',
  consentGivenOn: '2025-11-20',
  consentScope: "Stage d'observation : nom et établissement transmis à l'entreprise",
  ...values,
})

async function counts(store: Store) {
  const count = async (table: 'pupils' | 'placements' | 'mentoringPairs') =>
    Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  return { pupils: await count('pupils'), placements: await count('placements'), pairs: await count('mentoringPairs') }
}

describe('named pupils and parental consent', () => {
  it('refuses a minor without the full consent (who, when, for what), in French, and writes nothing', async () => {
    const { store, college, host } = await setup()
    for (const missing of [{ consentGivenBy: null }, { consentGivenOn: null }, { consentScope: '  ' }]) {
      const error = await caught(store.db.transaction().execute((trx) => savePupil(trx, null, minor(college, missing))))
      expect(error.message).toBe(CONSENT_REQUIRED_MESSAGE)
      expect(error.code).toBe('invalid_input')
      expect(error.details).toEqual({ field: 'consent' })
    }
    // Through a placement: neither the pupil nor the placement is saved.
    const placement = await caught(
      store.db.transaction().execute((trx) =>
        savePlacement(trx, null, { pupil: { mode: 'named', values: minor(college, { consentGivenBy: null, consentGivenOn: null, consentScope: null }) }, hostOrganisationId: host, kind: 'stage_3e', startedOn: '2025-12-08' }),
      ),
    )
    expect(placement.message).toBe(CONSENT_REQUIRED_MESSAGE)
    expect(await counts(store)).toEqual({ pupils: 0, placements: 0, pairs: 0 })
    // The database itself refuses it, whatever the path.
    await expect(sql`insert into pupils (first_name, last_name, is_minor, school_year) values ('A', 'B', 1, '2025-2026')`.execute(store.db)).rejects.toThrow(/pupils_minor_consent/)
    // An adult needs no parental consent; a minor with it is saved.
    await savePupil(store.db, null, { firstName: 'Karim', lastName: 'Saidi', isMinor: false, schoolYear: '2025-2026', levelCode: 'bts' })
    const id = await savePupil(store.db, null, minor(college))
    // Removing the consent of a saved minor is refused as well, and leaves the record as it was.
    expect((await caught(savePupil(store.db, id, minor(college, { consentScope: null })))).message).toBe(CONSENT_REQUIRED_MESSAGE)
    const pupils = await listPupils(store.db)
    expect(pupils.map((pupil) => [pupil.firstName, pupil.isMinor, pupil.consentScope])).toEqual([
      ['Inès', true, "Stage d'observation : nom et établissement transmis à l'entreprise"],
      ['Karim', false, null],
    ])
  })

  it('leaves anonymised pupils out of the list, and their record closed', async () => {
    const { store, college } = await setup()
    const id = await savePupil(store.db, null, minor(college))
    await store.db.updateTable('pupils').set({ firstName: 'Élève', lastName: 'anonymisé', consentGivenBy: null, anonymisedAt: '2026-09-01T00:00:00.000Z' }).where('id', '=', id).execute()
    expect(await listPupils(store.db)).toEqual([])
    expect((await listPupils(store.db, { includeAnonymised: true })).map((pupil) => pupil.id)).toEqual([id])
    expect((await caught(savePupil(store.db, id, minor(college)))).code).toBe('conflict')
  })
})

describe('placements', () => {
  it('places a named pupil with consent and an anonymous one, listed by school year', async () => {
    const { store, college, host, tutor } = await setup()
    const named = await savePlacement(store.db, null, {
      pupil: { mode: 'named', values: minor(college) },
      hostOrganisationId: host,
      kind: 'stage_3e',
      startedOn: '2025-12-08',
      endedOn: '2025-12-12',
      tutorPersonId: tutor,
    })
    const anonymous = await savePlacement(store.db, null, {
      pupil: { mode: 'anonymous', schoolId: college, levelCode: '3e' },
      hostOrganisationId: host,
      kind: 'stage_3e',
      startedOn: '2025-12-08',
      tutorName: 'M. Garnier',
      status: 'en_cours',
    })
    await savePlacement(store.db, null, { pupil: { mode: 'anonymous', schoolId: college, levelCode: '3e' }, hostOrganisationId: host, kind: 'stage_3e', startedOn: '2024-12-09' })
    const rows = await listPlacements(store.db, { schoolYear: '2025-2026' })
    expect(rows.map((row) => row.id).sort()).toEqual([named, anonymous].sort())
    const byId = new Map(rows.map((row) => [row.id, row]))
    expect(byId.get(named)).toMatchObject({ named: true, pupilFirstName: 'Inès', pupilIsMinor: true, schoolName: 'Collège Jean Moulin (test)', levelCode: '3e', hostName: 'Garage Leroux', tutor: 'Paul Leroux', status: 'prevu' })
    expect(byId.get(anonymous)).toMatchObject({ named: false, pupilId: null, pupilFirstName: null, schoolName: 'Collège Jean Moulin (test)', levelCode: '3e', tutor: 'M. Garnier', status: 'en_cours' })
    expect(await counts(store)).toEqual({ pupils: 1, placements: 3, pairs: 0 })

    // The anonymous mode asks for a school (not a company) and a level.
    expect((await caught(savePlacement(store.db, null, { pupil: { mode: 'anonymous', schoolId: host, levelCode: '3e' }, hostOrganisationId: host, kind: 'stage_3e', startedOn: '2025-12-08' }))).message).toMatch(
      /n'est pas un établissement scolaire/,
    )
    expect((await caught(savePlacement(store.db, named, { pupil: { mode: 'existing', pupilId: 1 }, hostOrganisationId: host, kind: 'stage_3e', startedOn: '2025-12-08', endedOn: '2025-12-01' }))).message).toMatch(
      /La fin du stage précède son début/,
    )
  })
})

describe('mentoring', () => {
  it('pairs a mentor of the directory with a named mentee, with their meetings', async () => {
    const { store, college, mentor } = await setup()
    const pair = await savePair(store.db, null, { mentorPersonId: mentor, mentee: { mode: 'named', values: minor(college, { levelCode: 'seconde' }) }, startedOn: '2025-10-06' })
    await saveMentoringMeeting(store.db, null, { pairId: pair, heldOn: '2025-11-04', notes: 'Travail sur le CV' })
    await saveMentoringMeeting(store.db, null, { pairId: pair, heldOn: '2025-12-02' })
    const [row] = await listMentoring(store.db, { schoolYear: '2025-2026' })
    expect(row).toMatchObject({ mentorName: 'Nadia Benali', menteeFirstName: 'Inès', menteeLevel: 'seconde', menteeIsMinor: true, status: 'actif' })
    expect(row!.meetings.map((meeting) => meeting.heldOn)).toEqual(['2025-12-02', '2025-11-04'])
    expect(await listMentoring(store.db, { schoolYear: '2023-2024' })).toEqual([])
    // Without consent, no pair.
    const error = await caught(
      store.db.transaction().execute((trx) => savePair(trx, null, { mentorPersonId: mentor, mentee: { mode: 'named', values: minor(college, { consentGivenBy: null }) }, startedOn: '2025-10-06' })),
    )
    expect(error.message).toBe(CONSENT_REQUIRED_MESSAGE)
    expect(await counts(store)).toEqual({ pupils: 1, placements: 0, pairs: 1 })
    await deletePair(store.db, pair)
    expect(await store.db.selectFrom('mentoringMeetings').selectAll().execute()).toEqual([])
  })
})
