import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { tempDir } from './temp'

// Opens a workbook in LibreOffice Calc (headless) and reads every sheet back as CSV, as a user's
// spreadsheet program would see it. .ci/run installs libreoffice-calc-nogui.

export function libreOfficePath(): string | null {
  for (const candidate of ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice']) {
    if (fs.existsSync(candidate)) return candidate
  }
  return null
}

/** Sheet name → rows of cells, as LibreOffice reads the workbook. */
export function readWithLibreOffice(file: string): Map<string, string[][]> {
  const soffice = libreOfficePath()
  if (!soffice) throw new Error('LibreOffice introuvable : installez le paquet Debian « libreoffice-calc-nogui ».')
  const out = tempDir('vitawin-lo-')
  const profile = tempDir('vitawin-lo-profile-')
  const result = spawnSync(
    soffice,
    [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', out, file],
    { encoding: 'utf8', timeout: 120_000 },
  )
  if (result.status !== 0) throw new Error(`LibreOffice n'a pas pu ouvrir ${file} : ${result.stderr}`)
  const base = path.basename(file, path.extname(file))
  const sheets = new Map<string, string[][]>()
  for (const name of fs.readdirSync(out)) {
    if (!name.startsWith(`${base}-`) || !name.endsWith('.csv')) continue
    const text = fs.readFileSync(path.join(out, name), 'utf8')
    sheets.set(name.slice(base.length + 1, -4), parseCsv(text))
  }
  if (sheets.size === 0) throw new Error(`LibreOffice n'a produit aucune feuille pour ${file} : ${result.stdout} ${result.stderr}`)
  return sheets
}

/** LibreOffice's export filters for the formats users bring. */
const FILTERS = {
  xlsx: 'xlsx:Calc MS Excel 2007 XML',
  ods: 'ods:calc8',
  // French settings: « ; » between cells, « " » around text, UTF-8 (76), the first sheet.
  csv: 'csv:Text - txt - csv (StarCalc):59,34,76,1',
} as const

/**
 * Converts a workbook with LibreOffice Calc (headless), as a user saving it in another format would:
 * the path of the file written, in a new temporary folder, with the same base name.
 */
export function convertWithLibreOffice(file: string, format: keyof typeof FILTERS): string {
  const soffice = libreOfficePath()
  if (!soffice) throw new Error('LibreOffice introuvable : installez le paquet Debian « libreoffice-calc-nogui ».')
  const out = tempDir('vitawin-lo-')
  const profile = tempDir('vitawin-lo-profile-')
  const result = spawnSync(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', FILTERS[format], '--outdir', out, file], {
    encoding: 'utf8',
    timeout: 120_000,
  })
  const written = path.join(out, `${path.basename(file, path.extname(file))}.${format}`)
  if (result.status !== 0 || !fs.existsSync(written)) throw new Error(`LibreOffice n'a pas pu convertir ${file} en ${format} : ${result.stdout} ${result.stderr}`)
  return written
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (char === '"') quoted = false
      else cell += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(cell)
      cell = ''
    } else if (char === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else if (char !== '\r') cell += char
  }
  if (cell || row.length) rows.push([...row, cell])
  return rows
}
