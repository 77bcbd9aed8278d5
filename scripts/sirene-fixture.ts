import fs from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { luhnCheckDigit } from '../db/rules/identifiers'
import { createRandom, type Random } from '../db/sqlite/demo/random'

// A fictional SIRENE « StockEtablissement » file for tests and benchmarks: the real header (the
// same columns in the same order), valid SIRETs (Luhn keys), realistic values, some fields quoted
// because they hold commas or quotes, a share of the lines in the 13 towns of the territory and the
// rest elsewhere in France. Written line by line through a small buffer: a million lines take no
// more memory than ten.

export const SIRENE_COLUMNS = [
  'siren',
  'nic',
  'siret',
  'statutDiffusionEtablissement',
  'dateCreationEtablissement',
  'trancheEffectifsEtablissement',
  'anneeEffectifsEtablissement',
  'activitePrincipaleRegistreMetiersEtablissement',
  'dateDernierTraitementEtablissement',
  'etablissementSiege',
  'nombrePeriodesEtablissement',
  'complementAdresseEtablissement',
  'numeroVoieEtablissement',
  'indiceRepetitionEtablissement',
  'dernierNumeroVoieEtablissement',
  'indiceRepetitionDernierNumeroVoieEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
  'libelleCommuneEtrangerEtablissement',
  'distributionSpecialeEtablissement',
  'codeCommuneEtablissement',
  'codeCedexEtablissement',
  'libelleCedexEtablissement',
  'codePaysEtrangerEtablissement',
  'libellePaysEtrangerEtablissement',
  'identifiantAdresseEtablissement',
  'coordonneeLambertAbscisseEtablissement',
  'coordonneeLambertOrdonneeEtablissement',
  'complementAdresse2Etablissement',
  'numeroVoie2Etablissement',
  'indiceRepetition2Etablissement',
  'typeVoie2Etablissement',
  'libelleVoie2Etablissement',
  'codePostal2Etablissement',
  'libelleCommune2Etablissement',
  'libelleCommuneEtranger2Etablissement',
  'distributionSpeciale2Etablissement',
  'codeCommune2Etablissement',
  'codeCedex2Etablissement',
  'libelleCedex2Etablissement',
  'codePaysEtranger2Etablissement',
  'libellePaysEtranger2Etablissement',
  'dateDebut',
  'etatAdministratifEtablissement',
  'enseigne1Etablissement',
  'enseigne2Etablissement',
  'enseigne3Etablissement',
  'denominationUsuelleEtablissement',
  'activitePrincipaleEtablissement',
  'nomenclatureActivitePrincipaleEtablissement',
  'caractereEmployeurEtablissement',
] as const

export type SireneColumn = (typeof SIRENE_COLUMNS)[number]

interface Town {
  code: string
  postalCode: string
  name: string
}

/** The 13 towns of Paris Est Marne et Bois, as SIRENE writes them. */
export const TERRITORY_TOWNS: readonly Town[] = [
  { code: '94015', postalCode: '94360', name: 'BRY-SUR-MARNE' },
  { code: '94017', postalCode: '94500', name: 'CHAMPIGNY-SUR-MARNE' },
  { code: '94018', postalCode: '94220', name: 'CHARENTON-LE-PONT' },
  { code: '94033', postalCode: '94120', name: 'FONTENAY-SOUS-BOIS' },
  { code: '94042', postalCode: '94340', name: 'JOINVILLE-LE-PONT' },
  { code: '94046', postalCode: '94700', name: 'MAISONS-ALFORT' },
  { code: '94052', postalCode: '94130', name: 'NOGENT-SUR-MARNE' },
  { code: '94058', postalCode: '94170', name: 'LE PERREUX-SUR-MARNE' },
  { code: '94067', postalCode: '94160', name: 'SAINT-MANDE' },
  { code: '94068', postalCode: '94100', name: 'SAINT-MAUR-DES-FOSSES' },
  { code: '94069', postalCode: '94410', name: 'SAINT-MAURICE' },
  { code: '94079', postalCode: '94350', name: 'VILLIERS-SUR-MARNE' },
  { code: '94080', postalCode: '94300', name: 'VINCENNES' },
]

// Elsewhere, including neighbours of the territory (same department, close postal codes).
const OTHER_TOWNS: readonly Town[] = [
  { code: '94028', postalCode: '94000', name: 'CRETEIL' },
  { code: '94041', postalCode: '94200', name: 'IVRY-SUR-SEINE' },
  { code: '94081', postalCode: '94400', name: 'VITRY-SUR-SEINE' },
  { code: '94071', postalCode: '94370', name: 'SUCY-EN-BRIE' },
  { code: '93048', postalCode: '93100', name: 'MONTREUIL' },
  { code: '93064', postalCode: '93340', name: 'LE RAINCY' },
  { code: '75111', postalCode: '75011', name: 'PARIS 11' },
  { code: '75112', postalCode: '75012', name: 'PARIS 12' },
  { code: '75120', postalCode: '75020', name: 'PARIS 20' },
  { code: '92050', postalCode: '92000', name: 'NANTERRE' },
  { code: '69381', postalCode: '69001', name: 'LYON 1' },
  { code: '13201', postalCode: '13001', name: 'MARSEILLE 1' },
  { code: '33063', postalCode: '33000', name: 'BORDEAUX' },
  { code: '59350', postalCode: '59000', name: 'LILLE' },
  { code: '31555', postalCode: '31000', name: 'TOULOUSE' },
  { code: '44109', postalCode: '44000', name: 'NANTES' },
  { code: '67482', postalCode: '67000', name: 'STRASBOURG' },
  { code: '2A004', postalCode: '20000', name: 'AJACCIO' },
  { code: '97411', postalCode: '97400', name: 'SAINT-DENIS' },
]

const BANDS = ['NN', '00', '01', '02', '03', '11', '12', '21', '22', '31', '32', '41', '42', '51', '52', '53']
const NAF = ['10.71C', '47.24Z', '43.32A', '43.22A', '45.20A', '56.10A', '56.30Z', '62.01Z', '69.20Z', '70.22Z', '71.12B', '85.59A', '86.21Z', '94.99Z', '96.02A', '47.11D', '49.41A', '68.20B']
const STREET_TYPES = ['RUE', 'RUE', 'RUE', 'AV', 'AV', 'BD', 'PL', 'ALL', 'CHE', 'QUAI', 'IMP', 'RTE', 'SQ']
const STREETS = [
  'DE LA REPUBLIQUE',
  'DU GENERAL DE GAULLE',
  'JEAN JAURES',
  'DE PARIS',
  'PASTEUR',
  'DE FONTENAY',
  'VICTOR HUGO',
  'DES FRERES LUMIERE',
  'DU MARECHAL LECLERC',
  'DE LA LIBERATION',
  'DU MOULIN',
  'DES VIGNES',
  "DE L'EGLISE",
  'GABRIEL PERI',
]
const COMPLEMENTS = ['BATIMENT B', 'ZAC DES ARMOIRIES', 'CENTRE COMMERCIAL', 'BAT A, ESCALIER 2', 'LOT 4, ZONE ARTISANALE', 'RESIDENCE LES TILLEULS']
const TRADES = ['BOULANGERIE', 'PHARMACIE', 'GARAGE', 'CABINET', 'BOUCHERIE', 'FLEURISTE', 'TRAITEUR', 'PRESSING', 'LIBRAIRIE', 'OPTIQUE', 'PLOMBERIE', 'AUTO-ECOLE', 'COIFFURE', 'ATELIER']
const NAMES = ['DU MARCHE', 'DE LA GARE', 'DU CHATEAU', 'DES BORDS DE MARNE', 'MARTIN', 'DUPONT', 'LEROY', 'BENALI', 'NGUYEN', 'DA SILVA', 'DU BOIS', 'SAINT-LOUIS', 'DU CENTRE']
// Values that need quoting: a comma, or quotes inside.
const AWKWARD_NAMES = ['BOULANGERIE DU MARCHE, SARL', 'LE "FOURNIL" DE VINCENNES', 'DUPONT, MARTIN ET ASSOCIES', 'CHEZ "LULU", TRAITEUR']

export interface SireneFileOptions {
  /** Number of establishment lines (the header not included). */
  rows: number
  /** Share of the lines in the territory's 13 towns (0 to 1). */
  territoryShare?: number
  /** The same seed writes the same file, byte for byte. */
  seed?: number
  /** Share of the lines whose establishment is closed ('F'). */
  closedShare?: number
}

export interface SireneFileSummary {
  rows: number
  bytes: number
  inTerritory: number
  /** Active establishments of the territory: those an import turns into prospects. */
  activeInTerritory: number
  closed: number
}

function luhnComplete(digits: string): string {
  return `${digits}${luhnCheckDigit(digits)}`
}

/** A CSV field as INSEE writes it: quoted only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return value.includes(',') || value.includes('"') || value.includes('\n') || value.includes('\r') ? `"${value.replaceAll('"', '""')}"` : value
}

const pad = (value: number, length: number) => String(value).padStart(length, '0')

function isoDate(random: Random, from: number, to: number): string {
  return `${random.int(from, to)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}`
}

function establishmentName(random: Random): string {
  if (random.chance(0.03)) return random.pick(AWKWARD_NAMES)
  return `${random.pick(TRADES)} ${random.pick(NAMES)}`
}

/**
 * Writes a SIRENE-like « StockEtablissement » CSV file. Each company (SIREN) has one to three
 * establishments; SIRENs come from a permutation of the company number, so they never repeat.
 */
export async function writeSireneFile(file: string, options: SireneFileOptions): Promise<SireneFileSummary> {
  const territoryShare = options.territoryShare ?? 0.02
  const closedShare = options.closedShare ?? 0.3
  const random = createRandom(options.seed ?? 1)
  const summary: SireneFileSummary = { rows: 0, bytes: 0, inTerritory: 0, activeInTerritory: 0, closed: 0 }
  const handle = await fs.open(file, 'w')
  let lines: string[] = [SIRENE_COLUMNS.join(',')]
  const fields: string[] = new Array<string>(SIRENE_COLUMNS.length)
  const flush = async () => {
    if (lines.length === 0) return
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8')
    await handle.write(bytes)
    summary.bytes += bytes.length
    lines = []
  }
  try {
    let company = 0
    let siren = ''
    let establishments = 0
    let remaining = 0
    const values: Record<SireneColumn, string> = Object.fromEntries(SIRENE_COLUMNS.map((column) => [column, ''])) as Record<SireneColumn, string>
    for (let row = 0; row < options.rows; row++) {
      if (remaining === 0) {
        company++
        siren = luhnComplete(pad((company * 7919 + 1_000_003) % 100_000_000, 8))
        establishments = 0
        remaining = random.chance(0.7) ? 1 : random.chance(0.66) ? 2 : 3
      }
      remaining--
      establishments++
      const nic = luhnComplete(`${siren}${pad(establishments * 10 + random.int(0, 9), 4)}`).slice(9)
      const inTerritory = random.chance(territoryShare)
      const town = random.pick(inTerritory ? TERRITORY_TOWNS : OTHER_TOWNS)
      const closed = random.chance(closedShare)
      const band = random.chance(0.15) ? '' : random.pick(BANDS)
      const created = isoDate(random, 1975, 2024)
      const number = random.chance(0.9) ? String(random.int(1, 250)) : ''
      const name = random.chance(0.45) ? establishmentName(random) : ''
      const sign = random.chance(0.5) ? establishmentName(random) : ''
      summary.rows++
      if (closed) summary.closed++
      if (inTerritory) {
        summary.inTerritory++
        if (!closed) summary.activeInTerritory++
      }

      values.siren = siren
      values.nic = nic
      values.siret = `${siren}${nic}`
      values.statutDiffusionEtablissement = 'O'
      values.dateCreationEtablissement = created
      values.trancheEffectifsEtablissement = band
      values.anneeEffectifsEtablissement = band === '' || band === 'NN' ? '' : String(random.int(2019, 2022))
      values.activitePrincipaleRegistreMetiersEtablissement = random.chance(0.05) ? `${random.pick(NAF).replace('.', '')}${random.pick(['A', 'B', 'Z'])}` : ''
      values.dateDernierTraitementEtablissement = `${isoDate(random, 2019, 2024)}T${pad(random.int(0, 23), 2)}:${pad(random.int(0, 59), 2)}:${pad(random.int(0, 59), 2)}`
      values.etablissementSiege = establishments === 1 ? 'true' : 'false'
      values.nombrePeriodesEtablissement = String(closed ? random.int(2, 5) : random.int(1, 4))
      values.complementAdresseEtablissement = random.chance(0.1) ? random.pick(COMPLEMENTS) : ''
      values.numeroVoieEtablissement = number
      values.indiceRepetitionEtablissement = number && random.chance(0.05) ? random.pick(['B', 'T', 'Q']) : ''
      values.typeVoieEtablissement = random.pick(STREET_TYPES)
      values.libelleVoieEtablissement = random.pick(STREETS)
      values.codePostalEtablissement = town.postalCode
      values.libelleCommuneEtablissement = town.name
      values.distributionSpecialeEtablissement = random.chance(0.02) ? `BP ${random.int(1, 400)}` : ''
      values.codeCommuneEtablissement = town.code
      values.identifiantAdresseEtablissement = random.chance(0.8) ? `${town.code}_${pad(random.int(1, 9999), 4)}_${pad(random.int(1, 99999), 5)}` : ''
      values.coordonneeLambertAbscisseEtablissement = values.identifiantAdresseEtablissement ? (650_000 + random.next() * 20_000).toFixed(1) : ''
      values.coordonneeLambertOrdonneeEtablissement = values.identifiantAdresseEtablissement ? (6_850_000 + random.next() * 20_000).toFixed(1) : ''
      values.dateDebut = closed ? isoDate(random, 2010, 2024) : created
      values.etatAdministratifEtablissement = closed ? 'F' : 'A'
      values.enseigne1Etablissement = sign
      values.enseigne2Etablissement = sign && random.chance(0.05) ? 'SERVICE LIVRAISON' : ''
      values.denominationUsuelleEtablissement = name
      values.activitePrincipaleEtablissement = random.pick(NAF)
      values.nomenclatureActivitePrincipaleEtablissement = 'NAFRev2'
      values.caractereEmployeurEtablissement = band === '' || band === 'NN' ? 'N' : random.pick(['O', 'O', 'N'])

      for (let i = 0; i < SIRENE_COLUMNS.length; i++) fields[i] = csvField(values[SIRENE_COLUMNS[i]!])
      lines.push(fields.join(','))
      if (lines.length >= 4096) await flush()
    }
    await flush()
  } finally {
    await handle.close()
  }
  return summary
}

// `tsx scripts/sirene-fixture.ts <file> [rows] [territoryShare] [seed] [closedShare]`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, rows = '1000000', territoryShare = '0.02', seed = '1', closedShare = '0.3'] = process.argv.slice(2)
  if (!file) {
    console.error('Usage: tsx scripts/sirene-fixture.ts <fichier.csv> [lignes] [part du territoire] [graine] [part fermée]')
    process.exit(2)
  }
  const started = Date.now()
  const summary = await writeSireneFile(file, { rows: Number(rows), territoryShare: Number(territoryShare), seed: Number(seed), closedShare: Number(closedShare) })
  console.log(JSON.stringify({ file, ...summary, seconds: (Date.now() - started) / 1000 }))
}
