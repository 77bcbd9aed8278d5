import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../db/sqlite/connection'
import { tempDir } from '../helpers/temp'

// The data-safety commands as users run them: the bundled CLI, with a machine folder of its own.

const CLI = path.resolve(__dirname, '../../out/main/cli.js')

function cli(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, VITAWIN_DB: '', VITAWIN_DATA_DIR: dataDir } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

async function database(folder: string, version?: number): Promise<string> {
  const file = path.join(folder, 'vitawin.sqlite')
  const store = await openStore(file, version ? { targetVersion: version } : {})
  store.sqlite.prepare("insert into organisations (name, profile_code) values ('Lycée Robert Schuman', 'education')").run()
  store.sqlite
    .prepare(
      "insert into people (first_name, last_name, profile_code, email, notes, created_at, updated_at) values ('Théophraste', 'Longuépée', 'entreprise', 'theo@longuepee.fr', 'Ancien contact', '2015-01-01T00:00:00.000Z', '2015-01-01T00:00:00.000Z')",
    )
    .run()
  store.sqlite
    .prepare(
      "insert into interactions (person_id, kind, occurred_on, animator, summary, created_at, updated_at) values (1, 'appel', '2015-01-02', 'Camille', 'Appel à Théophraste Longuépée', '2015-01-02', '2015-01-02')",
    )
    .run()
  await store.close()
  return file
}

function count(file: string, sql: string): unknown {
  const sqlite = new BetterSqlite3(file, { readonly: true })
  try {
    return sqlite.prepare(sql).pluck().get()
  } finally {
    sqlite.close()
  }
}

describe('cli: backups', () => {
  it('backs up into the backup folder, lists the backups, and restores one after a safety copy', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const file = await database(folder)
    const backup = cli(machine, 'backup', '--db', file)
    expect(backup.code).toBe(0)
    expect(backup.stdout).toMatch(/Sauvegarde écrite et vérifiée : .*sauvegardes.*vitawin_.*_manuel\.sqlite/)
    const [written] = fs.readdirSync(path.join(folder, 'sauvegardes'))
    expect(cli(machine, 'backups', '--db', file).stdout).toContain('manuelle')

    const sqlite = new BetterSqlite3(file)
    sqlite.prepare("delete from organisations").run()
    sqlite.close()
    expect(count(file, 'select count(*) from organisations')).toBe(0)
    const restore = cli(machine, 'restore', written!, '--db', file)
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    expect(restore.stdout).toContain('État précédent sauvegardé (pour annuler)')
    expect(count(file, 'select count(*) from organisations')).toBe(1)
    expect(fs.readdirSync(path.join(folder, 'sauvegardes')).some((name) => name.endsWith('_avant-restauration.sqlite'))).toBe(true)
    expect(cli(machine, 'restore', path.join(folder, 'absente.sqlite'), '--db', file).code).not.toBe(0)
  })

  it('backs a database up before migrating it from the command line', async () => {
    const folder = tempDir()
    const file = await database(folder, 6)
    expect(cli(path.join(folder, 'poste'), 'info', '--db', file).code).toBe(0)
    const names = fs.readdirSync(path.join(folder, 'sauvegardes'))
    expect(names).toEqual([expect.stringMatching(/_avant-migration\.sqlite$/)])
    expect(count(path.join(folder, 'sauvegardes', names[0]!), 'pragma user_version')).toBe(6)
  })
})

describe('cli: personal data', () => {
  it('previews the purge with --dry-run, and applies it only with --yes', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const file = await database(folder)
    const dry = cli(machine, 'purge', '--dry-run', '--db', file)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('anonymiser  p1       Théophraste Longuépée — Aucune activité depuis plus de 3 ans')
    expect(dry.stdout).toContain("Aperçu (rien n'a été modifié)")
    expect(cli(machine, 'purge', '--db', file).code).toBe(1)
    expect(count(file, 'select last_name from people')).toBe('Longuépée')
    const applied = cli(machine, 'purge', '--yes', '--db', file)
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain('1 contact anonymisé')
    expect(count(file, 'select last_name from people')).toBe('anonymisée n° 1')
    expect(fs.readFileSync(file).includes(Buffer.from('Longuépée'))).toBe(false)
  })

  it('exports everything about a person (by e-mail or number), and erases them only with --yes', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const file = await database(folder)
    const json = path.join(folder, 'export', 'theo.json')
    const exported = cli(machine, 'person', 'export', 'theo@longuepee.fr', '--out', json, '--db', file)
    expect(exported.code).toBe(0)
    const data = JSON.parse(fs.readFileSync(json, 'utf8')) as { subject: { name: string }; sections: { table: string; via: string; rows: unknown[] }[] }
    expect(data.subject.name).toBe('Théophraste Longuépée')
    expect(data.sections.map((section) => `${section.table}.${section.via}`)).toEqual(['people.', 'interactions.person_id'])
    const xlsx = path.join(folder, 'export', 'theo.xlsx')
    expect(cli(machine, 'person', 'export', 'p1', '--out', xlsx, '--db', file).code).toBe(0)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(xlsx)
    expect(workbook.getWorksheet('Personne')).toBeDefined()

    const asked = cli(machine, 'person', 'erase', '1', '--db', file)
    expect(asked.code).toBe(1)
    expect(asked.stderr).toContain('relancez avec --yes')
    expect(count(file, 'select first_name from people')).toBe('Théophraste')
    const erased = cli(machine, 'person', 'erase', 'theo@longuepee.fr', '--yes', '--db', file)
    expect(erased.code).toBe(0)
    expect(erased.stdout).toContain('p1 effacé')
    expect(count(file, 'select summary from interactions')).toBe('Appel à [personne anonymisée]')
    expect(fs.readFileSync(file).includes(Buffer.from('Théophraste'))).toBe(false)
    expect(cli(machine, 'person', 'export', 'inconnu@nulle.part', '--out', json, '--db', file).stderr).toContain('Aucune personne avec le courriel')
  })
})
