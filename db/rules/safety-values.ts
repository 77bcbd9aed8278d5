import { plural } from './format'
import { valueList, type CodeOf } from './value-list'

// Data safety and personal data: the audit trail's actions, the backups' reasons, consents and
// the retention purge.

/** The team's own database, or the demo beside it (fictional records, never mixed with the real ones). */
export const DATABASE_KIND = valueList({ real: 'Vos données', demo: 'Démonstration (données fictives)' })
export type DatabaseKind = CodeOf<typeof DATABASE_KIND>

/** How the app talks to a team database's server (libpq's sslmode, in the order of its security). */
export const TLS_MODE = valueList({
  disable: 'Sans chiffrement',
  prefer: 'Chiffrée si le serveur le propose',
  require: 'Chiffrée, certificat non vérifié',
  'verify-ca': "Chiffrée, certificat vérifié par l'autorité",
  'verify-full': 'Chiffrée, certificat et nom du serveur vérifiés (recommandé)',
})
export type TlsMode = CodeOf<typeof TLS_MODE>

export const AUDIT_ACTION = valueList({ insert: 'Création', update: 'Modification', delete: 'Suppression', anonymise: 'Anonymisation', event: 'Événement' })
export type AuditAction = CodeOf<typeof AUDIT_ACTION>

/** Why a backup was made (the last part of its file name). */
export const BACKUP_REASON = valueList({
  auto: 'automatique (quotidienne)',
  manuel: 'manuelle',
  'avant-migration': 'avant mise à jour du schéma',
  'avant-import': 'avant un import',
  'avant-fusion': 'avant une fusion de doublons',
  'avant-restauration': 'avant une restauration',
  endommage: 'fichier endommagé mis de côté',
})
export type BackupReason = CodeOf<typeof BACKUP_REASON>

/** Where a named minor's parental consent stands. */
export const CONSENT_STATE = valueList({ expire: 'Expiré', bientot: 'Expire bientôt', sans_echeance: 'Sans échéance', valide: 'Valide' })
export type ConsentState = CodeOf<typeof CONSENT_STATE>

/** What the retention purge does to a record. */
export const PURGE_ACTION = valueList({ anonymiser: 'Anonymiser', supprimer: 'Supprimer' })
export type PurgeAction = CodeOf<typeof PURGE_ACTION>

/** What a retention purge did: « 2 élèves anonymisés, 1 contact anonymisé, 0 contact supprimé ». */
export function purgeSummary(result: { pupilsAnonymised: number; peopleAnonymised: number; peopleDeleted: number }): string {
  return [
    plural(result.pupilsAnonymised, 'élève anonymisé', 'élèves anonymisés'),
    plural(result.peopleAnonymised, 'contact anonymisé', 'contacts anonymisés'),
    plural(result.peopleDeleted, 'contact supprimé', 'contacts supprimés'),
  ].join(', ')
}

/**
 * Why a backup is not restored from the app on a team database, and how it is (the command line
 * into an empty team database, README « Mode équipe »; or on this laptop's local file).
 */
export function teamRestoreRefusal(file?: string): string {
  return (
    "En mode équipe, une sauvegarde ne se restaure pas depuis l'application : elle remplacerait les données de toute l'équipe. " +
    `Le service informatique la charge dans une base d'équipe vide avec la ligne de commande : npm run cli -- restore --from ${file ? `"${file}"` : '<fichier.sqlite>'} --database-url postgresql://… (README, « Mode équipe »). ` +
    "Pour retrouver ces données sur ce poste seulement, revenez à la base locale : la sauvegarde s'y restaure, l'état de la base locale étant d'abord sauvegardé."
  )
}
