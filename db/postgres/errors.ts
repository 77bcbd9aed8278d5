import { AppError, isUnreachable, toAppError } from '../errors'
import { describeTarget, type PostgresTarget } from './target'

// What went wrong reaching a team database, in French, naming the server (never the password).

/** Node's codes for a certificate whose chain does not lead to the CA file given. */
const UNKNOWN_AUTHORITY = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'])

export function connectionError(error: unknown, target: PostgresTarget): AppError {
  if (error instanceof AppError) return error
  const code = String((error as { code?: unknown })?.code ?? '')
  const message = error instanceof Error ? error.message : String(error)
  const server = `${target.host}:${target.port}`
  if (isUnreachable(error)) {
    return new AppError('server_unreachable', `Le serveur de la base d'équipe (${server}) ne répond pas. Vérifiez la connexion au réseau, puis réessayez dans un instant.`)
  }
  if (code === '28P01' || code === '28000') {
    return new AppError('unauthorized', `Identifiant ou mot de passe refusé par le serveur de la base d'équipe (${describeTarget(target)}).`)
  }
  if (code === '3D000') return new AppError('not_found', `La base « ${target.database} » n'existe pas sur le serveur ${server}.`)
  if (/does not support SSL/i.test(message)) {
    return new AppError(
      'tls_refused',
      `La connexion chiffrée au serveur ${server} est impossible : il ne la propose pas (sslmode=${target.sslmode}). Demandez à l'informatique d'activer TLS sur le serveur, ou choisissez le mode « prefer ».`,
    )
  }
  if (UNKNOWN_AUTHORITY.has(code)) {
    return new AppError(
      'tls_refused',
      `La connexion chiffrée au serveur ${server} est refusée : son certificat n'est pas signé par l'autorité ${target.caFile ? `« ${target.caFile} »` : 'attendue'} (sslrootcert). Vérifiez le fichier de l'autorité.`,
    )
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new AppError(
      'tls_refused',
      `La connexion chiffrée au serveur ${server} est refusée : son certificat est fait pour un autre nom que « ${target.host} » (sslmode=verify-full). Vérifiez le nom du serveur.`,
    )
  }
  if (code === 'CERT_HAS_EXPIRED') return new AppError('tls_refused', `La connexion chiffrée au serveur ${server} est refusée : son certificat a expiré.`)
  if (/certificate/i.test(message)) {
    return new AppError(
      'tls_refused',
      `La connexion chiffrée au serveur ${server} a échoué (${target.sslmode}) : vérifiez le certificat de l'autorité (sslrootcert) ou le mode (sslmode).`,
    )
  }
  return toAppError(error)
}
