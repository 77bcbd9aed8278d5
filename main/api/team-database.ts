import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { AppError } from '../../db/errors'
import { describeTarget, openStore, SSL_MODES, type PostgresTarget } from '../../db/backend'
import type { TeamDatabaseConfig } from '../machine-config'
import type { SecretStore } from '../secrets'
import { describeRecords } from '../../db/record-tables'
import { copyIntoTeam } from '../../db/transfer/files'
import { handler, mutation, noInput } from './define'
import { needHost, type HostServices } from './host-services'

// Paramètres → Base de données (and the welcome's « Rejoindre la base de l'équipe »): test a team
// database, switch to it, go back to the local file. The machine keeps the choice
// (configuration.json) with the password encrypted by the system's keychain, never in clear.

const teamFields = {
    host: z.string().trim().min(1, 'Indiquez le serveur').max(255, 'Nom de serveur trop long'),
    port: z.number({ error: 'Indiquez le port (5432 en général)' }).int('Le port est un nombre entier').min(1, 'Port invalide').max(65535, 'Port invalide'),
    database: z.string().trim().min(1, 'Indiquez le nom de la base').max(63, 'Nom de base trop long (63 caractères au plus)'),
    user: z.string().trim().min(1, "Indiquez l'utilisateur").max(63, "Nom d'utilisateur trop long (63 caractères au plus)"),
    /** Empty: the password this machine already keeps for the same server, base and user. */
    password: z.string().max(1000).optional(),
    sslmode: z.enum(SSL_MODES),
    caFile: z.string().trim().max(4096).optional(),
}

const certificateChecked = (value: { sslmode: string; caFile?: string }, context: z.RefinementCtx) => {
    const caFile = value.caFile || undefined
    if ((value.sslmode === 'verify-ca' || value.sslmode === 'verify-full') && !caFile) {
      context.addIssue({ code: 'custom', path: ['caFile'], message: `Le mode ${value.sslmode} demande le certificat de l'autorité (fichier .pem ou .crt)` })
    }
    if (caFile && !path.isAbsolute(caFile)) context.addIssue({ code: 'custom', path: ['caFile'], message: 'Indiquez le chemin complet du fichier du certificat' })
    else if (caFile && !fs.existsSync(caFile)) context.addIssue({ code: 'custom', path: ['caFile'], message: `Ce fichier n'existe pas : ${caFile}` })
}

const teamInput = z.object(teamFields).superRefine(certificateChecked)

const connectInput = z
  .object({
    ...teamFields,
    /** « Copier les données de ce poste » : the local file's data copied into the (empty) team database first. */
    copyLocalData: z.boolean().optional(),
  })
  .superRefine(certificateChecked)

type TeamInput = z.output<typeof teamInput>

const sameDatabase = (a: Pick<PostgresTarget, 'host' | 'port' | 'database' | 'user'>, b: Pick<PostgresTarget, 'host' | 'port' | 'database' | 'user'>) =>
  a.host === b.host && a.port === b.port && a.database === b.database && a.user === b.user

/** A saved team database as a target; the password is decrypted only when it is needed. */
export function teamTarget(config: TeamDatabaseConfig, secrets: SecretStore): PostgresTarget {
  const { passwordEncrypted, ...rest } = config
  return { ...rest, ...(passwordEncrypted ? { password: secrets.decrypt(passwordEncrypted) } : {}) }
}

/** The target typed in the form; an empty password is the one this machine (or the open session) already has for that account. */
function targetOf(input: TeamInput, host: HostServices): PostgresTarget {
  const { password, caFile, ...fields } = input
  const where = { host: fields.host, port: fields.port, database: fields.database, user: fields.user, sslmode: fields.sslmode }
  const target: PostgresTarget = { ...where, ...(caFile ? { caFile } : {}) }
  if (password) return { ...target, password }
  const open = host.openTeamTarget()
  if (open?.password && sameDatabase(open, target)) return { ...target, password: open.password }
  const saved = host.machine().teamDatabase
  if (saved?.passwordEncrypted && sameDatabase(saved, target)) return { ...target, password: host.secrets.decrypt(saved.passwordEncrypted) }
  throw new AppError('invalid_input', 'Indiquez le mot de passe', { field: 'password' })
}

export const teamDatabaseHandlers = {
  /** A real connection attempt, closed at once: what the server is, or why it cannot be used, in French. */
  'database.test': handler(teamInput, { reads: [] }, async ({ host, store: localStore }, input) => {
    const target = targetOf(input, needHost(host))
    const store = await openStore({ kind: 'postgres', config: target })
    try {
      const services = needHost(host)
      const database = services.database()
      const local = database.team === null && database.kind === 'real' && localStore
      return {
        location: describeTarget(target),
        encrypted: store.kind === 'postgres' && store.encrypted,
        schemaVersion: store.schemaVersion,
        /** What the team database holds (« 3 organisations… »); empty: the local data may be copied into it. */
        records: await describeRecords(store.db),
        /** What this laptop's local file holds, when it is the one open (else null: nothing to offer to copy). */
        localRecords: local ? await describeRecords(local.db) : null,
      }
    } finally {
      await store.close()
    }
  }),
  'database.connectTeam': mutation(connectInput, { label: "Passage à la base d'équipe" }, async ({ host, store, progress }, input) => {
    const services = needHost(host)
    const why = services.secrets.unavailable()
    if (why) throw new AppError('conflict', why)
    const target = targetOf(input, services)
    // Encrypted before anything closes: a keychain that refuses leaves the open database open.
    const passwordEncrypted = services.secrets.encrypt(target.password!)
    let copied: { rows: number; tables: number } | null = null
    if (input.copyLocalData) {
      const database = services.database()
      if (database.team || database.kind !== 'real' || !store) {
        throw new AppError('conflict', "Seules les données de la base locale de ce poste peuvent être copiées dans la base d'équipe : ouvrez-la d'abord (Paramètres → Général).")
      }
      // The move of `team move`: one transaction on the team database, checked table by table, under its long operations' lock.
      const report = await copyIntoTeam('team.move', store.db, target, { animator: services.machine().animator ?? null, onProgress: progress })
      copied = { rows: report.rows, tables: report.tables.filter((table) => table.rows > 0).length }
    }
    const state = await services.openTarget({ kind: 'postgres', config: target })
    const { password: _password, ...kept } = target
    services.updateMachine({ teamDatabase: { ...kept, passwordEncrypted } })
    return { ...state, copied }
  }),
  'database.useLocal': mutation(noInput, { label: 'Retour à la base locale' }, async ({ host }) => {
    const services = needHost(host)
    const state = await services.openTarget({ kind: 'sqlite', file: services.database().localFile })
    // The team's password does not stay on a machine that no longer uses it.
    services.updateMachine({ teamDatabase: undefined })
    return state
  }),
  /** « Réessayer » when the database could not be opened (a team server that did not answer). */
  'database.reconnect': mutation(noInput, { label: 'Nouvelle tentative de connexion' }, ({ host }) => needHost(host).reopen()),
}
