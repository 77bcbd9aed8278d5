import { describe, expect, it } from 'vitest'
import { caught } from '../../../tests/helpers/errors'
import { comparable } from '../../../tests/helpers/import-fixtures'
import { queryRows, queryValue, testStore } from '../../../tests/helpers/temp'
import type { Store } from '../../backend'
import { createOrganisation, createPerson } from '../records'
import { type ImportOptions, type ImportRow, applySavedMapping, guessMapping, listMappings, runImport, saveMapping } from './index'

const SIRET_A = '94123456900015'
const SIRET_B = '95234567600011'
const SIRET_C = '96345678500012'

const ORGANISATION_HEADERS = ['Raison sociale', 'N° SIRET', 'Adresse', 'Code postal', 'Ville', 'E-mail', 'Téléphone', 'Étiquettes', 'Commentaires']
const ORGANISATION_MAPPING = guessMapping(ORGANISATION_HEADERS, 'organisations')

/** A sheet: the header on row 1, the rows below it. */
function sheet(headers: string[], ...cells: unknown[][]): ImportRow[] {
  return [{ rowNumber: 1, cells: headers }, ...cells.map((row, index) => ({ rowNumber: index + 2, cells: row }))]
}

function rows(...cells: unknown[][]): ImportRow[] {
  return sheet(ORGANISATION_HEADERS, ...cells)
}

function organisations(extra: Partial<ImportOptions> = {}): ImportOptions {
  return { target: 'organisations', mapping: ORGANISATION_MAPPING, defaultProfile: 'entreprise', ...extra }
}

const TABLES = ['organisations', 'people', 'affiliations', 'tags', 'networks', 'actor_tags', 'actor_networks', 'actor_action_fields', 'engagement_offers', 'interactions'] as const

/**
 * Each record's rank in its table (1 for the first made): its number on SQLite; on PostgreSQL the
 * numbers a rolled-back preview took are skipped (see comparable).
 */
async function ranks(store: Store, table: string): Promise<(id: unknown) => number | null> {
  const ids = (await queryRows<{ id: number }>(store, `select id from ${table} order by id`)).map((row) => row.id)
  return (id) => (id === null ? null : ids.indexOf(id as number) + 1)
}

async function all(store: Store, table: string): Promise<Record<string, unknown>[]> {
  return queryRows(store, `select * from ${table} order by 1`)
}

/** Every row of the tables an import writes to, to compare before and after. */
async function snapshot(store: Store) {
  const result: Record<string, unknown[] | null> = {}
  for (const table of TABLES) result[table] = await all(store, table)
  // PostgreSQL's sequences move on whatever becomes of the transaction (ids are not data there).
  result.sequence = store.kind === 'sqlite' ? await queryRows(store, 'select name, seq from sqlite_sequence order by name') : null
  result.index = await queryRows(
    store,
    store.kind === 'sqlite'
      ? "select rowid from search_index where search_index match '\"import\"*' order by 1"
      : "select row_id from search_index where words @@ to_tsquery('vitawin', 'import:*') order by 1",
  )
  return result
}

async function count(store: Store, table: string): Promise<number> {
  return Number(await queryValue(store, `select count(*) from ${table}`))
}

/** The first column of each row. */
async function column(store: Store, text: string): Promise<unknown[]> {
  return (await queryRows(store, text)).map((row) => Object.values(row)[0])
}

describe('runImport: organisations', () => {
  it('refuses a mapping without the required fields', async () => {
    const store = await testStore()
    const error = await caught(runImport(store.db, rows(['x']), organisations({ mapping: { 0: 'notes' } }), true))
    expect(error.code).toBe('invalid_input')
    expect(error.message).toContain('« Nom »')
    const people = await caught(runImport(store.db, rows(['x']), { target: 'people', mapping: { 0: 'lastName' }, defaultProfile: 'parent' }, true))
    expect(people.message).toContain('« Prénom » et « Nom »')
  })

  it('previews without writing anything, and reports exactly what the import then does', async () => {
    const store = await testStore()
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
    expect(progress.at(-1)).toBe(4)
    expect(preview).toMatchObject({ headerRowNumber: 1, dataRows: 4, imported: 3, failed: 1, organisations: { created: 2, updated: 1, unchanged: 0 }, committed: false, operationId: null })
    expect(preview.rows.map((row) => [row.rowNumber, row.action, row.organisation?.key])).toEqual([
      [2, 'update', 'o1'],
      [3, 'create', 'o2'],
      [5, 'create', 'o3'],
      [6, 'error', undefined],
    ])
    // A second preview sees the same database.
    expect(comparable(store, await runImport(store.db, file, organisations({ skipInvalid: true }), false))).toEqual(comparable(store, preview))

    const done = await runImport(store.db, file, organisations({ skipInvalid: true }), true)
    expect(comparable(store, done)).toEqual(comparable(store, { ...preview, committed: true, operationId: expect.any(Number) }))
    expect(await count(store, 'organisations')).toBe(3)
    const created = await store.db.selectFrom('organisations').selectAll().where('siret', '=', SIRET_B).executeTakeFirstOrThrow()
    expect({ ...created, id: (await ranks(store, 'organisations'))(created.id) }).toMatchObject({
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
    expect(await store.db.selectFrom('organisations').select(['townCode', 'outsideTown']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).toEqual({ townCode: null, outsideTown: 'Créteil' })
    expect((await store.db.selectFrom('tags').select('name').orderBy('name').execute()).map((row) => row.name)).toEqual(['Forum', 'Garage', 'Mentorat', 'Stages'])
  })

  it('updates the record with the same SIRET or email, keeping what the file leaves empty', async () => {
    const store = await testStore()
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
    expect(report).toMatchObject({ imported: 2, failed: 0, organisations: { created: 0, updated: 2 }, committed: true })
    expect(report.rows.map((row) => row.organisation?.key)).toEqual([`o${byBoth}`, `o${byEmail}`])
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

    // The same file again changes nothing.
    const again = await runImport(
      store.db,
      rows(['Cabinet Martin et Fils', '94123456900015', '3 avenue de Paris', '', '', 'accueil@cabinet-martin.fr', '', 'Forum, mentorat', '']),
      organisations(),
      true,
    )
    expect(again).toMatchObject({ organisations: { created: 0, updated: 0, unchanged: 1 }, operationId: null })
    expect(again.rows[0]!.action).toBe('unchanged')
  })

  it('lists every problem of a row; keeps a formula’s value and a messy address aside, with a warning', async () => {
    const store = await testStore()
    const report = await runImport(
      store.db,
      [
        { rowNumber: 1, cells: ORGANISATION_HEADERS },
        { rowNumber: 2, cells: ['Boulangerie Dupont', '941 234 569 00016'] },
        { rowNumber: 3, cells: ['Garage du Fort', SIRET_B, '', '', '', '', '0143280000'], formulaColumns: [6] },
        { rowNumber: 4, cells: ['Pâtisserie Leroy', SIRET_C, '', '', '', 'leroy@', ''] },
        { rowNumber: 5, cells: ['', '941 234 569', '', '', '', '', '06 12'] },
        { rowNumber: 6, cells: ['Fleuriste Lys', '', '', '', '', '', null], errorCells: [{ column: 6, error: '#N/A' }] },
      ],
      organisations(),
      false,
    )
    expect(report).toMatchObject({ imported: 3, failed: 2 })
    expect(report.rows).toEqual([
      { rowNumber: 2, action: 'error', name: 'Boulangerie Dupont', problems: ["Le SIRET 941\u00a0234\u00a0569\u00a000016 n'est pas valide (clé de contrôle incorrecte)."], warnings: [] },
      {
        rowNumber: 3,
        action: 'create',
        organisation: { key: 'o1', name: 'Garage du Fort', action: 'create' },
        problems: [],
        warnings: ['La cellule G3 contient une formule : sa dernière valeur calculée (« 0143280000 ») est reprise.'],
      },
      {
        rowNumber: 4,
        action: 'create',
        organisation: { key: 'o2', name: 'Pâtisserie Leroy', action: 'create' },
        problems: [],
        warnings: ['Courriel illisible (« leroy@ ») : gardé dans les notes.'],
      },
      {
        rowNumber: 5,
        action: 'error',
        problems: ["Le nom de l'organisation est vide."],
        warnings: [],
      },
      {
        rowNumber: 6,
        action: 'create',
        organisation: { key: 'o3', name: 'Fleuriste Lys', action: 'create' },
        problems: [],
        warnings: ['La cellule G6 contient une erreur de calcul (#N/A) : elle est laissée vide.'],
      },
    ])
  })

  it('refuses what the forms refuse (postal code, website, joining date in the future), keeping the cell in the notes', async () => {
    const store = await testStore()
    const headers = ['Raison sociale', 'Code postal', 'Site web', "Date d'adhésion", 'Statut']
    const report = await runImport(
      store.db,
      sheet(headers, ['Menuiserie Martin', '7501', 'www exemple', '01/01/2030', 'Vitawiner'], ['Garage du Fort', '94 130', 'www.garage-du-fort.fr', '', '']),
      { target: 'organisations', mapping: guessMapping(headers, 'organisations'), defaultProfile: 'entreprise' },
      true,
    )
    expect(report.rows.map((row) => row.warnings)).toEqual([
      [
        "Date d'adhésion : la date ne peut pas être dans le futur (« 01/01/2030 ») : gardée dans les notes.",
        'Code postal : 5 chiffres attendus (par exemple 94120) (« 7501 ») : gardé dans les notes.',
        'Site internet : adresse web attendue (par exemple https://exemple.fr) (« www exemple ») : gardé dans les notes.',
        expect.stringContaining("sans date d'adhésion"),
      ],
      [],
    ])
    expect((await all(store, 'organisations')).map((row) => [row.name, row.postal_code, row.website, row.joined_on])).toEqual([
      ['Menuiserie Martin', null, null, null],
      ['Garage du Fort', '94130', 'www.garage-du-fort.fr', null],
    ])
    expect(String((await all(store, 'organisations'))[0]!.notes)).toMatch(/Code postal : 7501[\s\S]*Site internet : www exemple/)
  })

  it('writes nothing at all when a row fails and skipInvalid is not set', async () => {
    const store = await testStore()
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
    const store = await testStore()
    const report = await runImport(
      store.db,
      rows(
        ['Boulangerie Import', SIRET_B, '', '', '', '', '', 'Stages', ''],
        ['Traiteur Import', '941 234 569', '', '', '', '', '', 'Traiteurs', ''],
        ['Garage Import', '123', '', '', 'Vincennes', '', '', 'Garage', ''],
        ['Pressing Import', '', '', '', 'Saint-Maur-des-Fossés', '', '06 12', '', ''],
      ),
      organisations({ skipInvalid: true }),
      true,
    )
    expect(report).toMatchObject({ imported: 2, failed: 2, organisations: { created: 2 }, committed: true })
    expect(report.rows.filter((row) => row.action === 'error').map((row) => [row.rowNumber, row.problems[0]])).toEqual([
      [3, expect.stringMatching(/^Le SIRET doit comporter 14 chiffres/)],
      [4, expect.stringMatching(/^Le SIRET doit comporter 14 chiffres/)],
    ])
    expect(await store.db.selectFrom('organisations').select(['name', 'townCode', 'phone', 'notes']).orderBy('id').execute()).toEqual([
      { name: 'Boulangerie Import', townCode: null, phone: null, notes: null },
      // The unreadable number is kept in the notes.
      { name: 'Pressing Import', townCode: '94068', phone: null, notes: 'Téléphone : 06 12' },
    ])
    // The failing rows left no tag behind.
    expect((await store.db.selectFrom('tags').select('name').execute()).map((row) => row.name)).toEqual(['Stages'])
  })

  it('keeps the first line of an organisation written twice, and what the second adds; what differs goes to the notes', async () => {
    const store = await testStore()
    const report = await runImport(
      store.db,
      rows(
        ['Boulangerie Dupont', SIRET_A, '5 rue du Midi', '', 'Vincennes', 'dupont@boulangerie.fr', '', 'Stages', ''],
        ['Boulangerie Dupont SARL', '941 234 569 00015', '', '', '', '', '01 43 28 00 00', 'stages, Forum', ''],
      ),
      organisations(),
      true,
    )
    expect(report).toMatchObject({ imported: 2, failed: 0, organisations: { created: 1, updated: 0 } })
    expect(report.rows.map((row) => [row.action, row.organisation])).toEqual([
      ['create', { key: 'o1', name: 'Boulangerie Dupont', action: 'create' }],
      ['update', { key: 'o1', name: 'Boulangerie Dupont', action: 'same' }],
    ])
    expect(report.rows[1]!.warnings).toEqual(["Valeurs différentes de celles d'une ligne précédente pour la même fiche, gardées dans ses notes : Nom : Boulangerie Dupont SARL."])
    expect(await store.db.selectFrom('organisations').select(['id', 'name', 'address', 'townCode', 'email', 'phone', 'notes']).execute()).toEqual([
      { id: 1, name: 'Boulangerie Dupont', address: '5 rue du Midi', townCode: '94080', email: 'dupont@boulangerie.fr', phone: '+33143280000', notes: 'Ligne 3 : Nom : Boulangerie Dupont SARL' },
    ])
    expect(await count(store, 'actor_tags')).toBe(2)
  })

  it('reads rows from an asynchronous source, as the spreadsheet reader gives them', async () => {
    const store = await testStore()
    async function* stream() {
      for (const row of rows(['Boulangerie Dupont', SIRET_A], ['Garage du Fort', SIRET_B], ['Garage du Fort bis', SIRET_B])) {
        await new Promise((resolve) => setImmediate(resolve))
        yield row
      }
    }
    const report = await runImport(store.db, stream(), organisations(), true)
    expect(report).toMatchObject({ imported: 3, organisations: { created: 2 }, committed: true })
    expect((await store.db.selectFrom('organisations').select('name').orderBy('id').execute()).map((row) => row.name)).toEqual(['Boulangerie Dupont', 'Garage du Fort'])
  })
})

describe('runImport: values mapped to the lists', () => {
  const headers = ['Nom', 'Type', 'Statut', "Date d'adhésion", "Domaines d'action", 'Réseaux', 'Offres']
  const mapping = guessMapping(headers, 'organisations')

  it('maps the words people write, and names the accepted values of a value still unknown', async () => {
    const store = await testStore()
    await store.db.insertInto('networks').values({ name: 'Club Gravelle Entreprendre' }).execute()
    const file = sheet(
      headers,
      ['Association des commerçants', 'Associations', 'Vitawiner', '15/09/2025', 'Éducation; Insertion / emploi', 'club gravelle entreprendre', 'Stage de 3e, parrainage'],
      ['Collège Jean Moulin', 'Collège', 'Membre', '', 'éducation', '', ''],
      ['Inconnu', 'Multinationale', 'peut-être', '31/02/2025', 'Astrologie', 'Réseau des jeunes', 'Forum'],
      ['Mairie de Vincennes', '', 'x', '01/01/2020', '', '', ''],
    )
    const report = await runImport(store.db, file, { target: 'organisations', mapping, defaultProfile: 'entreprise', skipInvalid: true }, true)
    expect(report).toMatchObject({ imported: 3, failed: 1 })
    const unknown = report.rows.find((row) => row.rowNumber === 4)!
    expect(unknown.problems).toEqual([
      "Profil inconnu : « Multinationale ». Valeurs acceptées : « Associations », « Collectivités », « Éducation nationale », « Entreprises », « Institutions », « Élèves », « Parents d'élèves » (ou choisissez une correspondance dans l'aperçu).",
      "Statut inconnu : « peut-être ». Valeurs acceptées : « Prospect », « Vitawiner », « Ancien membre » (ou choisissez une correspondance dans l'aperçu).",
      "Domaine d'action inconnu : « Astrologie ». Valeurs acceptées : « Éducation », « Insertion / emploi », « Développement économique », « Cohésion territoriale » (ou choisissez une correspondance dans l'aperçu).",
    ])
    expect(unknown.warnings).toEqual(["Date d'adhésion illisible (« 31/02/2025 », attendu : jj/mm/aaaa) : gardée dans les notes."])
    const rowsAfter = await store.db.selectFrom('organisations').select(['name', 'profileCode', 'status', 'joinedOn']).orderBy('id').execute()
    expect(rowsAfter).toEqual([
      { name: 'Association des commerçants', profileCode: 'association', status: 'vitawiner', joinedOn: '2025-09-15' },
      // A Vitawiner needs a joining date: without one, the row comes in as a prospect.
      { name: 'Collège Jean Moulin', profileCode: 'education', status: 'prospect', joinedOn: null },
      // No type: the name tells it.
      { name: 'Mairie de Vincennes', profileCode: 'collectivite', status: 'vitawiner', joinedOn: '2020-01-01' },
    ])
    expect(report.rows.find((row) => row.rowNumber === 3)!.warnings).toEqual(["Vitawiner sans date d'adhésion : la fiche est importée en prospect (indiquez la date d'adhésion)."])
    expect(await column(store, 'select field_code from actor_action_fields order by organisation_id, field_code')).toEqual(['education', 'insertion_emploi', 'education'])
    expect(await column(store, 'select n.name from actor_networks l join networks n on n.id = l.network_id')).toEqual(['Club Gravelle Entreprendre'])
    expect(await column(store, 'select offer_type_code from engagement_offers order by id')).toEqual(['accueil_stagiaires', 'mentorat'])

    const profile = report.values.find((each) => each.field === 'profile')!
    expect(profile.values).toEqual([
      { key: 'associations', raw: 'Associations', count: 1, target: 'association', origin: 'label' },
      { key: 'college', raw: 'Collège', count: 1, target: 'education', origin: 'words' },
      { key: 'nom:mairie', raw: 'mairie', shown: 'Mairie', count: 1, target: 'collectivite', origin: 'name' },
      { key: 'multinationale', raw: 'Multinationale', count: 1, target: null, origin: 'unknown' },
    ])
    expect(report.values.find((each) => each.field === 'networks')!.values).toEqual([
      { key: 'club gravelle entreprendre', raw: 'club gravelle entreprendre', count: 1, target: 'Club Gravelle Entreprendre', origin: 'label' },
      { key: 'reseau des jeunes', raw: 'Réseau des jeunes', count: 1, target: 'Réseau des jeunes', origin: 'new' },
    ])
  })

  it('imports a value the way the user maps it, or leaves it out', async () => {
    const store = await testStore()
    const file = sheet(headers, ['Inconnu', 'Multinationale', 'peut-être', '', 'Astrologie', 'Réseau des jeunes', 'Forum'], ['Collège Jean Moulin', 'Collège', '', '', '', '', ''])
    const report = await runImport(
      store.db,
      file,
      {
        target: 'organisations',
        mapping,
        defaultProfile: 'entreprise',
        values: { profile: { multinationale: 'entreprise', college: 'institution' }, status: { 'peut etre': 'prospect' }, fields: { astrologie: '-' }, networks: { 'reseau des jeunes': '-' } },
      },
      true,
    )
    expect(report).toMatchObject({ imported: 2, failed: 0 })
    expect(await store.db.selectFrom('organisations').select(['name', 'profileCode', 'status']).orderBy('id').execute()).toEqual([
      { name: 'Inconnu', profileCode: 'entreprise', status: 'prospect' },
      { name: 'Collège Jean Moulin', profileCode: 'institution', status: 'prospect' },
    ])
    expect(await count(store, 'actor_action_fields') + await count(store, 'actor_networks') + await count(store, 'networks')).toBe(0)
    expect(report.values.find((each) => each.field === 'profile')!.values.map((value) => [value.key, value.target, value.origin])).toEqual([
      ['college', 'institution', 'chosen'],
      ['multinationale', 'entreprise', 'chosen'],
    ])
  })

  it('finds towns written as people write them, and says when the postal code disagrees', async () => {
    const store = await testStore()
    const file = sheet(
      ['Nom', 'Ville', 'CP'],
      ['A', 'St-Maur-des-Fossés', '94100'],
      ['B', 'Le Perreux', '94170'],
      ['C', 'Champigny', ''],
      ['D', 'Vincennes', '94100'],
      ['E', 'Vincenne', '94300'],
      ['F', 'Créteil', '94000'],
      ['G', '', 94130],
    )
    const report = await runImport(store.db, file, { target: 'organisations', mapping: guessMapping(['Nom', 'Ville', 'CP'], 'organisations'), defaultProfile: 'entreprise' }, true)
    expect(await store.db.selectFrom('organisations').select(['name', 'townCode', 'outsideTown', 'postalCode', 'notes']).orderBy('id').execute()).toEqual([
      { name: 'A', townCode: '94068', outsideTown: null, postalCode: '94100', notes: null },
      { name: 'B', townCode: '94058', outsideTown: null, postalCode: '94170', notes: null },
      { name: 'C', townCode: '94017', outsideTown: null, postalCode: null, notes: null },
      { name: 'D', townCode: '94080', outsideTown: null, postalCode: '94100', notes: null },
      { name: 'E', townCode: '94080', outsideTown: null, postalCode: '94300', notes: 'Commune indiquée : Vincenne' },
      { name: 'F', townCode: null, outsideTown: 'Créteil', postalCode: '94000', notes: null },
      { name: 'G', townCode: '94052', outsideTown: null, postalCode: '94130', notes: null },
    ])
    expect(report.rows.filter((row) => row.warnings.length > 0).map((row) => [row.rowNumber, row.warnings])).toEqual([
      [5, ['La commune « Vincennes » et le code postal 94100 (Saint-Maur-des-Fossés) ne concordent pas : Vincennes est retenue.']],
      [6, ["« Vincenne » n'est pas une commune du territoire, mais le code postal 94300 est celui de Vincennes : Vincennes est retenue."]],
    ])
  })

  it('keeps two addresses or numbers of one cell: the first in the field, the others in the notes', async () => {
    const store = await testStore()
    const file = sheet(['Nom', 'Courriel', 'Tél.'], ['Lycée Louis Armand', 'accueil@lycee.fr ; proviseur@lycee.fr', '01 43 28 00 00 / 06 12 34 56 78'])
    const report = await runImport(store.db, file, { target: 'organisations', mapping: guessMapping(['Nom', 'Courriel', 'Tél.'], 'organisations'), defaultProfile: 'entreprise' }, true)
    expect(report.rows[0]!.warnings).toEqual([
      '2 adresses dans la cellule courriel : accueil@lycee.fr est retenue, proviseur@lycee.fr dans les notes.',
      '2 numéros dans la cellule téléphone : 01 43 28 00 00 est retenu, 06 12 34 56 78 dans les notes.',
    ])
    expect(await store.db.selectFrom('organisations').select(['profileCode', 'email', 'phone', 'notes']).executeTakeFirstOrThrow()).toEqual({
      profileCode: 'education',
      email: 'accueil@lycee.fr',
      phone: '+33143280000',
      notes: 'Autres courriels : proviseur@lycee.fr\nAutres téléphones : 06 12 34 56 78',
    })
  })
})

describe('runImport: finding the table', () => {
  it('skips the title, the notes above and the empty lines, and lists the total and the notes below as ignored', async () => {
    const store = await testStore()
    const file: ImportRow[] = [
      { rowNumber: 1, cells: ['Réseau Vitawin – annuaire des partenaires'] },
      { rowNumber: 2, cells: ['Mis à jour le 12/03/2025 par Claire'] },
      { rowNumber: 4, cells: ['Structure', 'Ville', 'Élèves', 'Courriel'] },
      { rowNumber: 5, cells: ['Collège Jean Moulin', 'Vincennes', 450, null] },
      { rowNumber: 6, cells: ['Structure', 'Ville', 'Élèves', 'Courriel'] },
      { rowNumber: 7, cells: ['Mairie de Nogent', 'Nogent-sur-Marne', null, 'mairie@nogent.fr'] },
      { rowNumber: 8, cells: ['TOTAL', null, 450, null] },
      { rowNumber: 9, cells: [null, null, 450, null], formulaColumns: [2] },
      { rowNumber: 11, cells: ['Source : fichier partagé du service'] },
      { rowNumber: 12, cells: ['40 structures'] },
    ]
    const mapping = guessMapping(['Structure', 'Ville', 'Élèves', 'Courriel'], 'organisations')
    expect(mapping).toEqual({ 0: 'name', 1: 'town', 2: null, 3: 'email' })
    const report = await runImport(store.db, file, { target: 'organisations', mapping, defaultProfile: 'entreprise' }, true)
    expect(report).toMatchObject({ headerRowNumber: 4, headers: ['Structure', 'Ville', 'Élèves', 'Courriel'], dataRows: 2, imported: 2, failed: 0 })
    expect(report.ignored).toEqual([
      { rowNumber: 1, text: 'Réseau Vitawin – annuaire des partenaires', reason: 'Au-dessus du tableau (titre ou note)' },
      { rowNumber: 2, text: 'Mis à jour le 12/03/2025 par Claire', reason: 'Au-dessus du tableau (titre ou note)' },
      { rowNumber: 6, text: 'Structure · Ville · Élèves · Courriel', reason: 'En-tête répété' },
      { rowNumber: 8, text: 'TOTAL · 450', reason: 'Ligne de total' },
      { rowNumber: 9, text: '450', reason: 'Ligne de total (formules)' },
      { rowNumber: 11, text: 'Source : fichier partagé du service', reason: 'Note sous le tableau' },
      { rowNumber: 12, text: '40 structures', reason: 'Ligne isolée sous le tableau (une seule cellule remplie)' },
    ])
    expect(report.unusedColumns).toEqual([{ column: 2, letter: 'C', header: 'Élèves', hidden: false, filled: 1 }])
    expect((await store.db.selectFrom('organisations').select('name').orderBy('id').execute()).map((row) => row.name)).toEqual(['Collège Jean Moulin', 'Mairie de Nogent'])
  })

  it('takes the header row the user chose, and refuses an empty one', async () => {
    const store = await testStore()
    const file: ImportRow[] = [
      { rowNumber: 1, cells: ['Nom', 'Ville'] },
      { rowNumber: 2, cells: ['Nom de la structure', 'Commune'] },
      { rowNumber: 3, cells: ['Collège Jean Moulin', 'Vincennes'] },
    ]
    const report = await runImport(store.db, file, { target: 'organisations', mapping: { 0: 'name', 1: 'town' }, defaultProfile: 'entreprise', headerRow: 2 }, false)
    expect(report).toMatchObject({ headerRowNumber: 2, headers: ['Nom de la structure', 'Commune'], dataRows: 1, ignored: [{ rowNumber: 1, reason: 'Au-dessus du tableau (titre ou note)' }] })
    const error = await caught(runImport(store.db, file, { target: 'organisations', mapping: { 0: 'name' }, defaultProfile: 'entreprise', headerRow: 5 }, false))
    expect(error.message).toBe('La ligne 5 est vide : choisissez la ligne qui porte les titres des colonnes.')
    const nothing = await caught(runImport(store.db, file.slice(0, 1), { target: 'organisations', mapping: { 0: 'name' }, defaultProfile: 'entreprise' }, true))
    expect(nothing.message).toBe("Le fichier ne contient aucune ligne à importer. Rien n'a été enregistré.")
  })
})

describe('runImport: hidden rows', () => {
  const file = (): ImportRow[] => [
    { rowNumber: 1, cells: ['Structure', 'Ville'] },
    { rowNumber: 2, cells: ['Collège Jean Moulin', 'Vincennes'] },
    { rowNumber: 3, cells: ['Ancienne association', 'Fontenay-sous-Bois'], hidden: true },
    { rowNumber: 4, cells: ['Mairie de Nogent', 'Nogent-sur-Marne'] },
    { rowNumber: 5, cells: ['Club fermé', 'Bry-sur-Marne'], hidden: true },
  ]
  const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({ target: 'organisations', mapping: { 0: 'name', 1: 'town' }, defaultProfile: 'entreprise', ...extra })
  const names = async (store: Store) => (await store.db.selectFrom('organisations').select('name').orderBy('id').execute()).map((row) => row.name)

  it('imports the rows the spreadsheet hides, and says which they are', async () => {
    const store = await testStore()
    const report = await runImport(store.db, file(), options(), true)
    expect(report).toMatchObject({ dataRows: 4, imported: 4, hiddenRows: { count: 2, rowNumbers: [3, 5] }, ignored: [] })
    expect(report.warnings).toEqual([
      '2 lignes sont masquées dans le fichier (lignes 3, 5) : elles sont importées comme les autres. Vérifiez-les, ou laissez de côté les lignes masquées.',
    ])
    expect(await names(store)).toEqual(['Collège Jean Moulin', 'Ancienne association', 'Mairie de Nogent', 'Club fermé'])
  })

  it('leaves them out when asked, listed among the ignored rows', async () => {
    const store = await testStore()
    const preview = await runImport(store.db, file(), options({ skipHiddenRows: true }), false)
    const report = await runImport(store.db, file(), options({ skipHiddenRows: true }), true)
    expect(comparable(store, { ...preview, committed: true, operationId: report.operationId })).toEqual(comparable(store, report))
    expect(report).toMatchObject({ dataRows: 2, imported: 2, hiddenRows: { count: 2, rowNumbers: [3, 5] } })
    expect(report.ignored).toEqual([
      { rowNumber: 3, text: 'Ancienne association · Fontenay-sous-Bois', reason: 'Ligne masquée dans le fichier' },
      { rowNumber: 5, text: 'Club fermé · Bry-sur-Marne', reason: 'Ligne masquée dans le fichier' },
    ])
    expect(report.warnings).toEqual(['2 lignes sont masquées dans le fichier (lignes 3, 5) : elles sont laissées de côté, comme demandé.'])
    expect(await names(store)).toEqual(['Collège Jean Moulin', 'Mairie de Nogent'])
  })
})

describe('runImport: organisations and their contacts', () => {
  const headers = ['Structure', 'Type', 'SIRET', 'Ville', 'Contact', 'Fonction', 'E-mail', 'Téléphone', 'Date de premier contact']
  const mapping = guessMapping(headers, 'contacts')

  it('maps a contacts file’s columns', () => {
    expect(mapping).toEqual({ 0: 'name', 1: 'profile', 2: 'siret', 3: 'town', 4: 'fullName', 5: 'jobTitle', 6: 'email', 7: 'phone', 8: 'firstContactOn' })
  })

  it('makes one organisation and its contacts of several lines, and finds them again on a second import', async () => {
    const store = await testStore()
    const file = sheet(
      headers,
      ['Collège Jean Moulin', 'Collège', '', 'Vincennes', 'Mme Nadia Benali', 'Principale', 'nadia.benali@ac-creteil.fr', '01 43 28 00 00', '15/09/2025'],
      ['Collège Jean-Moulin', 'Collège', '', 'vincennes', 'M. DUPONT Jean', 'CPE', '', '06 12 34 56 78', '15/09/2025'],
      ['Boulangerie Dupont', 'PME', SIRET_A, 'St-Maur', 'Jean-Marc Lefèvre', 'Gérant', 'jm@boulangerie.fr', '', ''],
      [null, null, null, null, 'Inès Moreau', 'Apprentie', 'ines@boulangerie.fr', '', ''],
      ['Boulangerie Dupont & fils', 'PME', SIRET_A, 'Saint-Maur-des-Fossés', 'Karim Haddad', 'Associé', '', '', ''],
      ['Mairie de Nogent', '', '', 'Nogent', '', '', 'accueil@nogent.fr', '01 48 71 00 00', '02/10/2024'],
      ['Club Gravelle', 'Club d’entreprises', '', 'Charenton', 'M. Martin', 'Président', 'martin@gravelle.fr', '', ''],
    )
    const options: ImportOptions = { target: 'contacts', mapping, defaultProfile: 'entreprise', fileName: 'annuaire.xlsx', animator: 'Camille Laurent' }
    const preview = await runImport(store.db, file, options, false)
    const report = await runImport(store.db, file, options, true)
    expect(comparable(store, report)).toEqual(comparable(store, { ...preview, committed: true, operationId: expect.any(Number) }))
    expect(report).toMatchObject({
      dataRows: 7,
      imported: 7,
      failed: 0,
      organisations: { created: 4, updated: 0, unchanged: 0 },
      people: { created: 5, updated: 0, unchanged: 0 },
      affiliations: 5,
      journal: 3,
    })
    const organisation = await ranks(store, 'organisations')
    const person = await ranks(store, 'people')
    expect((await all(store, 'organisations')).map(({ id, name, profile_code, town_code, siret, email, phone, notes, source }) => ({ id: organisation(id), name, profile_code, town_code, siret, email, phone, notes, source }))).toEqual([
      { id: 1, name: 'Collège Jean Moulin', profile_code: 'education', town_code: '94080', siret: null, email: null, phone: null, notes: null, source: 'import' },
      { id: 2, name: 'Boulangerie Dupont', profile_code: 'entreprise', town_code: '94068', siret: SIRET_A, email: null, phone: null, notes: 'Ligne 6 : Nom : Boulangerie Dupont & fils', source: 'import' },
      { id: 3, name: 'Mairie de Nogent', profile_code: 'collectivite', town_code: '94052', siret: null, email: 'accueil@nogent.fr', phone: '+33148710000', notes: null, source: 'import' },
      { id: 4, name: 'Club Gravelle', profile_code: 'institution', town_code: '94018', siret: null, email: null, phone: null, notes: 'Contact : M. Martin (Président)\nCourriel du contact : martin@gravelle.fr', source: 'import' },
    ])
    expect((await all(store, 'people')).map(({ id, first_name, last_name, profile_code, email, phone, job_title, town_code }) => ({ id: person(id), first_name, last_name, profile_code, email, phone, job_title, town_code }))).toEqual([
      { id: 1, first_name: 'Nadia', last_name: 'Benali', profile_code: 'education', email: 'nadia.benali@ac-creteil.fr', phone: '+33143280000', job_title: 'Principale', town_code: '94080' },
      { id: 2, first_name: 'Jean', last_name: 'Dupont', profile_code: 'education', email: null, phone: '+33612345678', job_title: 'CPE', town_code: '94080' },
      { id: 3, first_name: 'Jean-Marc', last_name: 'Lefèvre', profile_code: 'entreprise', email: 'jm@boulangerie.fr', phone: null, job_title: 'Gérant', town_code: '94068' },
      { id: 4, first_name: 'Inès', last_name: 'Moreau', profile_code: 'entreprise', email: 'ines@boulangerie.fr', phone: null, job_title: 'Apprentie', town_code: '94068' },
      { id: 5, first_name: 'Karim', last_name: 'Haddad', profile_code: 'entreprise', email: null, phone: null, job_title: 'Associé', town_code: '94068' },
    ])
    expect((await all(store, 'affiliations')).map(({ person_id, organisation_id, role }) => [person(person_id), organisation(organisation_id), role])).toEqual([
      [1, 1, 'Principale'],
      [2, 1, 'CPE'],
      [3, 2, 'Gérant'],
      [4, 2, 'Apprentie'],
      [5, 2, 'Associé'],
    ])
    expect((await all(store, 'interactions')).map(({ organisation_id, person_id, contact_person_id, kind, occurred_on, animator, summary }) => ({ organisation_id: organisation(organisation_id), person_id: person(person_id), contact_person_id: person(contact_person_id), kind, occurred_on, animator, summary }))).toEqual([
      { organisation_id: 1, person_id: null, contact_person_id: 1, kind: 'rencontre', occurred_on: '2025-09-15', animator: 'Camille Laurent', summary: 'Premier contact (repris du fichier « annuaire.xlsx »)' },
      { organisation_id: 1, person_id: null, contact_person_id: 2, kind: 'rencontre', occurred_on: '2025-09-15', animator: 'Camille Laurent', summary: 'Premier contact (repris du fichier « annuaire.xlsx »)' },
      { organisation_id: 3, person_id: null, contact_person_id: null, kind: 'rencontre', occurred_on: '2024-10-02', animator: 'Camille Laurent', summary: 'Premier contact (repris du fichier « annuaire.xlsx »)' },
    ])
    expect(await count(store, 'tags') + await count(store, 'networks') + await count(store, 'actor_tags') + await count(store, 'engagement_offers')).toBe(0)
    expect(report.rows.map((row) => [row.rowNumber, row.action, row.organisation?.action, row.person?.action])).toEqual([
      [2, 'create', 'create', 'create'],
      [3, 'create', 'same', 'create'],
      [4, 'create', 'create', 'create'],
      [5, 'create', 'same', 'create'],
      [6, 'create', 'same', 'create'],
      [7, 'create', 'create', undefined],
      [8, 'create', 'create', undefined],
    ])
    expect(report.rows.find((row) => row.rowNumber === 5)!.warnings).toEqual([
      "Nom de l'organisation vide (cellule vide ou fusionnée) : la ligne est rattachée à « Boulangerie Dupont », l'organisation de la ligne au-dessus.",
    ])
    expect(report.rows.find((row) => row.rowNumber === 8)!.warnings).toEqual([
      "Contact « M. Martin » sans prénom : la personne n'est pas créée, son nom est gardé dans les notes de l'organisation.",
    ])

    // The same file again: nothing new, nothing changed.
    const before = await snapshot(store)
    const again = await runImport(store.db, file, options, true)
    expect(again).toMatchObject({ organisations: { created: 0, updated: 0, unchanged: 4 }, people: { created: 0, updated: 0, unchanged: 5 }, affiliations: 0, journal: 0, operationId: null })
    expect(await snapshot(store)).toEqual(before)
  })
})

describe('runImport: people', () => {
  it('links imported people to an organisation given by SIRET or by its name', async () => {
    const store = await testStore()
    const lycee = await createOrganisation(store.db, { name: 'Lycée Louis Armand', profileCode: 'education', townCode: '94052' })
    const cabinet = await createOrganisation(store.db, { name: 'Cabinet Martin', profileCode: 'entreprise', siret: SIRET_A })
    await createOrganisation(store.db, { name: 'Club Gravelle', profileCode: 'association', townCode: '94018' })
    await createOrganisation(store.db, { name: 'Club Gravelle', profileCode: 'association', townCode: '94080' })
    const karim = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent', email: 'karim@exemple.fr', phone: '06 12 34 56 78' })
    const headers = ['Prénom', 'Nom', 'Fonction', 'Structure', 'Adresse e-mail']
    const mapping = guessMapping(headers, 'people')
    expect(mapping).toEqual({ 0: 'firstName', 1: 'lastName', 2: 'jobTitle', 3: 'organisation', 4: 'email' })
    const file = sheet(
      headers,
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
    expect(comparable(store, report)).toEqual(comparable(store, { ...preview, committed: true, operationId: expect.any(Number) }))
    expect(report).toMatchObject({ imported: 3, failed: 3, people: { created: 2, updated: 1 } })
    expect(report.rows.filter((row) => row.action === 'error').map((row) => [row.rowNumber, row.problems])).toEqual([
      [5, ["Plusieurs organisations s'appellent « Club Gravelle » : indiquez leur SIRET."]],
      [6, ["Organisation introuvable dans l'annuaire : « Entreprise inconnue »."]],
      [7, ['Le prénom et le nom sont obligatoires (« Sans prénom »).']],
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
    // Karim was matched by email and kept his phone number, and his town (none) is not his firm's.
    expect(await store.db.selectFrom('people').select(['id', 'jobTitle', 'phone', 'townCode']).where('email', '=', 'karim@exemple.fr').execute()).toEqual([
      { id: karim, jobTitle: 'Trésorier', phone: '+33612345678', townCode: null },
    ])
    // A new person without a town is counted in the town of the organisation the row names.
    expect(await store.db.selectFrom('people').select(['firstName', 'townCode']).where('firstName', 'in', ['Hélène', 'Paul']).orderBy('id').execute()).toEqual([
      { firstName: 'Hélène', townCode: '94052' },
      { firstName: 'Paul', townCode: null },
    ])
    // Importing the same people again (matched by email, or by name within their organisation) adds no second person nor link.
    const again = await runImport(store.db, sheet(headers, file[1]!.cells, file[2]!.cells, file[3]!.cells), { target: 'people', mapping, defaultProfile: 'parent' }, true)
    expect(again).toMatchObject({ people: { created: 0, updated: 0, unchanged: 3 }, operationId: null })
    expect(await count(store, 'people')).toBe(3)
    expect(await count(store, 'affiliations')).toBe(3)
  })
})

describe('saved mappings', () => {
  it('reapplies a saved mapping and its values to a file whose columns are in another order', async () => {
    const store = await testStore()
    const headers = ['Structure', 'Identifiant', 'Mél. contact', 'Code interne']
    // Headers the guess does not know: the user maps them by hand, then saves the mapping.
    expect(guessMapping(headers, 'organisations')).toEqual({ 0: 'name', 1: null, 2: null, 3: null })
    await saveMapping(store.db, 'Export CCI', 'organisations', headers, { 0: 'name', 1: 'siret', 2: 'email', 3: 'profile' }, 'entreprise', { profile: { adherent: 'entreprise' } })

    const saved = (await listMappings(store.db)).find((mapping) => mapping.name === 'Export CCI')!
    expect(saved).toMatchObject({ target: 'organisations', mapping: { defaultProfile: 'entreprise', values: { profile: { adherent: 'entreprise' } } } })
    const reordered = ['Code interne', 'MÉL. CONTACT', 'Colonne ajoutée', 'Identifiant', 'Structure']
    const mapping = applySavedMapping(reordered, saved.mapping)
    expect(mapping).toEqual({ 0: 'profile', 1: 'email', 2: null, 3: 'siret', 4: 'name' })

    const report = await runImport(
      store.db,
      sheet(reordered, ['Adhérent', 'contact@cci.fr', 'x', SIRET_A, 'CCI Val-de-Marne']),
      organisations({ mapping, values: saved.mapping.values }),
      true,
    )
    expect(report.imported).toBe(1)
    expect(await store.db.selectFrom('organisations').select(['name', 'siret', 'email', 'profileCode', 'notes']).execute()).toEqual([
      { name: 'CCI Val-de-Marne', siret: SIRET_A, email: 'contact@cci.fr', profileCode: 'entreprise', notes: null },
    ])

    // Saving under the same name replaces the mapping.
    await saveMapping(store.db, 'Export CCI', 'contacts', headers, { 0: 'name', 1: 'siret', 2: 'email', 3: 'notes' }, 'association')
    const mappings = await listMappings(store.db)
    expect(mappings).toHaveLength(1)
    expect(mappings[0]!.target).toBe('contacts')
    expect(applySavedMapping(reordered, mappings[0]!.mapping)).toEqual({ 0: 'notes', 1: 'email', 2: null, 3: 'siret', 4: 'name' })
    expect(mappings[0]!.mapping.defaultProfile).toBe('association')
  })
})
