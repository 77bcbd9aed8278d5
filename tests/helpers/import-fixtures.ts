import fs from 'node:fs'
import ExcelJS from 'exceljs'
import type { Store } from '../../db/backend'
import { introspectionOf } from '../../db/introspection'
import { queryRows, queryValue } from './temp'

// The kind of file the animators bring: a title merged across the columns, a note and an empty
// line above the table, a hidden column, an organisation's cells merged over its two contacts,
// two lines of one organisation (same SIRET), messy cells, a type the tables of words do not
// know, a total line, a note below, and a second sheet. And what must land from it, exactly.

export const SIRET = '94123456900015'

export const HEADERS = ['Structure', 'Type', 'Code interne', 'SIRET', 'Ville', 'CP', 'Contact', 'Fonction', 'E-mail', 'Téléphone', 'Date de premier contact', 'Commentaire']

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))

/** Writes the annuaire as Excel would (exceljs): the header is row 4, the data rows 5 to 11. */
export async function writeAnnuaire(file: string): Promise<string> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Annuaire')
  sheet.getCell('A1').value = 'Réseau Vitawin – annuaire des partenaires'
  sheet.mergeCells('A1:L1')
  sheet.getCell('A1').font = { bold: true, size: 14 }
  sheet.getCell('A2').value = 'Mis à jour le 12/03/2025 – fichier partagé du service développement économique'
  sheet.getRow(4).values = HEADERS
  const rows: ExcelJS.CellValue[][] = [
    ['Collège Jean Moulin', 'Collège', 'X-001', null, 'Vincennes', '94300', 'Mme Nadia Benali', 'Principale', 'nadia.benali@ac-creteil.fr', '01 43 28 00 00', utc(2025, 9, 15), null],
    [null, null, 'X-001', null, null, null, 'M. DUPONT Jean', 'CPE', null, '06 12 34 56 78', utc(2025, 9, 15), null],
    ['Boulangerie Dupont', 'PME', 'X-002', SIRET, 'St-Maur-des-Fossés', '94100', 'Jean-Marc Lefèvre', 'Gérant', 'jm@boulangerie.fr ; contact@boulangerie.fr', null, null, 'Client depuis 2019'],
    ['Mairie de Nogent', null, 'X-003', null, 'Nogent', '94130', null, null, 'accueil@nogent.fr', '01 48 71 00 00 / 01 48 71 00 01', utc(2024, 10, 2), null],
    ['Club Gravelle Entreprendre', "Club d'entreprises", 'X-004', null, 'Charenton', '94220', 'M. Martin', 'Président', 'martin@gravelle.fr', null, null, null],
    ['Boulangerie Dupont', 'PME', 'X-002', SIRET, 'Saint-Maur-des-Fossés', '94100', 'Inès Moreau', 'Apprentie', 'ines@boulangerie.fr', null, null, null],
    ['Agence régionale de santé', 'Structure publique', 'X-005', null, 'Créteil', '94000', null, null, null, null, null, null],
  ]
  rows.forEach((values, index) => {
    const row = sheet.getRow(5 + index)
    row.values = values
    row.getCell(11).numFmt = 'dd/mm/yyyy'
  })
  // The college's cells span its two contacts.
  for (const column of ['A', 'B', 'E', 'F']) sheet.mergeCells(`${column}5:${column}6`)
  sheet.getCell('A13').value = 'TOTAL'
  sheet.getCell('B13').value = { formula: 'COUNTA(A5:A11)', result: 6 }
  sheet.getCell('A15').value = 'Source : service du développement économique, PEMB'
  sheet.getColumn(3).hidden = true
  sheet.getColumn(11).numFmt = 'dd/mm/yyyy'
  const lists = workbook.addWorksheet('Listes')
  lists.addRow(['Types'])
  for (const type of ['Collège', 'Lycée', 'Mairie', 'PME', "Club d'entreprises"]) lists.addRow([type])
  await workbook.xlsx.writeFile(file)
  return file
}

/** The choice the user makes for the type the tables of words do not know. */
export const VALUES = { profile: { 'structure publique': 'institution' } }

/** The same table as French Excel saves it in « CSV (séparateur : point-virgule) »: merged cells empty, the hidden column shown. */
export function annuaireCsv(): string {
  const lines = [
    'Réseau Vitawin – annuaire des partenaires;;;;;;;;;;;',
    'Mis à jour le 12/03/2025 – fichier partagé du service développement économique;;;;;;;;;;;',
    ';;;;;;;;;;;',
    HEADERS.join(';'),
    'Collège Jean Moulin;Collège;X-001;;Vincennes;94300;Mme Nadia Benali;Principale;nadia.benali@ac-creteil.fr;01 43 28 00 00;15/09/2025;',
    ';;X-001;;;;M. DUPONT Jean;CPE;;06 12 34 56 78;15/09/2025;',
    // Excel quotes a cell that holds the separator.
    `Boulangerie Dupont;PME;X-002;${SIRET};St-Maur-des-Fossés;94100;Jean-Marc Lefèvre;Gérant;"jm@boulangerie.fr ; contact@boulangerie.fr";;;Client depuis 2019`,
    'Mairie de Nogent;;X-003;;Nogent;94130;;;accueil@nogent.fr;01 48 71 00 00 / 01 48 71 00 01;02/10/2024;',
    "Club Gravelle Entreprendre;Club d'entreprises;X-004;;Charenton;94220;M. Martin;Président;martin@gravelle.fr;;;",
    `Boulangerie Dupont;PME;X-002;${SIRET};Saint-Maur-des-Fossés;94100;Inès Moreau;Apprentie;ines@boulangerie.fr;;;`,
    'Agence régionale de santé;Structure publique;X-005;;Créteil;94000;;;;;;',
    ';;;;;;;;;;;',
    'TOTAL;6;;;;;;;;;;',
    ';;;;;;;;;;;',
    'Source : service du développement économique, PEMB;;;;;;;;;;;',
  ]
  return `${lines.join('\r\n')}\r\n`
}

/** Windows-1252, as French Excel writes its CSV (€ and œ in their 0x80–0x9F places, not needed here). */
export function windows1252(text: string): Buffer {
  return Buffer.from(text, 'latin1')
}

export function writeAnnuaireCsv(file: string, encoding: 'windows-1252' | 'utf-8-bom'): string {
  const text = annuaireCsv()
  fs.writeFileSync(file, encoding === 'windows-1252' ? windows1252(text) : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))
  return file
}

/** Tables an import may write to; every other data table must stay empty. */
const WRITTEN = ['organisations', 'people', 'affiliations', 'interactions', 'tags', 'actor_tags', 'networks', 'actor_networks', 'actor_action_fields', 'engagement_offers']
/** Tables that are not data: reference lists, bookkeeping, the audit trail, settings, saved mappings. */
const NOT_DATA = /^(sqlite_|search_index|audit_|schema_migrations$|territory$|towns$|town_postal_codes$|actor_profiles$|action_fields$|offer_types$|school_levels$|programme_step_templates$|impact_dimensions$|indicators$|settings$|import_mappings$|programmes$)/

/** What landed: the records of the tables an import writes, and the names of any other data table that is not empty. */
export async function landed(store: Store) {
  const rows = (text: string) => queryRows(store, text)
  const count = async (table: string) => Number(await queryValue(store, `select count(*) from "${table}"`))
  const tables = (await introspectionOf(store.db).tables()).sort()
  const others: string[] = []
  for (const table of tables) if (!WRITTEN.includes(table) && !NOT_DATA.test(table) && (await count(table)) !== 0) others.push(table)
  const links: [string, number][] = []
  for (const table of WRITTEN.slice(4)) {
    const rowCount = await count(table)
    if (rowCount !== 0) links.push([table, rowCount])
  }
  return {
    organisations: await rows('select name, profile_code, town_code, outside_town, postal_code, siret, email, phone, status, notes, source from organisations order by id'),
    people: await rows('select first_name, last_name, profile_code, town_code, email, phone, job_title, status, notes from people order by id'),
    // Links by the names of what they link, whatever the numbers of the records.
    affiliations: await rows(`select p.first_name || ' ' || p.last_name as person, o.name as organisation, a.role from affiliations a
      join people p on p.id = a.person_id join organisations o on o.id = a.organisation_id order by a.id`),
    interactions: await rows(`select o.name as organisation, p.first_name || ' ' || p.last_name as person, c.first_name || ' ' || c.last_name as contact, i.kind, i.occurred_on, i.animator, i.summary
      from interactions i left join organisations o on o.id = i.organisation_id left join people p on p.id = i.person_id left join people c on c.id = i.contact_person_id order by i.id`),
    links,
    others,
  }
}

/**
 * A report as its preview announces it. On PostgreSQL, a rolled-back preview still moves the id
 * sequences on, so the records the import then creates get later numbers than announced: the
 * records' numbers are left out of the comparison there.
 */
export function comparable<T>(store: Store, report: T): T {
  if (store.kind === 'sqlite') return report
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value
    const entries = Object.entries(value).map(([key, inner]) => [key, walk(inner)])
    const object = Object.fromEntries(entries) as Record<string, unknown>
    if (typeof object.action === 'string' && typeof object.key === 'string') object.key = `${object.key[0]}?`
    return object
  }
  return walk(report) as T
}

/** What the annuaire must land, and nothing else (`fileName`: the name the journal entries quote). */
export function expectedAnnuaire(fileName: string, animator: string) {
  const summary = `Premier contact (repris du fichier « ${fileName} »)`
  return {
    organisations: [
      { name: 'Collège Jean Moulin', profile_code: 'education', town_code: '94080', outside_town: null, postal_code: '94300', siret: null, email: null, phone: null, status: 'prospect', notes: null, source: 'import' },
      { name: 'Boulangerie Dupont', profile_code: 'entreprise', town_code: '94068', outside_town: null, postal_code: '94100', siret: SIRET, email: null, phone: null, status: 'prospect', notes: 'Client depuis 2019', source: 'import' },
      { name: 'Mairie de Nogent', profile_code: 'collectivite', town_code: '94052', outside_town: null, postal_code: '94130', siret: null, email: 'accueil@nogent.fr', phone: '+33148710000', status: 'prospect', notes: 'Autres téléphones : 01 48 71 00 01', source: 'import' },
      { name: 'Club Gravelle Entreprendre', profile_code: 'institution', town_code: '94018', outside_town: null, postal_code: '94220', siret: null, email: null, phone: null, status: 'prospect', notes: 'Contact : M. Martin (Président)\nCourriel du contact : martin@gravelle.fr', source: 'import' },
      { name: 'Agence régionale de santé', profile_code: 'institution', town_code: null, outside_town: 'Créteil', postal_code: '94000', siret: null, email: null, phone: null, status: 'prospect', notes: null, source: 'import' },
    ],
    // The contacts are counted in their organisation's town.
    people: [
      { first_name: 'Nadia', last_name: 'Benali', profile_code: 'education', town_code: '94080', email: 'nadia.benali@ac-creteil.fr', phone: '+33143280000', job_title: 'Principale', status: 'prospect', notes: null },
      { first_name: 'Jean', last_name: 'Dupont', profile_code: 'education', town_code: '94080', email: null, phone: '+33612345678', job_title: 'CPE', status: 'prospect', notes: null },
      { first_name: 'Jean-Marc', last_name: 'Lefèvre', profile_code: 'entreprise', town_code: '94068', email: 'jm@boulangerie.fr', phone: null, job_title: 'Gérant', status: 'prospect', notes: 'Autres courriels : contact@boulangerie.fr' },
      { first_name: 'Inès', last_name: 'Moreau', profile_code: 'entreprise', town_code: '94068', email: 'ines@boulangerie.fr', phone: null, job_title: 'Apprentie', status: 'prospect', notes: null },
    ],
    affiliations: [
      { person: 'Nadia Benali', organisation: 'Collège Jean Moulin', role: 'Principale' },
      { person: 'Jean Dupont', organisation: 'Collège Jean Moulin', role: 'CPE' },
      { person: 'Jean-Marc Lefèvre', organisation: 'Boulangerie Dupont', role: 'Gérant' },
      { person: 'Inès Moreau', organisation: 'Boulangerie Dupont', role: 'Apprentie' },
    ],
    interactions: [
      { organisation: 'Collège Jean Moulin', person: null, contact: 'Nadia Benali', kind: 'rencontre', occurred_on: '2025-09-15', animator, summary },
      { organisation: 'Collège Jean Moulin', person: null, contact: 'Jean Dupont', kind: 'rencontre', occurred_on: '2025-09-15', animator, summary },
      { organisation: 'Mairie de Nogent', person: null, contact: null, kind: 'rencontre', occurred_on: '2024-10-02', animator, summary },
    ],
    links: [],
    others: [],
  }
}
