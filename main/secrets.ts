import { AppError } from '../db/errors'

// Where the team database's password is kept on this machine: encrypted by the system's keychain
// (Electron's safeStorage: DPAPI on Windows, the Keychain on macOS, libsecret/kwallet on Linux),
// never in clear on disk. The host only sees this interface, so db/ and main/api never import
// electron, and the tests hand it a fake.

export interface SecretStore {
  /** Why a password cannot be kept here (browser mode, a Linux session without keychain), or null. */
  unavailable(): string | null
  /** The encrypted text to write in the machine configuration. */
  encrypt(secret: string): string
  decrypt(stored: string): string
}

export const BROWSER_MODE_SECRETS: SecretStore = {
  unavailable: () =>
    "En mode navigateur, le mot de passe de la base d'équipe n'est pas conservé : il vient de l'adresse VITAWIN_DATABASE_URL donnée au lancement (VITAWIN_DATABASE_URL=postgresql://utilisateur:motdepasse@serveur:5432/base npm run web).",
  encrypt: () => {
    throw new AppError('conflict', BROWSER_MODE_SECRETS.unavailable()!)
  },
  decrypt: () => {
    throw new AppError('conflict', BROWSER_MODE_SECRETS.unavailable()!)
  },
}

const UNREADABLE =
  "Le mot de passe de la base d'équipe enregistré sur ce poste ne peut plus être relu (trousseau du système changé ou indisponible). Saisissez-le à nouveau dans Paramètres → Base de données."

/** The part of Electron's safeStorage used here (main/shell/index.ts hands the real one). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  getSelectedStorageBackend(): string
  encryptString(text: string): Buffer
  decryptString(data: Buffer): string
}

/** The app's secret store, over Electron's safeStorage. */
export function safeStorageSecrets(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretStore {
  const unavailable = () => {
    if (!safeStorage.isEncryptionAvailable()) return "Ce poste ne dispose pas d'un trousseau sécurisé : le mot de passe de la base d'équipe ne peut pas y être conservé."
    // Without a keychain, Linux « encrypts » with a key written in Chromium's source: not a secret.
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return "Cette session Linux n'a pas de trousseau (GNOME Keyring ou KWallet) : le mot de passe de la base d'équipe ne peut pas y être conservé de façon sûre."
    }
    return null
  }
  return {
    unavailable,
    encrypt(secret) {
      const why = unavailable()
      if (why) throw new AppError('conflict', why)
      return safeStorage.encryptString(secret).toString('base64')
    },
    decrypt(stored) {
      try {
        return safeStorage.decryptString(Buffer.from(stored, 'base64'))
      } catch {
        throw new AppError('unauthorized', UNREADABLE)
      }
    },
  }
}
