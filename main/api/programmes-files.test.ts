import { describe, expect, it } from 'vitest'
import { call, readSheet, startTestHost } from '../../tests/helpers/api'

// The mentoring pairs' workbook: one line a pair, the pupil shown as « Prénom N. », its meetings
// counted, the school year filtering.

describe('programmes.exportMentoring', () => {
  it('writes one line a pair with its meetings, filtered by school year', async () => {
    const host = await startTestHost()
    const college = Number((await call(host, 'actors.createOrganisation', { name: 'Collège Jean Moulin', profileCode: 'education', townCode: '94079' })).key.slice(1))
    const garage = Number((await call(host, 'actors.createOrganisation', { name: 'Garage Leroux', profileCode: 'entreprise' })).key.slice(1))
    const mentor = Number((await call(host, 'actors.createPerson', { firstName: 'Nadia', lastName: 'Benali', profileCode: 'entreprise' })).key.slice(1))
    await call(host, 'affiliations.save', { id: null, values: { personId: mentor, organisationId: garage } })
    const { id: pairId } = await call(host, 'programmes.savePair', {
      id: null,
      values: {
        mentorPersonId: mentor,
        mentee: {
          mode: 'named',
          values: {
            firstName: 'Inès',
            lastName: 'Carvalho',
            isMinor: true,
            schoolId: college,
            levelCode: 'seconde',
            schoolYear: '2025-2026',
            consentGivenBy: 'Mme Carvalho (mère)',
            consentGivenOn: '2025-09-20',
            consentScope: 'Mentorat : nom et établissement transmis au mentor',
          },
        },
        startedOn: '2025-10-06',
      },
    })
    for (const heldOn of ['2025-11-04', '2025-12-02']) await call(host, 'programmes.saveMentoringMeeting', { id: null, values: { pairId, heldOn } })

    const all = await call(host, 'programmes.exportMentoring', {})
    expect(all).toMatchObject({ rows: 1, name: 'mentorat.xlsx' })
    expect(await readSheet(host, all.fileId, 'Binômes de mentorat')).toEqual([
      {
        Mentor: 'Nadia Benali',
        'Organisation du mentor': 'Garage Leroux',
        Élève: 'Inès C.',
        Établissement: 'Collège Jean Moulin',
        Niveau: 'Seconde',
        Édition: null,
        Début: new Date(Date.UTC(2025, 9, 6)),
        Fin: null,
        Statut: 'Actif',
        Rencontres: 2,
        'Dernière rencontre': new Date(Date.UTC(2025, 11, 2)),
      },
    ])
    const other = await call(host, 'programmes.exportMentoring', { schoolYear: '2023-2024' })
    expect(other).toMatchObject({ rows: 0, name: 'mentorat-2023-2024.xlsx' })
  })
})
