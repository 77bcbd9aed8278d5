import { describe, expect, it } from 'vitest'
import { call, readSheet, startTestHost } from '../../tests/helpers/api'
import { DIRECTORY_COLUMNS } from '../../db/rules/actor-columns'

// The directory's export through the API: the columns asked, in the order of the keys given,
// codes turned into their French labels, dates as real Excel dates; or, without keys, the rows the
// grid's filters keep, in its order.

describe('actors.export', () => {
  it('writes the chosen columns with labels, real dates and the town outside the territory', async () => {
    const host = await startTestHost()
    const bakery = (
      await call(host, 'actors.createOrganisation', {
        name: 'Boulangerie du Marché',
        profileCode: 'entreprise',
        townCode: '94080',
        status: 'vitawiner',
        joinedOn: '2025-09-15',
        email: 'contact@boulangerie.exemple.fr',
        siret: '55210055400013',
        workforceBand: '01',
        tags: ['Commerce', 'Forum 2026'],
        fields: ['education', 'insertion_emploi'],
      })
    ).key
    const mentor = (
      await call(host, 'actors.createPerson', {
        firstName: 'Inès',
        lastName: 'Moreau',
        profileCode: 'parent',
        outsideTown: 'Montreuil',
        status: 'prospect',
      })
    ).key
    await call(host, 'offers.save', { id: null, values: { actor: mentor, offerTypeCode: 'temoignage' } })
    await call(host, 'journal.add', { actor: bakery, kind: 'visite', occurredOn: '2026-10-02', animator: 'Claire', summary: 'Visite du fournil' })
    await call(host, 'journal.add', { actor: bakery, kind: 'appel', occurredOn: '2026-11-05', animator: 'Claire', summary: 'Relance forum' })

    const columns = DIRECTORY_COLUMNS.map((column) => column.id)
    const result = await call(host, 'actors.export', { keys: [mentor, bakery], columns })
    expect(result.rows).toBe(2)
    expect(result.name).toMatch(/^annuaire-vitawin-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const [person, organisation] = await readSheet(host, result.fileId, 'Acteurs')
    expect(Object.keys(organisation!)).toEqual(DIRECTORY_COLUMNS.map((column) => column.header))
    expect(organisation).toMatchObject({
      Nom: 'Boulangerie du Marché',
      Type: 'Organisation',
      Profil: 'Entreprises',
      Commune: 'Vincennes',
      Statut: 'Vitawiner',
      "Date d'adhésion": new Date(Date.UTC(2025, 8, 15)),
      Courriel: 'contact@boulangerie.exemple.fr',
      SIRET: '55210055400013',
      SIREN: '552100554',
      RNA: null,
    })
    const byHeader = (id: string) => DIRECTORY_COLUMNS.find((column) => column.id === id)!.header
    expect(organisation![byHeader('tags')]).toBe('Commerce, Forum 2026')
    expect(organisation![byHeader('fields')]).toBe('Éducation, Insertion / emploi')
    expect(organisation![byHeader('lastInteractionOn')]).toEqual(new Date(Date.UTC(2026, 10, 5)))
    expect(organisation![byHeader('workforceBand')]).toBe('1 ou 2 salariés')
    expect(organisation![byHeader('source')]).toBe('Saisie')
    expect(person).toMatchObject({ Nom: 'Inès Moreau', Type: 'Personne', Profil: "Parents d'élèves", Commune: 'Montreuil (hors territoire)', Statut: 'Prospect', "Date d'adhésion": null })
    expect(person![byHeader('offers')]).toBe('Témoignage métier / carrière')

    // A few columns only, in the order asked.
    const few = await call(host, 'actors.export', { keys: [bakery, mentor], columns: ['townCode', 'name'] })
    expect(await readSheet(host, few.fileId, 'Acteurs')).toEqual([
      { Commune: 'Vincennes', Nom: 'Boulangerie du Marché' },
      { Commune: 'Montreuil (hors territoire)', Nom: 'Inès Moreau' },
    ])

    // Without keys: the rows the grid's filters keep, in its order, filtered on what the columns
    // show (labels), without case or accents.
    const filtered = async (query: Record<string, unknown>) => {
      const file = await call(host, 'actors.export', { ...query, columns: ['name', 'townCode'] })
      return (await readSheet(host, file.fileId, 'Acteurs')).map((row) => row.Nom)
    }
    expect(await filtered({ filter: {}, sort: [{ field: 'name', descending: true }] })).toEqual(['Inès Moreau', 'Boulangerie du Marché'])
    expect(await filtered({ filter: { quick: 'MONTREUIL hors', quickFields: ['name', 'townCode'] } })).toEqual(['Inès Moreau'])
    expect(await filtered({ filter: { columns: { fields: { filterType: 'text', type: 'contains', filter: 'insertion / EMPLOI' } } } })).toEqual(['Boulangerie du Marché'])
    expect(await filtered({ filter: { columns: { offers: { filterType: 'text', type: 'startsWith', filter: 'temoignage' } } } })).toEqual(['Inès Moreau'])
    expect(await filtered({ filter: { picks: { type: 'tous', profiles: [], towns: ['94080'], statuses: ['vitawiner'] } } })).toEqual(['Boulangerie du Marché'])
    const empty = await host.call('actors.export', { filter: { quick: 'introuvable', quickFields: ['name'] }, columns: ['name'] })
    expect(empty.ok).toBe(false)
    expect(JSON.stringify(empty)).toContain('Aucune ligne à exporter')
  })
})
