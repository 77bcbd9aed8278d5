import { parseArgs } from 'node:util'
import { AppError, toAppError } from '../../db/errors'
import { LockBusyError } from '../../db/locks'
import { activityOf } from '../api/long-operations'
import { openStore, setDefaultBeforeMigrate } from '../../db/sqlite/connection'
import { chooseDatabaseTarget, describeTarget, openStore as openTargetStore, type DatabaseTarget } from '../../db/backend'
import { demoIntoTeam } from '../../db/transfer/files'
import { defaultDatabaseFile } from '../paths'
import { APP_VERSION } from '../version'
import { generateDemo, type DemoSummary } from '../../db/sqlite/demo'
import { exportActorsCommand, importSireneCommand } from './actors'
import { importActorsCommand, importFieldsCommand, importUndoCommand } from './import'
import { benchCommand } from './bench'
import { backupBeforeMigrate, backupCommand, listBackupsCommand, personCommand, purgeCommand, restoreCommand } from './data-safety'
import { exportCopilCommand } from './copil'
import { exportProgrammeCommand } from './programmes'
import { exportFunderCommand } from './indicators'
import { createProgressReporter, formatBytes, numberFormat } from './terminal'
import { teamBackupCommand, teamCommand, teamRestoreCommand, teamTargetOf } from './team'

// `npm run cli -- <command>`: the same data layer as the app, from a terminal.

const USAGE = `Vitawin Back-office ${APP_VERSION} — outil en ligne de commande

Usage : npm run cli -- <commande> [options]

Commandes :
  info                 fichier, version du schéma, nombre de lignes par table
  check                vérifie l'intégrité et les clés étrangères (code de sortie non nul en cas de problème)
  backup [--out <f>]   copie cohérente et vérifiée de la base, même pendant que l'application écrit :
                       dans le dossier des sauvegardes (avec rotation), ou dans le fichier <f>
  backups              liste les sauvegardes du dossier des sauvegardes
  restore <fichier|nom> | --from <fichier>
                       restaure une sauvegarde (l'état actuel est d'abord sauvegardé, pour annuler) ;
                       avec une base d'équipe (--database-url), seulement dans une base vide
  purge --dry-run | --yes
                       durées de conservation : liste ce qui serait anonymisé ou supprimé (--dry-run),
                       ou l'applique (--yes)
  person export <id|courriel> --out <f.xlsx|f.json>
                       exporte tout ce que l'application détient sur une personne (p12, ou e12 pour un élève)
  person erase <id|courriel> --yes
                       efface (anonymise) une personne partout ; ses participations restent comptées
  import actors <fichier> [--kind contacts|organisations|people] [--sheet <feuille>] [--header-row <n>]
                [--mapping <nom>] [--save-mapping <nom>] [--column "<titre ou lettre>=<champ>"]…
                [--value "<liste>:<valeur>=<cible>"]… [--profile <code>] [--dry-run] [--skip-invalid]
                [--skip-hidden-rows]
                       importe des organisations et leurs contacts, des organisations ou des personnes
                       depuis un classeur .xlsx, .ods ou un fichier .csv ; --dry-run affiche l'aperçu
                       (colonnes, valeurs, lignes ignorées, problèmes) sans rien enregistrer
  import fields [--kind <type>]
                       les champs possibles des colonnes et les cibles des valeurs (--column, --value)
  import undo [<opération>]
                       annule un import (sans numéro : liste les imports récents et leurs numéros)
  import sirene <fichier>
                       importe les établissements du territoire d'un fichier SIRENE StockEtablissement
  export actors --out <f.xlsx> [--all]
                       exporte l'annuaire (--all : toutes les colonnes)
  export funder --period <2025-2026> --out <f.xlsx>
                       écrit le rapport pour les financeurs (synthèse, indicateurs, actions, acteurs, participations)
  export copil --session <référence|latest> --out <f.xlsx>
                       écrit le dossier d'une séance du COPIL (ordre du jour, présences, décisions…)
  export programme --edition <numéro|latest> [--programme <code>] --out <f.xlsx>
                       écrit le classeur d'une édition (séquences, séances, participants, effectifs, stages)
  demo [--scale territory] [--seed <n>]
                       remplit une base vide avec des données fictives de démonstration
                       (refuse une base qui contient déjà des données ; l'application a sa propre
                       démonstration, dans un fichier à part)
                       (--scale territory : 60 000 organisations, 100 000 personnes, 300 000 échanges)
  team move --to <postgresql://utilisateur@serveur:5432/base> [--migrate]
                       copie la base locale dans une base d'équipe vide (tout, journal compris),
                       vérifiée ligne à ligne ; le fichier local n'est pas modifié
                       (--migrate : crée d'abord le schéma d'une base neuve, avec le compte propriétaire ;
                       de même pour restore)
  team export --out <fichier.sqlite>
                       copie la base d'équipe (--database-url) dans un nouveau fichier local vérifié :
                       c'est aussi sa sauvegarde (backup --out fait de même en mode équipe)
  team migrate --database-url <postgresql://proprietaire@serveur:5432/base>
                       met à jour le schéma de la base d'équipe, avec le compte propriétaire
                       (le compte de l'application n'en a pas le droit)
  bench [--scale tiny] [--backend postgresql] [--json <f.json>]
                       banc d'essai à l'échelle du territoire (comme npm run bench ; --scale tiny : en quelques secondes ;
                       --backend postgresql : les mêmes mesures aussi sur un serveur PostgreSQL jetable, côte à côte)

Options communes :
  --db <fichier>       base de données (par défaut : VITAWIN_DB, sinon celle de l'application)
  --database-url <postgresql://utilisateur@serveur/base>
                       base d'équipe (par défaut : VITAWIN_DATABASE_URL) : toutes les commandes sauf
                       backups et bench ; la sauvegarde d'une base d'équipe est backup --out <fichier.sqlite>
  --help               cette aide
`

interface CommandContext {
  file: string
  /** The file, or the team database (--database-url, VITAWIN_DATABASE_URL). */
  target: DatabaseTarget
  values: Record<string, string | boolean | undefined>
  /** The options that may be given several times (--column, --value). */
  lists: Record<string, string[]>
  positionals: string[]
}

type Command = (context: CommandContext) => Promise<number>

/** The commands that do not apply to a team database, and why. */
const NOT_IN_TEAM_MODE: Record<string, string> = {
  backups:
    "En mode équipe, il n'y a pas de dossier de sauvegardes : la sauvegarde d'une base d'équipe est un fichier, écrit par backup --out <fichier.sqlite> ; le serveur lui-même est sauvegardé par son administrateur.",
  bench: "Le banc d'essai mesure une base qu'il crée lui-même : npm run bench (sans --database-url).",
}

const commands: Record<string, Command> = {
  async info({ target }) {
    const store = await openTargetStore(target)
    try {
      const info = await store.backend.info()
      console.log(`${store.kind === 'sqlite' ? 'Fichier       ' : "Base d'équipe "} : ${info.file}`)
      console.log(`Taille         : ${formatBytes(info.sizeBytes)}`)
      console.log(`Schéma         : version ${info.schemaVersion}`)
      console.log(`Application    : version ${APP_VERSION}`)
      console.log('Lignes par table :')
      const width = Math.max(...Object.keys(info.rowCounts).map((name) => name.length))
      for (const [table, count] of Object.entries(info.rowCounts)) {
        console.log(`  ${table.padEnd(width)}  ${numberFormat.format(count).padStart(10)}`)
      }
      return 0
    } finally {
      await store.close()
    }
  },

  async check({ target }) {
    let store
    try {
      store = await openTargetStore(target, { sqlite: { skipCheck: true } })
    } catch (error) {
      const appError = toAppError(error)
      console.error(`Problème : ${appError.message}`)
      return 1
    }
    try {
      const report = await store.backend.check()
      if (report.ok) {
        console.log(
          store.kind === 'sqlite'
            ? `Base saine : intégrité vérifiée, aucune référence cassée (${store.location}).`
            : `Base d'équipe saine : contraintes vérifiées, journal des modifications complet, index de recherche et numérotation à jour (${store.location}).`,
        )
        return 0
      }
      console.error(`Base endommagée : ${store.location}`)
      for (const line of report.problems.slice(0, 100)) console.error(`  ${line}`)
      if (report.problems.length > 100) console.error(`  … et ${numberFormat.format(report.problems.length - 100)} autres`)
      return 1
    } finally {
      await store.close()
    }
  },

}

commands.demo = async ({ file, target, values }) => {
  const scale = values.scale ?? 'small'
  if (scale !== 'small' && scale !== 'territory') throw new AppError('invalid_input', 'Échelle inconnue : utilisez --scale territory (ou rien).')
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && !Number.isInteger(seed)) throw new AppError('invalid_input', 'La graine (--seed) doit être un nombre entier.')
  const reporter = createProgressReporter()
  const onProgress = (phase: string, done: number, total: number) => reporter.update({ phase, done, total })
  const started = Date.now()
  const done = (summary: DemoSummary, where: string) => {
    reporter.done()
    console.log(
      `Données de démonstration créées en ${numberFormat.format(Math.round((Date.now() - started) / 100) / 10)} s : ` +
        `${numberFormat.format(summary.organisations)} organisations, ${numberFormat.format(summary.people)} personnes, ` +
        `${numberFormat.format(summary.interactions)} échanges (${where}).`,
    )
    return 0
  }
  try {
    if (target.kind === 'postgres') {
      // Generated into a temporary file, then copied in: one transaction, checked row for row.
      const { summary } = await demoIntoTeam(target.config, { scale, seed, onProgress }, { migrate: values.migrate === true, onProgress: (progress) => reporter.update(progress) })
      return done(summary, describeTarget(target.config))
    }
    const store = await openStore(file)
    try {
      return done(generateDemo(store.sqlite, { scale, seed, onProgress }), store.file)
    } finally {
      await store.close()
    }
  } finally {
    reporter.done()
  }
}

commands.bench = ({ values }) => benchCommand(values)

commands.backup = (context) => (teamTargetOf(context.values) ? teamBackupCommand(context) : backupCommand(context))
commands.backups = listBackupsCommand
commands.restore = (context) => (teamTargetOf(context.values) ? teamRestoreCommand(context) : restoreCommand({ ...context, positionals: typeof context.values.from === 'string' ? [context.values.from] : context.positionals }))
commands.team = teamCommand
commands.purge = purgeCommand
commands.person = personCommand

commands.import = async (context) => {
  const [kind, ...rest] = context.positionals
  if (kind === 'actors') return importActorsCommand({ ...context, positionals: rest })
  if (kind === 'sirene') return importSireneCommand({ ...context, positionals: rest })
  if (kind === 'undo') return importUndoCommand({ ...context, positionals: rest })
  if (kind === 'fields') return importFieldsCommand({ ...context, positionals: rest })
  throw new AppError('invalid_input', 'Précisez : « import actors <fichier> », « import sirene <fichier> », « import fields » ou « import undo [<opération>] ».')
}

commands.export = async (context) => {
  const [kind] = context.positionals
  if (kind === 'actors') return exportActorsCommand(context)
  if (kind === 'copil') return exportCopilCommand(context)
  if (kind === 'programme') return exportProgrammeCommand(context)
  if (kind === 'funder') return exportFunderCommand(context)
  throw new AppError('invalid_input', 'Précisez ce qui est exporté : « export actors --out <fichier.xlsx> », « export copil --session latest --out <fichier.xlsx> » ou « export programme --edition latest --out <fichier.xlsx> ».')
}

export async function runCli(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        out: { type: 'string' },
        to: { type: 'string' },
        from: { type: 'string' },
        'database-url': { type: 'string' },
        migrate: { type: 'boolean' },
        scale: { type: 'string' },
        backend: { type: 'string' },
        seed: { type: 'string' },
        people: { type: 'boolean' },
        kind: { type: 'string' },
        sheet: { type: 'string' },
        'header-row': { type: 'string' },
        profile: { type: 'string' },
        mapping: { type: 'string' },
        'save-mapping': { type: 'string' },
        column: { type: 'string', multiple: true },
        value: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean' },
        'skip-invalid': { type: 'boolean' },
        'skip-hidden-rows': { type: 'boolean' },
        all: { type: 'boolean' },
        json: { type: 'string' },
        session: { type: 'string' },
        edition: { type: 'string' },
        programme: { type: 'string' },
        period: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    console.error(`Option invalide : ${error instanceof Error ? error.message : String(error)}\n`)
    console.error(USAGE)
    return 2
  }
  const [name, ...positionals] = parsed.positionals
  if (parsed.values.help || !name) {
    console.log(USAGE)
    return name || parsed.values.help ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    console.error(`Commande inconnue : « ${name} ».\n`)
    console.error(USAGE)
    return 2
  }
  const file = parsed.values.db ?? defaultDatabaseFile()
  // A database migrated from the command line is copied first, as the app does.
  setDefaultBeforeMigrate(backupBeforeMigrate)
  try {
    const { column, value, ...values } = parsed.values
    const target = chooseDatabaseTarget({ databaseUrl: values['database-url'], file })
    const refusal = target.kind === 'postgres' ? NOT_IN_TEAM_MODE[name] : undefined
    if (refusal) throw new AppError('invalid_input', refusal)
    return await command({ file, target, values, lists: { column: column ?? [], value: value ?? [] }, positionals })
  } catch (error) {
    const appError = error instanceof LockBusyError ? error.explained(activityOf) : toAppError(error)
    console.error(`Erreur : ${appError.message}`)
    return appError.code === 'internal' ? 1 : 2
  }
}

// A command whose work stalls (a promise that never settles) must not pass for a success.
let finished = false
process.on('beforeExit', () => {
  if (finished) return
  console.error("Erreur interne : la commande s'est arrêtée avant d'avoir terminé.")
  process.exitCode = 1
})

runCli(process.argv.slice(2)).then(
  (code) => {
    finished = true
    process.exit(code)
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
