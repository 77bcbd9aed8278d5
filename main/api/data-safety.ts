import path from 'node:path'
import { z } from 'zod'
import { listAuditEntries, listAuditOperations, subjectOf } from '../../db/audit/trail'
import { AppError } from '../../db/errors'
import { listConsents } from '../../db/privacy/consents'
import { parseSubjectKey } from '../../db/rules/subject-keys'
import { anonymiseSubjects } from '../../db/privacy/person-erasure'
import { exportNames, exportSubject, findSubjects, subjectLabel } from '../../db/privacy/person-export'
import { getRetention, processingRegister, retentionSchema, setRetention } from '../../db/privacy/register'
import { previewPurge, runPurge } from '../../db/privacy/retention'
import { todayIso } from '../../db/rules/dates'
import { latestGoodBackup, listBackups, newestFirst, type BackupEntry } from '../../db/sqlite/backups'
import { listTeamBackups, teamOriginOf } from '../../db/transfer/team-backups'
import { removeResidue } from '../../db/sqlite/scrub'
import { writeRegisterWorkbook, writeSubjectWorkbook } from '../privacy/export'
import { writableFolderProblem } from '../paths'
import { handler, mutation, noInput } from './define'
import { needHost, type HostServices } from './host-services'
import type { Store } from '../../db/backend'

// Not written for team mode yet (W3 makes them engine-neutral): refused there in French.
/** Rewrites a local file without what an erasure left in its free pages; a team server's own files are IT's (README). */
function residueRemoved(store: Store): { walEmptied: boolean } {
  return store.kind === 'sqlite' ? removeResidue(store.sqlite) : { walEmptied: false }
}

// Data safety and personal data: backups and restore, the audit trail, the processing register,
// retention and the purge, and one person's data (export, erasure).

const fileId = z.string().regex(/^[0-9a-f]{32}$/, 'Fichier invalide')
const backupName = z.string().regex(/^[^/\\]{1,200}\.sqlite$/, 'Nom de sauvegarde invalide')
const subjectKey = z.string().regex(/^[pe][1-9]\d{0,14}$/, 'Personne invalide')
const page = { limit: z.number().int().min(1).max(5000).optional(), offset: z.number().int().min(0).optional() }

/** What the page sees of a backup: no absolute path; for a copy of a team database, which one. */
function shown(entry: BackupEntry) {
  return { name: entry.name, createdAt: entry.createdAt, reason: entry.reason, reasonLabel: entry.reasonLabel, sizeBytes: entry.sizeBytes, team: teamOriginOf(entry.name) }
}

/** The backups of the folder: the local file's, and the copies of team databases made on this laptop, newest first. */
function backupsOf(services: HostServices): BackupEntry[] {
  const database = services.database()
  const folder = services.backupFolder()
  const local = listBackups(folder, database.team ? database.localFile : database.realFile)
  return [...local, ...listTeamBackups(folder)].sort(newestFirst)
}

function stampedName(prefix: string, extension: string): string {
  return `${prefix}-${todayIso()}.${extension}`
}

function checkFolder(folder: string): string {
  if (!path.isAbsolute(folder)) throw new AppError('invalid_input', 'Indiquez le chemin complet du dossier (par exemple D:\\Sauvegardes ou /media/cle/sauvegardes).')
  const resolved = path.resolve(folder)
  const problem = writableFolderProblem(resolved)
  if (problem) throw new AppError('io_error', `Ce dossier n'est pas accessible en écriture : ${resolved} (${problem}).`)
  return resolved
}

export const dataSafetyHandlers = {
  // --- Backups -------------------------------------------------------------------------------
  'backups.list': handler(noInput, { reads: [] }, ({ host }) => {
    const services = needHost(host)
    const folder = services.backupFolder()
    const database = services.database()
    return {
      folder,
      defaultFolder: services.defaultBackupFolder(),
      custom: folder !== services.defaultBackupFolder(),
      lastError: services.lastBackupError(),
      /** The demo is open: the backups listed are the real database's, and none is made or restored now. */
      demo: database.kind === 'demo',
      /** A team database is open: « Sauvegarder » copies it here; a backup is not restored from the app (teamRestoreRefusal). */
      team: database.team ? { host: database.team.host, port: database.team.port, database: database.team.database } : null,
      backups: backupsOf(services).map(shown),
    }
  }),

  /** When the database could not be opened: the error, and the most recent backup that passes its checks. */
  'backups.recovery': handler(noInput, { reads: [] }, ({ host }) => {
    const services = needHost(host)
    const error = services.openError()
    const folder = services.backupFolder()
    if (!error || error.code !== 'database_damaged') return { error, folder, latestGood: null }
    const good = latestGoodBackup(folder, services.databaseFile)
    return { error, folder, latestGood: good ? shown(good) : null }
  }),

  'backups.create': mutation(noInput, { label: 'Sauvegarde manuelle' }, async ({ host, progress }) => shown(await needHost(host).backup('manuel', progress))),

  'backups.restore': mutation(z.object({ name: backupName }), { label: 'Restauration d’une sauvegarde', long: 'restaure une sauvegarde' }, async ({ host }, { name }) => {
    const services = needHost(host)
    const entry = backupsOf(services).find((candidate) => candidate.name === name)
    if (!entry) throw new AppError('not_found', `Sauvegarde introuvable : ${name}.`)
    const result = await services.restore({ file: entry.file, name: entry.name, createdAt: entry.createdAt })
    return { ...result, safetyBackup: result.safetyBackup ? shown(result.safetyBackup) : null }
  }),

  /** Restores a file the user chose (another disk, a key): a handle, never a path. */
  'backups.restoreFile': mutation(z.object({ fileId }), { label: 'Restauration d’une sauvegarde choisie sur le disque', long: 'restaure une sauvegarde' }, async ({ host, files }, args) => {
    const services = needHost(host)
    const handle = files.resolve(args.fileId)
    const result = await services.restore({ file: handle.path, name: handle.name, createdAt: null })
    return { ...result, safetyBackup: result.safetyBackup ? shown(result.safetyBackup) : null }
  }),

  /** null puts the backups back in the default folder. */
  'backups.setFolder': mutation(z.object({ folder: z.string().trim().min(1).max(1000).nullable() }), { label: 'Choix du dossier des sauvegardes' }, ({ host }, { folder }) => {
    const services = needHost(host)
    const chosen = folder === null ? undefined : checkFolder(folder)
    services.updateMachine({ backupFolder: chosen === services.defaultBackupFolder() ? undefined : chosen })
    return { folder: services.backupFolder() }
  }),

  // --- Audit trail ---------------------------------------------------------------------------
  'audit.operations': handler(z.object({ kind: z.string().max(80).optional(), ...page }).optional(), { reads: 'everything' }, ({ store }, args) =>
    listAuditOperations(store.db, args ?? {}),
  ),

  /** Audit rows of one operation, or about one actor ('o12', 'p5') or pupil ('e3'), or all. */
  'audit.entries': handler(
    z.object({ operationId: z.number().int().positive().optional(), subject: z.string().regex(/^[ope][1-9]\d{0,14}$/).optional(), ...page }),
    { reads: 'everything' },
    ({ store }, { operationId, subject, limit, offset }) =>
      listAuditEntries(store.db, { operationId, subject: subject ? subjectOf(subject) : undefined, limit, offset }),
  ),

  // --- Personal data -------------------------------------------------------------------------
  'privacy.register': handler(noInput, { reads: ['settings'] }, async ({ store }) => {
    const rules = await getRetention(store.db)
    return { rules, activities: processingRegister(rules) }
  }),

  'privacy.register.export': handler(noInput, { reads: ['settings'] }, async (context) => {
    const rules = await getRetention(context.store.db)
    const activities = processingRegister(rules)
    const rows = activities.reduce((sum, activity) => sum + activity.categories.length, 0)
    return context.files.writeOutput(stampedName('registre-des-traitements', 'xlsx'), async (file) => {
      await writeRegisterWorkbook(file, activities, rules)
      return { rows }
    })
  }),

  'privacy.retention.set': mutation(retentionSchema, { label: 'Durées de conservation modifiées' }, ({ store }, rules) => setRetention(store.db, rules)),

  'privacy.purge.preview': handler(noInput, { reads: ['settings', 'people', 'affiliations', 'engagementOffers', 'actorRequests', 'interactions', 'workingGroups', 'groupMembers', 'meetingAttendance', 'copilMembers', 'copilAttendance', 'copilDecisions', 'proposedActions', 'programmePartners', 'editionPartners', 'sessionParticipants', 'pupils', 'placements', 'mentoringPairs', 'requestCandidates'] }, async ({ store }) => previewPurge(store.db, await getRetention(store.db))),

  /** Applies the preview the animator confirmed (same fingerprint), then rewrites the file without the residue. */
  'privacy.purge.run': mutation(z.object({ fingerprint: z.string().regex(/^[0-9a-f]{32}$/) }), { label: 'Purge selon les durées de conservation', long: 'purge les données arrivées à échéance' }, async ({ store, host }, { fingerprint }) => {
    const result = await runPurge(store.db, await getRetention(store.db), fingerprint)
    const scrub = host ? host.scrub() : residueRemoved(store)
    return { ...result, ...scrub }
  }),

  'privacy.consents': handler(noInput, { reads: ['organisations', 'pupils'] }, ({ store }) => listConsents(store.db)),

  'privacy.person.find': handler(z.object({ query: z.string().trim().max(120) }), { reads: ['organisations', 'people', 'pupils'] }, ({ store }, { query }) => findSubjects(store.db, query)),

  /** What the app holds about one person: counts per table, mentions elsewhere, history. */
  'privacy.person.summary': handler(z.object({ subject: subjectKey }), { reads: 'everything' }, async ({ store }, { subject }) => {
    const data = await exportSubject(store.db, parseSubjectKey(subject))
    return {
      subject: data.subject,
      sections: data.sections.map((section) => ({ table: section.table, label: section.label, via: section.via, rows: section.rows.length })),
      mentions: data.mentions,
      historyRows: data.history.length,
    }
  }),

  'privacy.person.export': handler(z.object({ subject: subjectKey }), { reads: 'everything' }, async (context, { subject }) => {
    const data = await exportSubject(context.store.db, parseSubjectKey(subject))
    const names = await exportNames(context.store.db, data)
    const rows = data.sections.reduce((sum, section) => sum + section.rows.length, 0)
    return context.files.writeOutput(stampedName(`donnees-${subject}`, 'xlsx'), async (file) => {
      await writeSubjectWorkbook(file, data, names)
      return { rows }
    })
  }),

  /** Erases (anonymises) one person everywhere, keeping the counts; then rewrites the file without the residue. */
  'privacy.person.erase': mutation(z.object({ subject: subjectKey, confirm: z.literal(true) }), { label: 'Effacement d’une personne (demande RGPD)' }, async ({ store, host }, { subject }) => {
    const ref = parseSubjectKey(subject)
    const before = await subjectLabel(store.db, ref)
    const [result] = await anonymiseSubjects(store.db, [ref], { scanMentions: true })
    const scrub = host ? host.scrub() : residueRemoved(store)
    return { ...result!, erasedName: before.length > 0, walEmptied: scrub.walEmptied }
  }),
}
