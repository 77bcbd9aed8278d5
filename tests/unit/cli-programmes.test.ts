import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { generateDemo } from '../../db/sqlite/demo'
import { openStore } from '../../db/sqlite/connection'
import { tempDir } from '../helpers/temp'

// `export programme` as users run it: the bundled CLI on the demo dataset.

const CLI = path.resolve(__dirname, '../../out/main/cli.js')

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, VITAWIN_DB: '' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('cli export programme', () => {
  it('writes the latest edition’s workbook, or a given one, and explains what is missing', async () => {
    expect(fs.existsSync(CLI), 'run npm run build first').toBe(true)
    const folder = tempDir()
    const file = path.join(folder, 'demo.sqlite')
    const store = await openStore(file)
    generateDemo(store.sqlite, { seed: 3, today: '2026-11-23' })
    const forum = store.sqlite.prepare("select e.id from editions e join programmes g on g.id = e.programme_id where g.code = 'forum' and e.school_year = '2025-2026'").pluck().get() as number
    await store.close()

    const out = path.join(folder, 'exports', 'q2er.xlsx')
    const result = cli('export', 'programme', '--edition', 'latest', '--out', out, '--db', file)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Édition « Q2ER 2026-2027 » écrite dans .*q2er\.xlsx \(\d+ lignes\)\./)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(out)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Séquences', 'Séances', 'Participants', 'Classes et effectifs', 'Stages'])
    expect(String(workbook.getWorksheet('Séquences')!.getRow(1).getCell(1).value)).toContain('Q2ER 2026-2027')
    const sessions = workbook.getWorksheet('Séances')!
    expect(sessions.getRow(1).getCell(1).value).toBe('Date')
    expect(sessions.getRow(2).getCell(1).value).toBeInstanceOf(Date)

    const byId = path.join(folder, 'forum.xlsx')
    expect(cli('export', 'programme', '--edition', String(forum), '--out', byId, '--db', file).stdout).toContain('Forum des métiers 2025-2026')
    const forumBook = new ExcelJS.Workbook()
    await forumBook.xlsx.readFile(byId)
    const classes = forumBook.getWorksheet('Classes et effectifs')!
    expect(classes.actualRowCount - 1).toBe(8)
    expect(typeof classes.getRow(2).getCell(8).value).toBe('number')
    expect(cli('export', 'programme', '--programme', 'mentorat', '--edition', 'latest', '--out', path.join(folder, 'm.xlsx'), '--db', file).stdout).toContain('Mentorat 2026-2027')

    const missing = cli('export', 'programme', '--edition', '99999', '--out', path.join(folder, 'x.xlsx'), '--db', file)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('Édition introuvable : « 99999 »')
    const noEdition = cli('export', 'programme', '--out', path.join(folder, 'x.xlsx'), '--db', file)
    expect(noEdition.code).toBe(2)
    expect(noEdition.stderr).toContain("Indiquez l'édition")
    expect(fs.existsSync(path.join(folder, 'x.xlsx'))).toBe(false)
  })
})
