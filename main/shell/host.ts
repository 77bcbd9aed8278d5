import { chooseDatabaseTarget, type Store } from '../../db/backend'
import { createAppHost, type ApiHost } from '../api/host'
import type { SecretStore } from '../secrets'

/**
 * The app's host. VITAWIN_DATABASE_URL, when set, names the team database to work on (as for the
 * command line and browser mode: IT's shortcut, or a test); else the team database chosen in
 * Paramètres → Base de données; else the file. A malformed address is refused in French (thrown).
 */
export async function createShellHost(file: string, env: NodeJS.ProcessEnv, dataDir: string, secrets: SecretStore): Promise<ApiHost<Store>> {
  return createAppHost(chooseDatabaseTarget({ file }, env), file, { dataDir, secrets, teamFromMachine: true })
}
