import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../../db/errors'
import { subjectKey } from '../../db/rules/subject-keys'
import { exportNames, exportSubject, resolveSubject, subjectLabel } from '../../db/privacy/person-export'
import { formatDate, plural } from '../../db/rules/format'
import { openStore } from '../../db/sqlite/connection'
import { backupTo } from '../../db/sqlite/maintenance'
import { backupFile, defaultBackupFolder, listBackups } from '../../db/sqlite/backups'
import type { DatabaseTarget } from '../../db/backend'
import { readMachineConfig } from '../machine-config'
import { userDataDir } from '../paths'
import { writeSubjectJson, writeSubjectWorkbook } from '../privacy/export'
import { formatBytes, numberFormat } from './terminal'
import { purgeSummary } from '../../db/rules/safety-values'
import { withHost, withStore } from './actors'

// Backups, restore, the retention purge and one person's data, from a terminal.

export interface SafetyCommandContext {
  file: string
  /** The file, or the team database (--database-url, VITAWIN_DATABASE_URL). */
  target: DatabaseTarget
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

function backupFolderFor(file: string): string {
  return readMachineConfig(userDataDir()).backupFolder ?? defaultBackupFolder(file)
}

/** Before a migration started from the command line: a copy of the file, like the app makes. */
export function backupBeforeMigrate(info: { file: string; from: number }): void {
  if (info.from > 0) backupFile(info.file, { folder: backupFolderFor(info.file), reason: 'avant-migration' })
}

function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' })
}

/** `backup` into the backup folder (with rotation), or `backup --out <file>`. */
export async function backupCommand({ file, target, values }: SafetyCommandContext): Promise<number> {
  const out = values.out
  if (out !== undefined && (typeof out !== 'string' || out === '')) throw new AppError('invalid_input', 'Indiquez le fichier de sauvegarde : --out <fichier>.')
  if (typeof out === 'string') {
    const store = await openStore(file)
    try {
      process.stderr.write('Sauvegarde en cours…\n')
      const started = Date.now()
      const result = backupTo(store.sqlite, out)
      console.log(`Sauvegarde écrite et vérifiée : ${result.file} (${formatBytes(result.sizeBytes)}, ${Date.now() - started} ms).`)
      return 0
    } finally {
      await store.close()
    }
  }
  return withHost(target, async (_host, call) => {
    process.stderr.write('Sauvegarde en cours…\n')
    const entry = await call('backups.create', undefined)
    const list = await call('backups.list', undefined)
    console.log(`Sauvegarde écrite et vérifiée : ${path.join(list.folder, entry.name)} (${formatBytes(entry.sizeBytes)}).`)
    console.log(`${plural(list.backups.length, 'sauvegarde')} dans ${list.folder} (rotation : 7 quotidiennes, 4 hebdomadaires, 12 mensuelles).`)
    return 0
  })
}

/** `backups`: the backups in the folder, newest first. */
export async function listBackupsCommand({ file }: SafetyCommandContext): Promise<number> {
  const folder = backupFolderFor(file)
  const entries = listBackups(folder, file)
  console.log(`Dossier des sauvegardes : ${folder}`)
  if (entries.length === 0) {
    console.log('Aucune sauvegarde.')
    return 0
  }
  for (const entry of entries) console.log(`  ${entry.name}  ${dateTime(entry.createdAt)}  ${formatBytes(entry.sizeBytes).padStart(9)}  ${entry.reasonLabel}`)
  return 0
}

/** `restore <file|name>`: a safety copy of the current state first, then the swap. */
export async function restoreCommand({ file, target, positionals }: SafetyCommandContext): Promise<number> {
  const given = positionals[0]
  if (!given) throw new AppError('invalid_input', 'Indiquez la sauvegarde à restaurer : restore <fichier> (ou le nom d’une sauvegarde du dossier).')
  const folder = backupFolderFor(file)
  const source = fs.existsSync(given) ? path.resolve(given) : listBackups(folder, file).find((entry) => entry.name === given)?.file
  if (!source) throw new AppError('not_found', `Sauvegarde introuvable : ${given}.`)
  if (path.resolve(source) === path.resolve(file)) throw new AppError('invalid_input', 'Ce fichier est la base elle-même : choisissez une sauvegarde.')
  return withHost(
    target,
    async (host) => {
      const result = await host.services.restore({ file: source, name: path.basename(source), createdAt: null })
      if (result.safetyBackup) console.log(`État précédent sauvegardé (pour annuler) : ${result.safetyBackup.file}`)
      if (result.setAside) console.log(`Le fichier endommagé a été mis de côté : ${result.setAside}`)
      console.log(`Sauvegarde restaurée : ${source} → ${path.resolve(file)}.`)
      return 0
    },
    true,
  )
}

/** `purge --dry-run` lists what the retention rules would remove; `purge --yes` applies it. */
export async function purgeCommand({ target, values }: SafetyCommandContext): Promise<number> {
  return withHost(target, async (_host, call) => {
    const preview = await call('privacy.purge.preview', undefined)
    const rules = preview.rules
    console.log(`Durées de conservation : élèves nommés ${rules.pupilGraceMonths} mois après la fin de leur année scolaire ; contacts ${rules.contactInactiveYears} ans sans activité.`)
    const lines = [...preview.pupils, ...preview.people]
    for (const item of lines.slice(0, 200)) {
      console.log(`  ${item.action === 'supprimer' ? 'supprimer ' : 'anonymiser'}  ${item.key.padEnd(8)} ${item.name} — ${item.reason}${item.lastActivity ? ` (dernière activité le ${formatDate(item.lastActivity)})` : ''}`)
    }
    if (lines.length > 200) console.log(`  … et ${numberFormat.format(lines.length - 200)} autres`)
    const anonymised = preview.pupils.length + preview.people.filter((item) => item.action === 'anonymiser').length
    const deleted = preview.people.filter((item) => item.action === 'supprimer').length
    const summary = `${plural(preview.pupils.length, 'élève')} et ${plural(preview.people.length, 'contact')} : ${numberFormat.format(anonymised)} à anonymiser, ${numberFormat.format(deleted)} à supprimer`
    if (values['dry-run'] || !values.yes) {
      console.log(`Aperçu (rien n'a été modifié) : ${summary}.`)
      if (!values['dry-run']) {
        console.error('Pour appliquer la purge, relancez avec --yes.')
        return lines.length > 0 ? 1 : 0
      }
      return 0
    }
    if (lines.length === 0) {
      console.log('Rien à purger.')
      return 0
    }
    const result = await call('privacy.purge.run', { fingerprint: preview.fingerprint })
    // A team database's server keeps its own traces (WAL, its backups): the README says what IT does about them.
    const traces = target.kind === 'sqlite' ? 'le fichier a été réécrit sans leurs traces' : "leurs traces ont été effacées de la base d'équipe"
    console.log(`Purge faite : ${purgeSummary(result)} ; ${traces}.`)
    return 0
  })
}

/** `person export <id|email> --out <file.xlsx|file.json>` and `person erase <id|email> --yes`. */
export async function personCommand({ target, values, positionals }: SafetyCommandContext): Promise<number> {
  const [action, given] = positionals
  if ((action !== 'export' && action !== 'erase') || !given) {
    throw new AppError('invalid_input', 'Usage : person export <id|courriel> --out <fichier.xlsx|json>, ou person erase <id|courriel> --yes.')
  }
  if (action === 'export') {
    const out = values.out
    if (typeof out !== 'string' || !out) throw new AppError('invalid_input', 'Indiquez le fichier à écrire : --out <fichier.xlsx> (ou .json).')
    return withStore(target, async (store) => {
      const ref = await resolveSubject(store.db, given)
      const data = await exportSubject(store.db, ref)
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
      if (out.toLowerCase().endsWith('.json')) await writeSubjectJson(out, data)
      else await writeSubjectWorkbook(out, data, await exportNames(store.db, data))
      const rows = data.sections.reduce((sum, section) => sum + section.rows.length, 0)
      console.log(
        `Données de ${data.subject.name} (${data.subject.key}) exportées dans ${path.resolve(out)} : ${plural(rows, 'ligne')} dans ${plural(data.sections.length, 'table')}, ` +
          `${plural(data.mentions.length, 'mention')} ailleurs, ${plural(data.history.length, 'ligne')} d'historique.`,
      )
      return 0
    })
  }
  return withHost(target, async (host, call) => {
    const ref = await resolveSubject(host.store!.db, given)
    const key = subjectKey(ref)
    const name = await subjectLabel(host.store!.db, ref)
    if (!values.yes) {
      const summary = await call('privacy.person.summary', { subject: key })
      console.log(`${name} (${key}) :`)
      for (const section of summary.sections) console.log(`  ${section.label.padEnd(30)} ${numberFormat.format(section.rows)}`)
      console.log(`  ${'Mentions ailleurs'.padEnd(30)} ${numberFormat.format(summary.mentions.length)}`)
      console.error('Rien n’a été effacé. Pour effacer (anonymiser) cette personne, relancez avec --yes.')
      return 1
    }
    const result = await call('privacy.person.erase', { subject: key, confirm: true })
    console.log(
      `${key} effacé : nom, coordonnées et notes supprimés (${plural(result.relatedRows, 'ligne liée', 'lignes liées')} et ${plural(result.mentions, 'mention nettoyée', 'mentions nettoyées')}, ` +
        `${plural(result.auditRows, 'ligne du journal expurgée', 'lignes du journal expurgées')}) ; les participations restent comptées.`,
    )
    return 0
  })
}
