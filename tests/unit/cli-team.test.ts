import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openPostgresStore } from '../../db/postgres/connection'
import { parsePostgresUrl } from '../../db/postgres/target'
import { openStore } from '../../db/sqlite/connection'
import { databaseDigests } from '../../db/transfer/digest'
import { postgresDatabase, SKIPPED_POSTGRES } from '../helpers/postgres'
import { tempDir } from '../helpers/temp'

// team move, team export, backup --out and restore --from on a team database, as users run them
// (the bundled CLI), against the test server.

const CLI = path.resolve(__dirname, '../../out/main/cli.js')

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, VITAWIN_DB: '', VITAWIN_DATABASE_URL: '' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

async function digestsOfFile(file: string) {
  const store = await openStore(file)
  try {
    return await databaseDigests(store.db)
  } finally {
    await store.close()
  }
}

async function digestsOfTeam(url: string) {
  const store = await openPostgresStore(parsePostgresUrl(url))
  try {
    return await databaseDigests(store.db)
  } finally {
    await store.close()
  }
}

describe.skipIf(SKIPPED_POSTGRES)('cli team', () => {
  it('moves a local file into an empty team database, exports it back, backs it up and restores the backup, with the same digests', async () => {
    expect(fs.existsSync(CLI), 'run npm run build first').toBe(true)
    const folder = tempDir()
    const file = path.join(folder, 'locale.sqlite')
    expect(cli('demo', '--db', file).code).toBe(0)
    const local = await digestsOfFile(file)
    const team = await postgresDatabase()

    const moved = cli('team', 'move', '--db', file, '--to', team.url)
    expect(moved.stderr).toContain('Copie : organisations')
    expect(moved.stdout).toMatch(/^Base locale copiée dans la base d'équipe : .*locale\.sqlite → postgresql:\/\/vitawin_test@127\.0\.0\.1:\d+\/vitawin_t_/)
    expect(moved.stdout).toMatch(/Copie vérifiée ligne à ligne : [\d\s]+ lignes dans \d+ tables, empreintes identiques des deux côtés/)
    const organisations = local.find((table) => table.table === 'organisations')!
    expect(moved.stdout).toContain(`organisations`)
    expect(moved.stdout).toContain(organisations.sha256.slice(0, 16))
    expect(moved.stdout).not.toContain(new URL(team.url).password)
    expect(moved.code).toBe(0)
    expect(await digestsOfTeam(team.url)).toEqual(local)

    const again = cli('team', 'move', '--db', file, '--to', team.url)
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/Erreur : La base cible n'est pas vide : interactions/)

    const out = path.join(folder, 'export', 'equipe.sqlite')
    const exported = cli('team', 'export', '--out', out, '--database-url', team.url)
    expect(exported.stdout).toMatch(/Base d'équipe copiée dans un fichier local vérifié : postgresql:\/\/vitawin_test@.* → .*equipe\.sqlite \(/)
    expect(exported.code).toBe(0)
    expect(await digestsOfFile(out)).toEqual(local)
    expect(cli('team', 'export', '--out', out, '--database-url', team.url).stderr).toContain('Le fichier existe déjà')

    // backup --out on a team database is the same export, the address read from VITAWIN_DATABASE_URL.
    const backup = path.join(folder, 'sauvegarde.sqlite')
    const backedUp = spawnSync(process.execPath, [CLI, 'backup', '--out', backup], { encoding: 'utf8', env: { ...process.env, VITAWIN_DB: '', VITAWIN_DATABASE_URL: team.url } })
    expect(backedUp.status, backedUp.stderr).toBe(0)
    expect(await digestsOfFile(backup)).toEqual(local)

    const empty = await postgresDatabase()
    const restored = cli('restore', '--from', backup, '--database-url', empty.url)
    expect(restored.stdout).toMatch(/^Sauvegarde restaurée dans la base d'équipe : .*sauvegarde\.sqlite → postgresql:/)
    expect(restored.code).toBe(0)
    expect(await digestsOfTeam(empty.url)).toEqual(local)
    expect(cli('restore', '--from', backup, '--database-url', empty.url).code).toBe(2)
  }, 120_000)

  it('creates the schema of a new team database when asked (--migrate), and says so otherwise', async () => {
    const file = path.join(tempDir(), 'neuve.sqlite')
    expect(cli('info', '--db', file).code).toBe(0)
    const blank = await postgresDatabase('empty')
    const refused = cli('team', 'move', '--db', file, '--to', blank.url)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`Erreur : La base d'équipe « ${blank.name} » est vide : son schéma n'a pas encore été créé. Il doit l'être avec le compte propriétaire de la base`)
    const moved = cli('team', 'move', '--db', file, '--to', blank.url, '--migrate')
    expect(moved.code, moved.stderr).toBe(0)
    expect(await digestsOfTeam(blank.url)).toEqual(await digestsOfFile(file))
  })

  it('leaves the team database empty when the command is killed halfway', async () => {
    const file = path.join(tempDir(), 'locale.sqlite')
    expect(cli('demo', '--db', file).code).toBe(0)
    const team = await postgresDatabase()
    const child = spawn(process.execPath, [CLI, 'team', 'move', '--db', file, '--to', team.url], { env: { ...process.env, VITAWIN_DB: '' } })
    let stderr = ''
    const killed = await new Promise<boolean>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        if (stderr.includes('Copie : interactions')) child.kill('SIGKILL')
      })
      child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL'))
    })
    expect(killed, stderr).toBe(true)
    const store = await openPostgresStore(parsePostgresUrl(team.url))
    try {
      const counted = await store.db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      expect(counted.n).toBe(0)
    } finally {
      await store.close()
    }
  })

  it('says in French what is missing', () => {
    const noTarget = cli('team', 'move')
    expect(noTarget.code).toBe(2)
    expect(noTarget.stderr).toContain('Indiquez la base d’équipe vide à remplir : team move --to postgresql://')
    const noUrl = cli('team', 'export', '--out', path.join(tempDir(), 'x.sqlite'))
    expect(noUrl.code).toBe(2)
    expect(noUrl.stderr).toContain("Indiquez la base d'équipe : --database-url postgresql://")
    expect(cli('team', 'export', '--database-url', 'postgresql://u@h/d').stderr).toContain('Indiquez le fichier à écrire : --out <fichier.sqlite>')
    const unknown = cli('team')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Précisez : « team move --to postgresql://… »')
    expect(cli('team', 'move', '--to', 'mysql://x@y/z').stderr).toContain("Adresse de la base d'équipe invalide : elle doit commencer par postgresql://")
  })
})
