import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvField, SIRENE_COLUMNS, TERRITORY_TOWNS, writeSireneFile, type SireneFileOptions } from '../../scripts/sirene-fixture'
import { queryRows, queryValue, sha256, tempDir, testStore } from '../../tests/helpers/temp'
import { createOrganisation } from '../../db/actors/records'
import type { Store } from '../../db/backend'
import { AppError } from '../../db/errors'
import { luhnValid } from '../../db/rules/identifiers'
import type { Progress } from '../api/define'
import { importSirene } from './sirene-import'

// The header of INSEE's « StockEtablissement » file, as published (written out here rather than
// taken from the fixture, so that a change to the fixture's header shows).
const REAL_HEADER =
  'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,anneeEffectifsEtablissement,' +
  'activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,etablissementSiege,nombrePeriodesEtablissement,' +
  'complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,' +
  'indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,' +
  'libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,' +
  'codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,' +
  'identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,' +
  'complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,' +
  'libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,' +
  'distributionSpeciale2Etablissement,codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,' +
  'codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,' +
  'enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,' +
  'nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement'

const TERRITORY = new Set(['94015', '94017', '94018', '94033', '94042', '94046', '94052', '94058', '94067', '94068', '94069', '94079', '94080'])

type SireneRecord = Record<string, string>

function readRecords(file: string): SireneRecord[] {
  return parse(fs.readFileSync(file, 'utf8'), { columns: true }) as SireneRecord[]
}

function writeRecords(file: string, records: SireneRecord[], columns: readonly string[] = SIRENE_COLUMNS): void {
  const lines = [columns.join(','), ...records.map((record) => columns.map((column) => csvField(record[column] ?? '')).join(','))]
  fs.writeFileSync(file, `${lines.join('\n')}\n`)
}

async function generate(options: Partial<SireneFileOptions> = {}, name = 'StockEtablissement.csv') {
  const file = path.join(tempDir(), name)
  const summary = await writeSireneFile(file, { rows: 1500, territoryShare: 0.25, seed: 7, closedShare: 0.25, ...options })
  return { file, summary, records: readRecords(file) }
}

const inTerritory = (record: SireneRecord) => TERRITORY.has(record.codeCommuneEtablissement!)
const active = (record: SireneRecord) => record.etatAdministratifEtablissement === 'A'

/** What the importer should make of a line, computed here independently. */
function expectedOrganisation(record: SireneRecord) {
  const siret = record.siret!
  const address = [record.numeroVoieEtablissement, record.indiceRepetitionEtablissement, record.typeVoieEtablissement, record.libelleVoieEtablissement].filter(Boolean).join(' ')
  return {
    siret,
    siren: siret.slice(0, 9),
    name: record.denominationUsuelleEtablissement || record.enseigne1Etablissement || `Établissement ${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`,
    townCode: record.codeCommuneEtablissement,
    postalCode: record.codePostalEtablissement,
    address: address || null,
    nafCode: record.activitePrincipaleEtablissement!.replace('.', ''),
    workforceBand: record.trancheEffectifsEtablissement || null,
    profileCode: 'entreprise',
    status: 'prospect',
    source: 'sirene',
    sireneState: 'A',
    closedOn: null,
  }
}

async function organisations(store: Store) {
  return store.db
    .selectFrom('organisations')
    .select(['siret', 'siren', 'name', 'townCode', 'postalCode', 'address', 'nafCode', 'workforceBand', 'profileCode', 'status', 'source', 'sireneState', 'closedOn'])
    .orderBy('siret')
    .execute()
}

/** Everything an import could change. */
async function snapshot(store: Store) {
  return {
    organisations: await store.db.selectFrom('organisations').selectAll().orderBy('id').execute(),
    // PostgreSQL's sequences move on whatever becomes of the transaction (ids are not data there).
    sequence: store.kind === 'sqlite' ? await queryRows(store, 'select name, seq from sqlite_sequence order by name') : null,
    index: await queryValue(store, 'select count(*) from search_index'),
    audit: await queryValue(store, 'select count(*) from audit_log'),
    operations: await queryValue(store, 'select count(*) from audit_operations'),
  }
}

/** The titles the search finds for a SIRET. */
async function searchTitles(store: Store, siret: string): Promise<string[]> {
  if (store.kind === 'sqlite') return (await store.backend.search(siret, 10)).map((hit) => hit.title)
  // The search itself is not on PostgreSQL yet: the index rows its triggers wrote, found by their words.
  const rows = await queryRows<{ name: string }>(
    store,
    "select o.name from search_index s join organisations o on s.row_id = o.id * 4 where s.words @@ plainto_tsquery('vitawin', ?)",
    siret,
  )
  return rows.map((row) => row.name)
}

async function refused(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe('file_invalid')
  return error as AppError
}

const noProgress = () => {}

describe('writeSireneFile', () => {
  it('writes the real header, valid and unique SIRETs, and lines that parse to every column', async () => {
    const { file, summary, records } = await generate({ rows: 4000, territoryShare: 0.3, seed: 11, closedShare: 0.2 })
    const text = fs.readFileSync(file, 'utf8')
    expect(text.slice(0, text.indexOf('\n'))).toBe(REAL_HEADER)
    // Every line has exactly the header's columns (csv-parse refuses a line that has not).
    const raw = parse(text, { from_line: 2 }) as string[][]
    expect(raw).toHaveLength(4000)
    expect(new Set(raw.map((line) => line.length))).toEqual(new Set([53]))
    expect(summary).toMatchObject({ rows: 4000, bytes: Buffer.byteLength(text) })

    const sirets = new Set<string>()
    for (const record of records) {
      expect(record.siret).toMatch(/^\d{14}$/)
      expect(record.siret).toBe(`${record.siren}${record.nic}`)
      expect(luhnValid(record.siret!), record.siret).toBe(true)
      expect(luhnValid(record.siren!), record.siren).toBe(true)
      expect(record.etatAdministratifEtablissement).toMatch(/^[AF]$/)
      expect(record.dateCreationEtablissement).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(record.activitePrincipaleEtablissement).toMatch(/^\d{2}\.\d{2}[A-Z]$/)
      expect(record.codePostalEtablissement).toMatch(/^\d{5}$/)
      sirets.add(record.siret!)
    }
    expect(sirets.size).toBe(4000)
    // Companies with several establishments share their SIREN.
    expect(new Set(records.map((record) => record.siren)).size).toBeLessThan(4000)

    const territory = records.filter(inTerritory)
    expect(summary.inTerritory).toBe(territory.length)
    expect(summary.activeInTerritory).toBe(territory.filter(active).length)
    expect(summary.closed).toBe(records.filter((record) => !active(record)).length)
    expect(territory.length / 4000).toBeGreaterThan(0.26)
    expect(territory.length / 4000).toBeLessThan(0.34)
    expect(summary.closed / 4000).toBeGreaterThan(0.17)
    expect(summary.closed / 4000).toBeLessThan(0.23)
    expect(new Set(territory.map((record) => record.codeCommuneEtablissement))).toEqual(TERRITORY)
    // The rest lies elsewhere, neighbouring towns of the same department included.
    expect(records.some((record) => record.codeCommuneEtablissement!.startsWith('94') && !inTerritory(record))).toBe(true)
    // Some fields hold commas or quotes, and so are quoted in the file.
    expect(records.some((record) => record.denominationUsuelleEtablissement!.includes(','))).toBe(true)
    expect(records.some((record) => record.complementAdresseEtablissement!.includes(','))).toBe(true)
    expect(records.some((record) => record.denominationUsuelleEtablissement!.includes('"') || record.enseigne1Etablissement!.includes('"'))).toBe(true)
    expect(text).toContain('""')
  })

  it('writes the same file for the same seed, another for another seed', async () => {
    const first = await generate({ rows: 800, seed: 3 }, 'a.csv')
    const again = await generate({ rows: 800, seed: 3 }, 'b.csv')
    const other = await generate({ rows: 800, seed: 4 }, 'c.csv')
    expect(sha256(again.file)).toBe(sha256(first.file))
    expect(sha256(other.file)).not.toBe(sha256(first.file))
  })

  it('honours the shares at their extremes', async () => {
    const none = await generate({ rows: 300, territoryShare: 0, closedShare: 0 })
    expect(none.records.filter(inTerritory)).toEqual([])
    expect(none.records.every(active)).toBe(true)
    const all = await generate({ rows: 300, territoryShare: 1, closedShare: 1 })
    expect(all.records.every(inTerritory)).toBe(true)
    expect(all.summary).toMatchObject({ inTerritory: 300, activeInTerritory: 0, closed: 300 })
  })

  it('names the territory’s 13 towns with their INSEE codes', () => {
    expect(new Set(TERRITORY_TOWNS.map((town) => town.code))).toEqual(TERRITORY)
  })
})

describe('importSirene', () => {
  it('turns the active establishments of the territory into prospects, and nothing else', async () => {
    const store = await testStore()
    const { file, records } = await generate()
    const progress: Progress[] = []
    const report = await importSirene(store, file, (step) => progress.push(step))

    const wanted = records.filter((record) => inTerritory(record) && active(record))
    expect(wanted.length).toBeGreaterThan(200)
    expect(await organisations(store)).toEqual(wanted.map(expectedOrganisation).sort((a, b) => (a.siret < b.siret ? -1 : 1)))
    expect(report).toEqual({
      created: wanted.length,
      updated: 0,
      closed: 0,
      skippedClosed: records.filter((record) => inTerritory(record) && !active(record)).length,
      linesRead: records.length + 1,
      inTerritory: records.filter(inTerritory).length,
    })
    const size = fs.statSync(file).size
    expect(progress.at(-1)).toEqual({ phase: 'Import terminé', done: size, total: size })
    expect(progress.some((step) => step.phase === 'Lecture du fichier SIRENE')).toBe(true)

    // Names with a comma or quotes came through whole.
    const awkward = wanted.find((record) => /[",]/.test(record.denominationUsuelleEtablissement || record.enseigne1Etablissement || ''))
    expect(awkward).toBeDefined()
    const name = expectedOrganisation(awkward!).name
    expect(await store.db.selectFrom('organisations').select('name').where('siret', '=', awkward!.siret!).executeTakeFirstOrThrow()).toEqual({ name })
    // The prospects are searchable.
    const sample = wanted.find((record) => record.denominationUsuelleEtablissement === 'BOULANGERIE DU MARCHE, SARL') ?? wanted[0]!
    expect(await searchTitles(store, sample.siret!)).toEqual([expectedOrganisation(sample).name])
    if (store.kind === 'sqlite') expect(store.sqlite.pragma('foreign_key_check')).toEqual([])
  })

  it('marks closed establishments on a new import and refreshes the others without duplicates', async () => {
    const store = await testStore()
    const { file, records } = await generate()
    await importSirene(store, file, noProgress)
    const before = await store.db.selectFrom('organisations').select(['id', 'siret']).orderBy('id').execute()

    const imported = records.filter((record) => inTerritory(record) && active(record))
    const closing = imported.slice(0, 6)
    const renamed = imported.slice(10, 13)
    for (const record of closing) Object.assign(record, { etatAdministratifEtablissement: 'F', dateDebut: '2025-06-30' })
    for (const [index, record] of renamed.entries()) {
      Object.assign(record, { denominationUsuelleEtablissement: `NOUVELLE ENSEIGNE ${index}`, trancheEffectifsEtablissement: '42', codePostalEtablissement: '94999' })
    }
    // A closed establishment with no date of its own is closed as of the import.
    Object.assign(imported[20]!, { etatAdministratifEtablissement: 'F', dateDebut: '' })
    const second = path.join(tempDir(), 'StockEtablissement-2.csv')
    writeRecords(second, records)

    const report = await importSirene(store, second, noProgress)
    expect(report).toMatchObject({ created: 0, closed: 7, updated: imported.length - 7 })
    // The same records, none added.
    expect(await store.db.selectFrom('organisations').select(['id', 'siret']).orderBy('id').execute()).toEqual(before)

    for (const record of closing) {
      expect(await store.db.selectFrom('organisations').select(['sireneState', 'closedOn', 'status']).where('siret', '=', record.siret!).executeTakeFirstOrThrow()).toEqual({
        sireneState: 'F',
        closedOn: '2025-06-30',
        status: 'prospect',
      })
    }
    const today = new Date().toISOString().slice(0, 10)
    const undated = await store.db.selectFrom('organisations').select(['closedOn', 'sireneUpdatedOn']).where('siret', '=', imported[20]!.siret!).executeTakeFirstOrThrow()
    expect(undated.closedOn).not.toBeNull()
    expect(Math.abs(Date.parse(undated.closedOn!) - Date.parse(today))).toBeLessThanOrEqual(86_400_000)
    expect(undated.sireneUpdatedOn).toBe(undated.closedOn)
    for (const [index, record] of renamed.entries()) {
      expect(await store.db.selectFrom('organisations').select(['name', 'workforceBand', 'postalCode', 'closedOn']).where('siret', '=', record.siret!).executeTakeFirstOrThrow()).toEqual({
        name: `NOUVELLE ENSEIGNE ${index}`,
        workforceBand: '42',
        postalCode: '94999',
        closedOn: null,
      })
    }
    // A third import of the same file changes nothing more.
    const third = await importSirene(store, second, noProgress)
    expect(third).toMatchObject({ created: 0, closed: 0, updated: imported.length })
    expect(await store.db.selectFrom('organisations').select('closedOn').where('siret', '=', closing[0]!.siret!).executeTakeFirstOrThrow()).toEqual({ closedOn: '2025-06-30' })

    // Re-opened in the register: no longer closed.
    closing[0]!.etatAdministratifEtablissement = 'A'
    writeRecords(second, records)
    await importSirene(store, second, noProgress)
    expect(await store.db.selectFrom('organisations').select(['sireneState', 'closedOn']).where('siret', '=', closing[0]!.siret!).executeTakeFirstOrThrow()).toEqual({ sireneState: 'A', closedOn: null })
  })

  it('keeps the name of an organisation entered by hand with the same SIRET', async () => {
    const store = await testStore()
    const { file, records } = await generate()
    const target = records.find((record) => inTerritory(record) && active(record) && record.denominationUsuelleEtablissement)!
    const id = await createOrganisation(store.db, {
      name: 'Boulangerie de Paul (notre partenaire)',
      profileCode: 'association',
      townCode: '94080',
      siret: target.siret,
      status: 'vitawiner',
      joinedOn: '2024-09-01',
      notes: 'Saisie à la main',
    })
    const report = await importSirene(store, file, noProgress)
    const wanted = records.filter((record) => inTerritory(record) && active(record))
    expect(report).toMatchObject({ created: wanted.length - 1, updated: 1 })
    const rows = await store.db.selectFrom('organisations').selectAll().where('siret', '=', target.siret!).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      id,
      name: 'Boulangerie de Paul (notre partenaire)',
      profileCode: 'association',
      status: 'vitawiner',
      joinedOn: '2024-09-01',
      notes: 'Saisie à la main',
      source: 'saisie',
      // Register facts are refreshed.
      nafCode: target.activitePrincipaleEtablissement!.replace('.', ''),
      townCode: target.codeCommuneEtablissement,
      sireneState: 'A',
    })
  })

  it('refuses a file without the siret column, in French, and writes nothing', async () => {
    const store = await testStore()
    const { file, records } = await generate()
    await importSirene(store, file, noProgress)
    const before = await snapshot(store)

    const withoutSiret = path.join(tempDir(), 'sans-siret.csv')
    writeRecords(withoutSiret, records.map((record) => ({ ...record, denominationUsuelleEtablissement: 'RENOMMÉ' })), SIRENE_COLUMNS.filter((column) => column !== 'siret'))
    const error = await refused(importSirene(store, withoutSiret, noProgress))
    expect(error.message).toBe("Ce fichier n'est pas un fichier SIRENE « StockEtablissement » : colonne siret absente.")
    expect(await snapshot(store)).toEqual(before)

    const other = path.join(tempDir(), 'annuaire.csv')
    fs.writeFileSync(other, 'Nom;Ville;SIRET\nBoulangerie;Vincennes;94123456900015\n')
    const foreign = await refused(importSirene(store, other, noProgress))
    expect(foreign.message).toMatch(/colonnes siret, codeCommuneEtablissement, etatAdministratifEtablissement absentes\.$/)

    const empty = path.join(tempDir(), 'vide.csv')
    fs.writeFileSync(empty, '')
    expect((await refused(importSirene(store, empty, noProgress))).message).toBe('Le fichier SIRENE est vide.')
    expect(await snapshot(store)).toEqual(before)
  })

  it('writes nothing from a file cut off in the middle of a quoted field', async () => {
    const store = await testStore()
    const { file } = await generate()
    const text = fs.readFileSync(file, 'utf8')
    const lines = text.split('\n')
    // Cut inside a quoted field of a line far into the file: every territory line before it is intact.
    const communeAt = (line: string) => Math.max(...[...TERRITORY].map((code) => line.indexOf(`,${code},`)))
    const cutIn = (after: number, pick: (line: string) => boolean) => {
      const index = lines.findIndex((line, i) => i > after && line.includes(',"') && pick(line))
      expect(index).toBeGreaterThan(0)
      const line = lines[index]!
      const truncated = path.join(tempDir(), 'tronque.csv')
      fs.writeFileSync(truncated, `${lines.slice(0, index).join('\n')}\n${line.slice(0, line.lastIndexOf(',"') + 6)}`)
      return truncated
    }
    const before = await snapshot(store)
    const outside = cutIn(1000, (line) => communeAt(line) < 0)
    // A territory line whose commune code comes before the cut.
    const inside = cutIn(300, (line) => communeAt(line) > 0 && line.lastIndexOf(',"') > communeAt(line))
    for (const truncated of [outside, inside]) {
      const error = await refused(importSirene(store, truncated, noProgress))
      expect(error.message).toMatch(/Rien n'a été importé/)
      expect(await snapshot(store)).toEqual(before)
    }
    if (store.kind === 'sqlite') expect(store.sqlite.inTransaction).toBe(false)
  })

  it('writes nothing from a file with a malformed line', async () => {
    const store = await testStore()
    const { file, records } = await generate()
    const before = await snapshot(store)
    const text = fs.readFileSync(file, 'utf8')
    const lines = text.split('\n')
    const territoryIndex = lines.findIndex((line, i) => i > 700 && TERRITORY.has(line.split(',')[22] ?? ''))
    expect(territoryIndex).toBeGreaterThan(0)
    const line = lines[territoryIndex]!
    const variants = {
      // A quote inside an unquoted field.
      strayQuotes: line.replace(/,NAFRev2,/, ',NAF"Rev"2,'),
      // A quoted field never closed, in the middle of the file.
      unclosedQuote: line.replace(/,NAFRev2,/, ',"NAFRev2,'),
      // A column missing: every field after it would be shifted.
      missingColumn: line.replace(/,NAFRev2,/, ','),
      // A column too many.
      extraColumn: line.replace(/,NAFRev2,/, ',NAFRev2,X,'),
    }
    for (const [name, broken] of Object.entries(variants)) {
      expect(broken, name).not.toBe(line)
      const malformed = path.join(tempDir(), `${name}.csv`)
      fs.writeFileSync(malformed, [...lines.slice(0, territoryIndex), broken, ...lines.slice(territoryIndex + 1)].join('\n'))
      const error = await refused(importSirene(store, malformed, noProgress))
      expect(error.message, name).toMatch(new RegExp(`^Ligne ${territoryIndex + 1}\\b`))
      expect(await snapshot(store), name).toEqual(before)
    }
    // The intact file imports.
    expect((await importSirene(store, file, noProgress)).created).toBe(records.filter((record) => inTerritory(record) && active(record)).length)
  })

  it('reads a file with a byte-order mark and Windows line ends', async () => {
    const store = await testStore()
    const { file, records } = await generate({ rows: 600 })
    const windows = path.join(tempDir(), 'windows.csv')
    fs.writeFileSync(windows, `\uFEFF${fs.readFileSync(file, 'utf8').replaceAll('\n', '\r\n')}`)
    const report = await importSirene(store, windows, noProgress)
    const wanted = records.filter((record) => inTerritory(record) && active(record))
    expect(report.created).toBe(wanted.length)
    expect(await organisations(store)).toEqual(wanted.map(expectedOrganisation).sort((a, b) => (a.siret < b.siret ? -1 : 1)))
  })
})
