import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { latestSession } from '../../db/copil/copil'
import { prepareSession } from '../../db/copil/prepare'
import { libreOfficePath, readWithLibreOffice } from '../../tests/helpers/libreoffice'
import { demoTestStore, queryValue, tempDir } from '../../tests/helpers/temp'
import { writeCopilPack } from './pack'

const TODAY = '2026-11-23'
const SHEETS = ['Ordre du jour', 'Présences', 'Suivi des décisions', 'Activité depuis dernier COPIL', 'Chiffres clés']

async function demoPack() {
  const store = await demoTestStore({ seed: 11, today: TODAY })
  const session = (await latestSession(store.db))!
  const file = path.join(tempDir(), 'dossier.xlsx')
  await writeCopilPack(store.db, session.id, file, TODAY)
  return { store, session, file }
}

describe('COPIL pack', () => {
  it('writes the five sheets with real dates and numbers that match the database', async () => {
    const { store, session, file } = await demoPack()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(SHEETS)

    const figures = workbook.getWorksheet('Chiffres clés')!
    const vitawiners = Number(await queryValue(store, `select count(*) from organisations where status = 'vitawiner' and joined_on <= ?`, TODAY))
    const row = figures.getRows(2, figures.rowCount - 1)!.find((candidate) => candidate.getCell(1).value === 'Organisations Vitawiners')!
    expect(row.getCell(3).value).toBe(vitawiners)
    expect(typeof row.getCell(2).value).toBe('number')

    const decisions = workbook.getWorksheet('Suivi des décisions')!
    const open = Number(await queryValue(store, `select count(*) from copil_decisions d join copil_sessions s on s.id = d.session_id where d.status in ('a_lancer', 'en_cours', 'reportee') and s.held_on < ?`, session.heldOn))
    expect(decisions.actualRowCount - 1).toBeGreaterThanOrEqual(open)
    const sessionDate = decisions.getRow(2).getCell(2).value
    expect(sessionDate).toBeInstanceOf(Date)

    const agenda = workbook.getWorksheet('Ordre du jour')!
    expect(String(agenda.getRow(1).getCell(1).value)).toContain(session.reference)
  })

  it.skipIf(!libreOfficePath() && !process.env.CI)('opens in LibreOffice Calc with the same figures as the database', async () => {
    const { store, session, file } = await demoPack()
    const sheets = readWithLibreOffice(file)
    expect([...sheets.keys()].sort()).toEqual([...SHEETS].sort())
    const preparation = await prepareSession(store.db, session.id, TODAY)
    const figures = sheets.get('Chiffres clés')!
    expect(figures[0]).toEqual(['Indicateur', 'Au COPIL précédent', 'Aujourd’hui', 'Évolution'])
    for (const figure of preparation.figures) {
      const line = figures.find((cells) => cells[0] === figure.label)
      expect(line, figure.label).toBeDefined()
      expect(Number(line![2]!.replace(/\D/g, ''))).toBe(figure.current)
      expect(Number(line![1]!.replace(/\D/g, ''))).toBe(figure.previous)
    }
    const decisions = sheets.get('Suivi des décisions')!
    for (const decision of preparation.openDecisions) expect(decisions.some((cells) => cells[0] === decision.reference)).toBe(true)
    // Dates are real dates, shown dd/mm/yyyy.
    expect(decisions[1]![1]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
  })
})
