import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import pg from 'pg'
import { openPostgresStore } from '../../db/postgres/connection'
import { parsePostgresUrl } from '../../db/postgres/target'
import { openStore } from '../../db/sqlite/connection'
import { databaseDigests } from '../../db/transfer/digest'
import { writeSireneFile } from '../../scripts/sirene-fixture'
import { expectedAnnuaire, landed, writeAnnuaire } from '../helpers/import-fixtures'
import { postgresDatabase, SKIPPED_POSTGRES } from '../helpers/postgres'
import { queryRows, queryValue, runSql, tempDir } from '../helpers/temp'
import type { Store } from '../../db/backend'

// The CLI on a team database, as users run it (the bundled CLI), against the test server: team
// move, team export, backup --out and restore --from, and every other command with --database-url
// or VITAWIN_DATABASE_URL.

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

async function withTeam<T>(url: string, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openPostgresStore(parsePostgresUrl(url))
  try {
    return await run(store)
  } finally {
    await store.close()
  }
}

const digestsOfTeam = (url: string) => withTeam(url, (store) => databaseDigests(store.db))

/** The CLI on a team database (VITAWIN_DATABASE_URL), with a machine folder of its own. */
function teamCli(url: string, machine: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, VITAWIN_DB: '', VITAWIN_DATABASE_URL: url, VITAWIN_DATA_DIR: machine } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** teamCli without blocking the test's event loop, given `timeout` ms: past it the command is killed and the test fails with what the server was doing. */
function teamCliAsync(url: string, machine: string, timeout: number, serverState: () => Promise<string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, VITAWIN_DB: '', VITAWIN_DATABASE_URL: url, VITAWIN_DATA_DIR: machine } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      void serverState().then(
        (state) => reject(new Error(`${args.join(' ')} still running after ${timeout / 1000} s; its output: ${stdout}${stderr}; the server: ${state}`)),
        reject,
      )
      child.kill('SIGKILL')
    }, timeout)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** The school year under way (2026-2027 from September 2026). */
function schoolYear(): string {
  const now = new Date()
  const start = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1
  return `${start}-${start + 1}`
}

/** The number of rows an export command says it wrote. */
const rowsWritten = (stdout: string) => /\(([\d\s\u202f]+) lignes/.exec(stdout)?.[1]

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

  it('fills an empty team database with the demo, the same as a local file, and exports it as a local file would', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const file = path.join(folder, 'locale.sqlite')
    expect(cli('demo', '--db', file).code).toBe(0)
    const team = await postgresDatabase()

    const demo = teamCli(team.url, machine, 'demo')
    expect(demo.stderr).not.toContain('Erreur')
    expect(demo.code).toBe(0)
    expect(demo.stdout).toMatch(/^Données de démonstration créées en .* s : 390 organisations, 520 personnes, .* échanges \(postgresql:\/\/vitawin_test@127\.0\.0\.1:\d+\/vitawin_t_/)
    // The same dataset (the instants each run writes aside), copied whole.
    const rowCounts = (digests: { table: string; rows: number }[]) => digests.map(({ table, rows }) => [table, rows])
    expect(rowCounts(await digestsOfTeam(team.url))).toEqual(rowCounts(await digestsOfFile(file)))
    const again = teamCli(team.url, machine, 'demo')
    expect(again.code).toBe(2)
    expect(again.stderr).toContain("Erreur : Cette base contient déjà des données (390 organisations, 520 personnes")
    expect(again.stderr).toContain("Indiquez une base d'équipe vide (--database-url).")

    const info = teamCli(team.url, machine, 'info')
    expect(info.code).toBe(0)
    expect(info.stdout).toMatch(/^Base d'équipe {2}: postgresql:\/\/vitawin_test@/)
    expect(info.stdout).toMatch(/ {2}organisations\s+390\n/)
    const check = teamCli(team.url, machine, 'check')
    expect(check.stderr).toBe('')
    expect(check.stdout).toMatch(/^Base d'équipe saine : contraintes vérifiées, journal des modifications complet, index de recherche et numérotation à jour/)
    expect(check.code).toBe(0)

    // Each export writes what the local file's writes.
    const exports: [string, string[]][] = [
      ['copil', ['export', 'copil', '--session', 'latest']],
      ['programme', ['export', 'programme', '--edition', 'latest']],
      ['funder', ['export', 'funder', '--period', schoolYear()]],
    ]
    for (const [name, args] of exports) {
      const local = cli(...args, '--out', path.join(folder, 'local', `${name}.xlsx`), '--db', file)
      expect(local.code, local.stderr).toBe(0)
      const out = path.join(folder, 'equipe', `${name}.xlsx`)
      const written = teamCli(team.url, machine, ...args, '--out', out)
      expect(written.stderr, name).not.toContain('Erreur')
      expect(written.code, name).toBe(0)
      expect(rowsWritten(written.stdout), name).toBeDefined()
      expect(rowsWritten(written.stdout), name).toBe(rowsWritten(local.stdout))
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.readFile(out)
      expect(workbook.worksheets.length, name).toBeGreaterThan(1)
    }
    // The directory's export: every actor, as the local file's.
    const localActors = cli('export', 'actors', '--out', path.join(folder, 'local', 'annuaire.xlsx'), '--db', file)
    expect(localActors.code, localActors.stderr).toBe(0)
    const actors = teamCli(team.url, machine, 'export', 'actors', '--out', path.join(folder, 'equipe', 'annuaire.xlsx'))
    expect(actors.code, actors.stderr).toBe(0)
    expect(actors.stdout).toMatch(/^910 acteurs exportés dans /)
    expect(localActors.stdout).toMatch(/^910 acteurs exportés dans /)
  }, 180_000)

  it('imports a spreadsheet and a SIRENE file into a team database, recorded in its audit trail, and undoes the import', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const team = await postgresDatabase()
    const annuaire = await writeAnnuaire(path.join(folder, 'annuaire.xlsx'))

    const done = teamCli(team.url, machine, 'import', 'actors', annuaire, '--value', 'profile:Structure publique=institution')
    expect(done.stderr).not.toContain('Erreur')
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('Import terminé : 5 organisations créées, 0 mise à jour, 4 personnes créées, 0 mise à jour, 4 rattachements, 3 échanges du journal ; 7 lignes importées, 0 en erreur, 4 lignes ignorées.')
    expect(await withTeam(team.url, landed)).toEqual(expectedAnnuaire('annuaire.xlsx', 'Import'))
    const operation = /npm run cli -- import undo (\d+)/.exec(done.stdout)![1]!
    const undone = teamCli(team.url, machine, 'import', 'undo', operation)
    expect(undone.code).toBe(0)
    expect(undone.stdout).toContain('16 enregistrements retirés, 0 fiche rétablie.')
    expect((await withTeam(team.url, landed)).organisations).toEqual([])

    const sirene = path.join(folder, 'StockEtablissement.csv')
    const summary = await writeSireneFile(sirene, { rows: 3000, territoryShare: 0.2, seed: 5, closedShare: 0.2 })
    const imported = teamCli(team.url, machine, 'import', 'sirene', sirene)
    expect(imported.stderr).not.toContain('Erreur')
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain(`${summary.inTerritory} établissements du territoire, ${summary.activeInTerritory} ajoutés, 0 mis à jour`)
    await withTeam(team.url, async (store) => {
      expect(await queryValue(store, "select count(*) from organisations where source = 'sirene'")).toBe(summary.activeInTerritory)
      // One operation of the audit trail, one row in it per establishment created.
      const [entry] = await queryRows<{ id: number; kind: string; changes: number }>(
        store,
        "select o.id, o.kind, (select count(*) from audit_log l where l.operation_id = o.id and l.table_name = 'organisations') as changes from audit_operations o where o.kind = 'actors.import.sirene'",
      )
      expect(entry).toMatchObject({ kind: 'actors.import.sirene', changes: summary.activeInTerritory })
    })
  }, 120_000)

  it('exports, erases and purges personal data on a team database', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const team = await postgresDatabase()
    await withTeam(team.url, async (store) => {
      await runSql(store, "insert into organisations (name, profile_code) values ('Lycée Robert Schuman', 'education')")
      await runSql(
        store,
        "insert into people (first_name, last_name, profile_code, email, notes, created_at, updated_at) values ('Théophraste', 'Longuépée', 'entreprise', 'theo@longuepee.fr', 'Ancien contact', '2015-01-01T00:00:00.000Z', '2015-01-01T00:00:00.000Z')",
      )
      await runSql(store, "insert into people (first_name, last_name, profile_code, email) values ('Aline', 'Marchand', 'entreprise', 'aline@marchand.fr')")
      await runSql(
        store,
        "insert into interactions (person_id, kind, occurred_on, animator, summary, created_at, updated_at) values (1, 'appel', '2015-01-02', 'Camille', 'Appel à Théophraste Longuépée', '2015-01-02', '2015-01-02')",
      )
    })
    const json = path.join(folder, 'export', 'theo.json')
    const exported = teamCli(team.url, machine, 'person', 'export', 'theo@longuepee.fr', '--out', json)
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    const data = JSON.parse(fs.readFileSync(json, 'utf8')) as { subject: { name: string }; sections: { table: string; via: string }[] }
    expect(data.subject.name).toBe('Théophraste Longuépée')
    expect(data.sections.map((section) => `${section.table}.${section.via}`)).toEqual(['people.', 'interactions.person_id'])

    const dry = teamCli(team.url, machine, 'purge', '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('anonymiser  p1       Théophraste Longuépée — Aucune activité depuis plus de 3 ans')
    const applied = teamCli(team.url, machine, 'purge', '--yes')
    expect(applied.stderr).not.toContain('Erreur')
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain("1 contact anonymisé")
    expect(applied.stdout).toContain("leurs traces ont été effacées de la base d'équipe")

    const asked = teamCli(team.url, machine, 'person', 'erase', 'aline@marchand.fr')
    expect(asked.code).toBe(1)
    expect(asked.stderr).toContain('relancez avec --yes')
    const erased = teamCli(team.url, machine, 'person', 'erase', 'aline@marchand.fr', '--yes')
    expect(erased.stderr).not.toContain('Erreur')
    expect(erased.code).toBe(0)
    expect(erased.stdout).toContain('p2 effacé')
    await withTeam(team.url, async (store) => {
      expect(await queryRows(store, 'select id, first_name, last_name, email from people order by id')).toEqual([
        { id: 1, first_name: 'Personne', last_name: 'anonymisée n° 1', email: null },
        { id: 2, first_name: 'Personne', last_name: 'anonymisée n° 2', email: null },
      ])
      expect(await queryValue(store, 'select summary from interactions')).toBe('Appel à [personne anonymisée]')
      // Nothing of either is left in the audit trail.
      expect(await queryValue(store, "select count(*) from audit_log where changes like '%Longuépée%' or changes like '%Marchand%'")).toBe(0)
    })
  }, 120_000)

  it('finds what is wrong in a team database, and refuses in French the commands that are about files', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const team = await postgresDatabase()
    await withTeam(team.url, async (store) => {
      await runSql(store, "insert into organisations (name, profile_code) values ('Boulangerie Dupont', 'entreprise'), ('Mairie de Nogent', 'collectivite')")
      // What a client other than the app could do: a search entry removed, the numbering put back.
      await runSql(store, 'delete from search_index where row_id = 4')
      await runSql(store, "select setval(pg_get_serial_sequence('organisations', 'id'), 1)")
    })
    const check = teamCli(team.url, machine, 'check')
    expect(check.code).toBe(1)
    expect(check.stderr).toContain('Base endommagée : postgresql://vitawin_test@')
    expect(check.stderr).toContain('  index de recherche : 1 ligne(s) de organisations absente(s)')
    expect(check.stderr).toContain("  numérotation : le prochain numéro de organisations (2) est déjà pris (le plus grand est 2)")

    const backups = teamCli(team.url, machine, 'backups')
    expect(backups.code).toBe(2)
    expect(backups.stderr).toContain("Erreur : En mode équipe, il n'y a pas de dossier de sauvegardes : la sauvegarde d'une base d'équipe est un fichier, écrit par backup --out <fichier.sqlite>")
    const backup = teamCli(team.url, machine, 'backup')
    expect(backup.code).toBe(2)
    expect(backup.stderr).toContain('Erreur : Indiquez le fichier à écrire : --out <fichier.sqlite>. En mode équipe, la sauvegarde est un fichier : backup --out <fichier.sqlite>.')
    expect(teamCli(team.url, machine, 'bench').stderr).toContain("Erreur : Le banc d'essai mesure une base qu'il crée lui-même")
  })

  it('keeps all or nothing of a SIRENE import killed (SIGKILL) while it writes into the team database', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const team = await postgresDatabase()
    // Every line in the territory and active: 8 batches of 2,000 establishments, each written inside the import's one transaction.
    const sirene = path.join(folder, 'StockEtablissement.csv')
    const summary = await writeSireneFile(sirene, { rows: 16_000, territoryShare: 1, seed: 9, closedShare: 0 })
    const counts = (store: Store) =>
      queryRows<{ organisations: number; search: number; operations: number; changes: number }>(
        store,
        `select (select count(*) from organisations) as organisations, (select count(*) from search_index) as search,
          (select count(*) from audit_operations) as operations, (select count(*) from audit_log) as changes`,
      )
    await withTeam(team.url, (store) => runSql(store, "insert into organisations (name, profile_code) values ('Boulangerie Dupont', 'entreprise')"))
    const before = await withTeam(team.url, counts)

    const watcher = new pg.Client({ connectionString: team.url })
    await watcher.connect()
    // What the server is doing for the others, said when a wait below runs out.
    const serverState = async () =>
      JSON.stringify(
        (
          await watcher.query(
            `select a.pid, a.application_name, a.state, a.wait_event_type, a.wait_event, a.backend_xid::text as xid, left(a.query, 120) as query,
              (select string_agg(l.locktype || ':' || l.mode || (case when l.granted then '' else ' (waits)' end), ', ') from pg_locks l where l.pid = a.pid) as locks
            from pg_stat_activity a where a.datname = current_database() and a.pid <> pg_backend_pid()`,
          )
        ).rows,
      )
    try {
      const child = spawn(process.execPath, [CLI, 'import', 'sirene', sirene], { env: { ...process.env, VITAWIN_DB: '', VITAWIN_DATABASE_URL: team.url, VITAWIN_DATA_DIR: machine } })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
      // Killed once its transaction has written (the server gave it a transaction id), a batch or two in, before it ends.
      await expect
        .poll(
          async () =>
            child.exitCode === null &&
            Number((await watcher.query(`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`)).rows[0].n) > 0,
          { timeout: 60_000, interval: 50 },
        )
        .toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(child.exitCode, output).toBeNull()
      child.kill('SIGKILL')
      expect(await exited).toBe('SIGKILL')
      // The server sees the connections drop (at once, or within the 2 s of its check if a statement was running) and rolls back.
      const gone = async () => Number((await watcher.query(`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows[0].n) === 0
      await expect.poll(gone, { timeout: 20_000, interval: 100 }).toBe(true).catch(async () => expect.fail(`the killed import's connections are still there: ${await serverState()}`))
      expect(await withTeam(team.url, counts)).toEqual(before)
      expect(output).not.toContain('Import SIRENE terminé')

      // Run again to its end: all of it, and the database checks out.
      const imported = await teamCliAsync(team.url, machine, 120_000, serverState, 'import', 'sirene', sirene)
      expect(imported.stderr).not.toContain('Erreur')
      expect(imported.code).toBe(0)
    } finally {
      await watcher.end()
    }
    const [after] = await withTeam(team.url, counts)
    expect(after).toMatchObject({ organisations: before[0]!.organisations + summary.activeInTerritory, search: before[0]!.search + summary.activeInTerritory, operations: before[0]!.operations + 1 })
    expect(teamCli(team.url, machine, 'check').code).toBe(0)
  }, 240_000)
})
