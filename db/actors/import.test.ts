import { describe, expect, it } from 'vitest'
import { tempStore } from '../../tests/helpers/temp'
import type { Database } from '../schema'
import type { Store } from '../sqlite/connection'
import { applySavedMapping, guessMapping, listMappings, runImport, saveMapping, type ImportOptions, type ImportRow } from './import'
import { createOrganisation, createPerson } from './records'
import { caught } from '../../tests/helpers/errors'

const SIRET_A = '94123456900015'
const SIRET_B = '95234567600011'
const SIRET_C = '96345678500012'

const ORGANISATION_HEADERS = ['Raison sociale', 'N° SIRET', 'Adresse', 'Code postal', 'Ville', 'E-mail', 'Téléphone', 'Étiquettes', 'Commentaires']
const ORGANISATION_MAPPING = guessMapping(ORGANISATION_HEADERS, 'organisations')

function rows(...cells: unknown[][]): ImportRow[] {
  // Row 1 of the sheet holds the headers.
  return cells.map((row, index) => ({ rowNumber: index + 2, cells: row }))
}

function organisations(extra: Partial<ImportOptions> = {}): ImportOptions {
  return { target: 'organisations', mapping: ORGANISATION_MAPPING, defaultProfile: 'entreprise', ...extra }
}

async function count(store: Store, table: keyof Database): Promise<number> {
  return Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

/** Every row of the tables an import writes to, to compare before and after. */
async function snapshot(store: Store) {
  const tables = ['organisations', 'people', 'affiliations', 'tags', 'networks', 'actorTags', 'actorNetworks', 'actorActionFields'] as const
  const result: Record<string, unknown[]> = {}
  for (const table of tables) result[table] = await store.db.selectFrom(table).selectAll().orderBy('id' as never).execute()
  result.sequence = store.sqlite.prepare('select name, seq from sqlite_sequence order by name').all()
  result.index = store.sqlite.prepare("select rowid from search_index where search_index match '\"import\"*'").all()
  return result
}

describe('guessMapping', () => {
  it('recognises the usual French headers of an organisations file', () => {
    expect(ORGANISATION_MAPPING).toEqual({ 0: 'name', 1: 'siret', 2: 'address', 3: 'postalCode', 4: 'town', 5: 'email', 6: 'phone', 7: 'tags', 8: 'notes' })
    expect(
      guessMapping(['Dénomination', 'SIRET', 'CP', 'Commune', 'Adresse e-mail', 'Tél.', 'Code APE', 'Site web', 'Statut', "Date d'adhésion", 'Réseaux', "Domaines d'action", 'N° RNA', 'Code UAI', 'Chiffre d’affaires'], 'organisations'),
    ).toEqual({
      0: 'name',
      1: 'siret',
      2: 'postalCode',
      3: 'town',
      4: 'email',
      5: 'phone',
      6: 'nafCode',
      7: 'website',
      8: 'status',
      9: 'joinedOn',
      10: 'networks',
      11: 'fields',
      12: 'rna',
      13: 'uai',
      14: null,
    })
  })

  it('recognises the headers of a people file and maps each field once', () => {
    expect(guessMapping(['Prénom', 'NOM', 'Fonction', 'Entreprise', 'Courriel', 'Téléphone portable', 'E-mail'], 'people')).toEqual({
      0: 'firstName',
      1: 'lastName',
      2: 'jobTitle',
      3: 'organisation',
      4: 'email',
      5: 'phone',
      6: null,
    })
  })
})

describe('runImport', () => {
  it('refuses a mapping without the required fields', async () => {
    const store = await tempStore()
    const error = await caught(runImport(store.db, rows(['x']), organisations({ mapping: { 0: 'notes' } }), true))
    expect(error.code).toBe('invalid_input')
    expect(error.message).toContain('« Nom »')
    const people = await caught(runImport(store.db, rows(['x']), { target: 'people', mapping: { 0: 'lastName' }, defaultProfile: 'parent' }, true))
    expect(people.message).toContain('« Prénom »')
  })

  it('previews without writing anything, and reports exactly what the import then does', async () => {
    const store = await tempStore()
    await createOrganisation(store.db, { name: 'Cabinet Martin', profileCode: 'entreprise', townCode: '94080', siret: SIRET_A, tags: ['Mentorat'] })
    const file = rows(
      ['Cabinet Martin & Associés', '941 234 569 00015', '', '', '', '', '', 'Forum', ''],
      ['Boulangerie Import', SIRET_B, '12 rue de Fontenay', '94300', '', 'Contact@Boulangerie.fr', '01 43 28 00 00', 'Mentorat; Stages', 'Importée du tableur'],
      [null, '', '', '', '', '', '', '', ''],
      ['Garage du Fort', '', '', '', 'Créteil', '', '', 'Garage', ''],
      ['Traiteur Import', 'pas un siret', '', '', '', '', '', 'Traiteurs', ''],
    )
    const before = await snapshot(store)
    const progress: number[] = []
    const preview = await runImport(store.db, file, organisations({ skipInvalid: true, onProgress: (done) => progress.push(done) }), false)
    expect(await snapshot(store)).toEqual(before)
    expect(progress.at(-1)).toBe(5)
    expect(preview).toMatchObject({ created: 2, updated: 1, failed: 1, empty: 1, committed: false })
    expect(preview.rows.map((row) => [row.rowNumber, row.action, row.key])).toEqual([
      [2, 'update', 'o1'],
      [3, 'create', 'o2'],
      [5, 'create', 'o3'],
      [6, 'error', undefined],
    ])
    // A second preview sees the same database.
    expect(await runImport(store.db, file, organisations({ skipInvalid: true }), false)).toEqual(preview)

    const done = await runImport(store.db, file, organisations({ skipInvalid: true }), true)
    expect(done).toEqual({ ...preview, committed: true })
    expect(await count(store, 'organisations')).toBe(3)
    const created = await store.db.selectFrom('organisations').selectAll().where('siret', '=', SIRET_B).executeTakeFirstOrThrow()
    expect(created).toMatchObject({
      id: 2,
      name: 'Boulangerie Import',
      townCode: '94080', // from the postal code
      address: '12 rue de Fontenay',
      postalCode: '94300',
      email: 'contact@boulangerie.fr',
      phone: '+33143280000',
      notes: 'Importée du tableur',
      source: 'import',
      status: 'prospect',
      profileCode: 'entreprise',
    })
    expect(await store.db.selectFrom('organisations').select(['townCode', 'outsideTown']).where('id', '=', 3).executeTakeFirstOrThrow()).toEqual({ townCode: null, outsideTown: 'Créteil' })
    expect((await store.db.selectFrom('tags').select('name').orderBy('name').execute()).map((row) => row.name)).toEqual(['Forum', 'Garage', 'Mentorat', 'Stages'])
  })

  it('updates the record with the same SIRET or email, keeping what the file leaves empty', async () => {
    const store = await tempStore()
    const byBoth = await createOrganisation(store.db, {
      name: 'Cabinet Martin',
      profileCode: 'institution',
      townCode: '94080',
      siret: SIRET_A,
      phone: '01 43 28 00 00',
      website: 'https://cabinet-martin.fr',
      notes: 'Client historique',
      status: 'vitawiner',
      joinedOn: '2024-09-01',
      tags: ['Mentorat'],
    })
    const byEmail = await createOrganisation(store.db, { name: 'Club Gravelle', profileCode: 'association', townCode: '94018', email: 'contact@gravelle.fr', notes: 'Club' })
    const report = await runImport(
      store.db,
      rows(
        ['Cabinet Martin et Fils', '94123456900015', '3 avenue de Paris', '', '', 'accueil@cabinet-martin.fr', '', 'Forum, mentorat', ''],
        ['Club Gravelle Entreprendre', '', '', '', 'Charenton-le-Pont', 'CONTACT@Gravelle.FR', '01 48 93 00 00', '', ''],
      ),
      organisations(),
      true,
    )
    expect(report).toMatchObject({ created: 0, updated: 2, failed: 0, committed: true })
    expect(report.rows.map((row) => row.key)).toEqual([`o${byBoth}`, `o${byEmail}`])
    const martin = await store.db.selectFrom('organisations').selectAll().where('id', '=', byBoth).executeTakeFirstOrThrow()
    expect(martin).toMatchObject({
      name: 'Cabinet Martin et Fils',
      address: '3 avenue de Paris',
      email: 'accueil@cabinet-martin.fr',
      profileCode: 'institution',
      townCode: '94080',
      phone: '+33143280000',
      website: 'https://cabinet-martin.fr',
      notes: 'Client historique',
      status: 'vitawiner',
      joinedOn: '2024-09-01',
      source: 'saisie',
    })
    const tags = await store.db.selectFrom('actorTags as l').innerJoin('tags as t', 't.id', 'l.tagId').select('t.name').where('l.organisationId', '=', byBoth).orderBy('t.name').execute()
    expect(tags.map((row) => row.name)).toEqual(['Forum', 'Mentorat'])
    const club = await store.db.selectFrom('organisations').selectAll().where('id', '=', byEmail).executeTakeFirstOrThrow()
    expect(club).toMatchObject({ name: 'Club Gravelle Entreprendre', townCode: '94018', phone: '+33148930000', notes: 'Club', email: 'contact@gravelle.fr' })
    expect(await count(store, 'organisations')).toBe(2)
  })

  it('reports an invalid SIRET and a formula cell with their row number, in French', async () => {
    const store = await tempStore()
    const report = await runImport(
      store.db,
      [
        { rowNumber: 2, cells: ['Boulangerie Dupont', '941 234 569 00016'] },
        { rowNumber: 3, cells: ['Garage du Fort', '=CONCATENER(A3;"x")', '', '', '', '', '=1+1'], formulaColumns: [1, 6] },
        { rowNumber: 4, cells: ['Pâtisserie Leroy', SIRET_C, '', '', '', 'leroy@', ''] },
        { rowNumber: 5, cells: ['', SIRET_B] },
      ],
      organisations(),
      false,
    )
    expect(report).toMatchObject({ created: 0, updated: 0, failed: 4 })
    expect(report.rows).toEqual([
      { rowNumber: 2, action: 'error', name: 'Boulangerie Dupont', problems: ["Le SIRET 941\u00a0234\u00a0569\u00a000016 n'est pas valide (clé de contrôle incorrecte)."] },
      {
        rowNumber: 3,
        action: 'error',
        name: 'Garage du Fort',
        problems: ['La cellule B3 contient une formule : remplacez-la par sa valeur.', 'La cellule G3 contient une formule : remplacez-la par sa valeur.'],
      },
      { rowNumber: 4, action: 'error', name: 'Pâtisserie Leroy', problems: [expect.stringMatching(/^L'adresse e-mail « leroy@ »/)] },
      { rowNumber: 5, action: 'error', problems: ['Le nom est vide.'] },
    ])
  })

  it('writes nothing at all when a row fails and skipInvalid is not set', async () => {
    const store = await tempStore()
    await createOrganisation(store.db, { name: 'Cabinet Martin', profileCode: 'entreprise', siret: SIRET_A, tags: ['Mentorat'] })
    const before = await snapshot(store)
    const error = await caught(
      runImport(
        store.db,
        rows(
          ['Boulangerie Import', SIRET_B, '', '', '', '', '', 'Nouvelle étiquette; Mentorat', ''],
          ['Cabinet Martin renommé par import', SIRET_A, '', '', '', '', '', 'Autre étiquette', ''],
          ['Traiteur Import', '941 234 569', '', '', '', '', '', 'Traiteurs', ''],
          ['Garage Import', SIRET_C, '', '', '', '', '', '', ''],
        ),
        organisations(),
        true,
      ),
    )
    expect(error.code).toBe('invalid_input')
    expect(error.message).toMatch(/^Import annulé : 1 ligne comporte des erreurs \(ligne 4 : Le SIRET doit comporter 14 chiffres/)
    expect(error.message).toMatch(/Rien n'a été enregistré\.$/)
    expect(error.details).toMatchObject({ rows: [{ rowNumber: 4, action: 'error' }] })
    expect(await snapshot(store)).toEqual(before)
    expect(await count(store, 'tags')).toBe(1)
  })

  it('imports the valid rows and reports the failing ones with skipInvalid', async () => {
    const store = await tempStore()
    const report = await runImport(
      store.db,
      rows(
        ['Boulangerie Import', SIRET_B, '', '', '', '', '', 'Stages', ''],
        ['Traiteur Import', '941 234 569', '', '', '', '', '', 'Traiteurs', ''],
        ['Garage Import', SIRET_C, '', '', 'Vincennes', '', '06 12', '', ''],
        ['Pressing Import', '', '', '', 'Saint-Maur-des-Fossés', '', '', '', ''],
      ),
      organisations({ skipInvalid: true }),
      true,
    )
    expect(report).toMatchObject({ created: 2, updated: 0, failed: 2, committed: true })
    expect(report.rows.filter((row) => row.action === 'error').map((row) => [row.rowNumber, row.problems[0]])).toEqual([
      [3, expect.stringMatching(/^Le SIRET doit comporter 14 chiffres/)],
      [4, expect.stringMatching(/^Le numéro de téléphone/)],
    ])
    const names = await store.db.selectFrom('organisations').select(['name', 'townCode']).orderBy('id').execute()
    expect(names).toEqual([
      { name: 'Boulangerie Import', townCode: null },
      { name: 'Pressing Import', townCode: '94068' },
    ])
    // The failing rows left no tag behind.
    expect((await store.db.selectFrom('tags').select('name').execute()).map((row) => row.name)).toEqual(['Stages'])
  })

  it('updates the first row with the second when a file holds the same SIRET twice', async () => {
    const store = await tempStore()
    const report = await runImport(
      store.db,
      rows(
        ['Boulangerie Dupont', SIRET_A, '5 rue du Midi', '', 'Vincennes', 'dupont@boulangerie.fr', '', 'Stages', ''],
        ['Boulangerie Dupont SARL', '941 234 569 00015', '', '', '', '', '01 43 28 00 00', 'stages, Forum', ''],
      ),
      organisations(),
      true,
    )
    expect(report).toMatchObject({ created: 1, updated: 1, failed: 0 })
    expect(report.rows.map((row) => [row.action, row.key])).toEqual([
      ['create', 'o1'],
      ['update', 'o1'],
    ])
    expect(await store.db.selectFrom('organisations').select(['id', 'name', 'address', 'townCode', 'email', 'phone']).execute()).toEqual([
      { id: 1, name: 'Boulangerie Dupont SARL', address: '5 rue du Midi', townCode: '94080', email: 'dupont@boulangerie.fr', phone: '+33143280000' },
    ])
    expect(await count(store, 'actorTags')).toBe(2)
  })

  it('reads rows from an asynchronous source, as the spreadsheet reader gives them', async () => {
    const store = await tempStore()
    async function* stream() {
      for (const row of rows(['Boulangerie Dupont', SIRET_A], ['Garage du Fort', SIRET_B], ['Garage du Fort bis', SIRET_B])) {
        await new Promise((resolve) => setImmediate(resolve))
        yield row
      }
    }
    const report = await runImport(store.db, stream(), organisations(), true)
    expect(report).toMatchObject({ created: 2, updated: 1, committed: true })
    expect((await store.db.selectFrom('organisations').select('name').orderBy('id').execute()).map((row) => row.name)).toEqual(['Boulangerie Dupont', 'Garage du Fort bis'])
  })

  it('maps profiles, statuses and dates written the French way', async () => {
    const store = await tempStore()
    const mapping = guessMapping(['Nom', 'Type', 'Statut', "Date d'adhésion", "Domaines d'action", 'Réseaux'], 'organisations')
    const report = await runImport(
      store.db,
      rows(
        ['Association des commerçants', 'Associations', 'Vitawiner', '15/09/2025', 'Éducation; Insertion / emploi', 'CCI 94'],
        ['Collège sans date', 'Éducation nationale', 'Membre', '', '', ''],
        ['Inconnu', 'Multinationale', 'peut-être', '31/02/2025', 'Astrologie', ''],
      ),
      organisations({ mapping, skipInvalid: true }),
      true,
    )
    expect(report).toMatchObject({ created: 2, failed: 1 })
    expect(report.rows[2]!.problems).toEqual([
      'Profil inconnu : « Multinationale ».',
      'Statut inconnu : « peut-être » (attendu : Vitawiner, prospect ou ancien membre).',
      "Date d'adhésion illisible : « 31/02/2025 » (attendu : jj/mm/aaaa).",
      "Domaine d'action inconnu : « Astrologie ».",
    ])
    const rowsAfter = await store.db.selectFrom('organisations').select(['name', 'profileCode', 'status', 'joinedOn']).orderBy('id').execute()
    expect(rowsAfter).toEqual([
      { name: 'Association des commerçants', profileCode: 'association', status: 'vitawiner', joinedOn: '2025-09-15' },
      // A Vitawiner needs a joining date: without one, the row comes in as a prospect.
      { name: 'Collège sans date', profileCode: 'education', status: 'prospect', joinedOn: null },
    ])
    const fields = await store.db.selectFrom('actorActionFields').select('fieldCode').orderBy('fieldCode').execute()
    expect(fields.map((row) => row.fieldCode)).toEqual(['education', 'insertion_emploi'])
  })

  it('links imported people to an organisation given by SIRET or by its exact name', async () => {
    const store = await tempStore()
    const lycee = await createOrganisation(store.db, { name: 'Lycée Louis Armand', profileCode: 'education', townCode: '94052' })
    const cabinet = await createOrganisation(store.db, { name: 'Cabinet Martin', profileCode: 'entreprise', siret: SIRET_A })
    await createOrganisation(store.db, { name: 'Club Gravelle', profileCode: 'association', townCode: '94018' })
    await createOrganisation(store.db, { name: 'Club Gravelle', profileCode: 'association', townCode: '94080' })
    const karim = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent', email: 'karim@exemple.fr', phone: '06 12 34 56 78' })
    const headers = ['Prénom', 'Nom', 'Fonction', 'Structure', 'Adresse e-mail']
    const mapping = guessMapping(headers, 'people')
    expect(mapping).toEqual({ 0: 'firstName', 1: 'lastName', 2: 'jobTitle', 3: 'organisation', 4: 'email' })
    const file = rows(
      ['Hélène', 'Dupont', 'Proviseure adjointe', 'lycee louis armand', 'helene.dupont@ac-creteil.fr'],
      ['Paul', 'Martin', 'Associé', '941 234 569 00015', ''],
      ['Karim', 'Benali', 'Trésorier', 'Cabinet Martin', 'KARIM@exemple.fr'],
      ['Zoé', 'Leroy', '', 'Club Gravelle', ''],
      ['Nina', 'Moreau', '', 'Entreprise inconnue', ''],
      ['', 'Sans prénom', '', '', ''],
    )
    const preview = await runImport(store.db, file, { target: 'people', mapping, defaultProfile: 'parent', skipInvalid: true }, false)
    expect(await count(store, 'people')).toBe(1)
    const report = await runImport(store.db, file, { target: 'people', mapping, defaultProfile: 'parent', skipInvalid: true }, true)
    expect(report).toEqual({ ...preview, committed: true })
    expect(report).toMatchObject({ created: 2, updated: 1, failed: 3 })
    expect(report.rows.filter((row) => row.action === 'error').map((row) => [row.rowNumber, row.problems])).toEqual([
      [5, ["Organisation introuvable dans l'annuaire : « Club Gravelle »."]],
      [6, ["Organisation introuvable dans l'annuaire : « Entreprise inconnue »."]],
      [7, ['Le prénom et le nom sont obligatoires.']],
    ])
    const links = await store.db
      .selectFrom('affiliations as a')
      .innerJoin('people as p', 'p.id', 'a.personId')
      .select(['p.firstName', 'a.organisationId', 'a.role'])
      .orderBy('a.id')
      .execute()
    expect(links).toEqual([
      { firstName: 'Hélène', organisationId: lycee, role: 'Proviseure adjointe' },
      { firstName: 'Paul', organisationId: cabinet, role: 'Associé' },
      { firstName: 'Karim', organisationId: cabinet, role: 'Trésorier' },
    ])
    // Karim was matched by email and kept his phone number.
    expect(await store.db.selectFrom('people').select(['id', 'jobTitle', 'phone']).where('email', '=', 'karim@exemple.fr').execute()).toEqual([
      { id: karim, jobTitle: 'Trésorier', phone: '+33612345678' },
    ])
    // Importing the same people again (matched by email) adds no second person nor link.
    const again = await runImport(store.db, [file[0]!, file[2]!], { target: 'people', mapping, defaultProfile: 'parent' }, true)
    expect(again).toMatchObject({ created: 0, updated: 2 })
    expect(await count(store, 'people')).toBe(3)
    expect(await count(store, 'affiliations')).toBe(3)
  })
})

describe('saved mappings', () => {
  it('reapplies a saved mapping to a file whose columns are in another order', async () => {
    const store = await tempStore()
    const headers = ['Structure', 'Identifiant', 'Mél. contact', 'Remarque interne']
    // Headers the guess does not know: the user maps them by hand, then saves the mapping.
    expect(guessMapping(headers, 'organisations')).toEqual({ 0: 'name', 1: null, 2: null, 3: null })
    await saveMapping(store.db, 'Export CCI', 'organisations', headers, { 0: 'name', 1: 'siret', 2: 'email', 3: null }, 'entreprise')

    const saved = (await listMappings(store.db)).find((mapping) => mapping.name === 'Export CCI')!
    expect(saved).toMatchObject({ target: 'organisations', mapping: { defaultProfile: 'entreprise' } })
    const reordered = ['Remarque interne', 'MÉL. CONTACT', 'Colonne ajoutée', 'Identifiant', 'Structure']
    const mapping = applySavedMapping(reordered, saved.mapping)
    expect(mapping).toEqual({ 0: null, 1: 'email', 2: null, 3: 'siret', 4: 'name' })

    const report = await runImport(store.db, rows(['à ignorer', 'contact@cci.fr', 'x', SIRET_A, 'CCI Val-de-Marne']), organisations({ mapping }), true)
    expect(report.created).toBe(1)
    expect(await store.db.selectFrom('organisations').select(['name', 'siret', 'email', 'notes']).execute()).toEqual([
      { name: 'CCI Val-de-Marne', siret: SIRET_A, email: 'contact@cci.fr', notes: null },
    ])

    // Saving under the same name replaces the mapping.
    await saveMapping(store.db, 'Export CCI', 'organisations', headers, { 0: 'name', 1: 'siret', 2: 'email', 3: 'notes' }, 'association')
    const mappings = await listMappings(store.db)
    expect(mappings).toHaveLength(1)
    expect(applySavedMapping(reordered, mappings[0]!.mapping)).toEqual({ 0: 'notes', 1: 'email', 2: null, 3: 'siret', 4: 'name' })
    expect(mappings[0]!.mapping.defaultProfile).toBe('association')
  })
})
