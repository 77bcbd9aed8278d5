import { AppError, isUnreachable, toAppError } from '../errors'
import { describeTarget, type PostgresTarget } from './target'

// What went wrong reaching a team database, in French, naming the server (never the password).

const TLS = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED'])

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
  if (TLS.has(code) || /does not support SSL|certificate/i.test(message)) {
    return new AppError(
      'tls_refused',
      `La connexion chiffrée au serveur ${server} a échoué (${target.sslmode}) : vérifiez le certificat de l'autorité (sslrootcert) ou le mode (sslmode).`,
    )
  }
  return toAppError(error)
}
