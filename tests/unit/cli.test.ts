import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSION } from '../../db/migrations'
import { openStore } from '../../db/sqlite/connection'
import { sha256, tempDir } from '../helpers/temp'

// The CLI as users run it: the bundled build (so that migrations survive bundling).

const CLI = path.resolve(__dirname, '../../out/main/cli.js')

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, VITAWIN_DB: '' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('cli', () => {
  it('is built', () => {
    expect(fs.existsSync(CLI), 'run npm run build first').toBe(true)
  })

  it('info creates and describes a new database', () => {
    const file = path.join(tempDir(), 'new.sqlite')
    const result = cli('info', '--db', file)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Fichier        : ${file}`)
    expect(result.stdout).toMatch(new RegExp(`Schéma\\s+: version ${SCHEMA_VERSION}`))
    expect(result.stdout).toMatch(/towns\s+13/)
  })

  it('info, check and backup work on a used database', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'used.sqlite')
    const store = await openStore(file)
    await store.db
      .insertInto('organisations')
      .values(Array.from({ length: 1500 }, (_, i) => ({ name: `Association ${i}`, profileCode: 'association', status: 'prospect' as const })))
      .execute()
    await store.close()
    expect(cli('info', '--db', file).stdout).toMatch(/organisations\s+1\s500/)
    const check = cli('check', '--db', file)
    expect(check.code).toBe(0)
    expect(check.stdout).toContain('Base saine')
    const out = path.join(folder, 'sauvegardes', 'copie.sqlite')
    const backup = cli('backup', '--db', file, '--out', out)
    expect(backup.code).toBe(0)
    expect(backup.stdout).toContain('Sauvegarde écrite et vérifiée')
    const copy = new BetterSqlite3(out, { readonly: true })
    expect(copy.prepare('select count(*) from organisations').pluck().get()).toBe(1500)
    copy.close()
    expect(cli('backup', '--db', file, '--out', out).code).not.toBe(0)
  })

  it('check exits non-zero on a broken reference, and on a damaged file', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'broken.sqlite')
    const store = await openStore(file)
    await store.close()
    const raw = new BetterSqlite3(file)
    raw.pragma('foreign_keys = off')
    raw.prepare("insert into affiliations (person_id, organisation_id) values (41, 42)").run()
    raw.close()
    const broken = cli('check', '--db', file)
    expect(broken.code).toBe(1)
    expect(broken.stderr).toContain('référence cassée : table affiliations')

    const damaged = path.join(folder, 'damaged.sqlite')
    fs.writeFileSync(damaged, Buffer.alloc(8192, 7))
    const before = sha256(damaged)
    const result = cli('check', '--db', damaged)
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('endommagé')
    expect(sha256(damaged)).toBe(before)
  })

  it('explains unknown commands and missing options in French', () => {
    const unknown = cli('frobnicate')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Commande inconnue')
    const missing = cli('export', 'actors', '--db', path.join(tempDir(), 'x.sqlite'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--out <fichier.xlsx>')
  })

  it('demo fills an empty database, and refuses one that holds records, leaving it as it was', async () => {
    const folder = tempDir()
    const empty = path.join(folder, 'essai.sqlite')
    const filled = cli('demo', '--db', empty)
    expect(filled.code).toBe(0)
    expect(filled.stdout).toMatch(/Données de démonstration créées en .* s : 390 organisations, 520 personnes/)

    const used = path.join(folder, 'equipe.sqlite')
    const store = await openStore(used)
    store.sqlite.prepare("insert into organisations (name, profile_code) values ('Mairie de Vincennes', 'collectivite')").run()
    store.sqlite.prepare("insert into organisations (name, profile_code) values ('Lycée Louis Lumière', 'education')").run()
    await store.close()
    const before = sha256(used)
    const refused = cli('demo', '--db', used)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain("Erreur : Cette base contient déjà des données (2 organisations) : les données de démonstration ne s'ajoutent qu'à une base vide")
    expect(sha256(used)).toBe(before)
    // The demo itself holds records: a second run is refused too.
    expect(cli('demo', '--db', empty).code).not.toBe(0)
  })
})
