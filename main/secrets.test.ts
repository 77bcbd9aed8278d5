import { describe, expect, it } from 'vitest'
import { fakeSafeStorage } from '../tests/helpers/fake-electron'
import { BROWSER_MODE_SECRETS, safeStorageSecrets } from './secrets'

// The team database's password on this machine: encrypted by the system's keychain (Electron's
// safeStorage, here its fake), refused where there is no real keychain.

describe('the password kept by the keychain', () => {
  it('is written encrypted, never in clear, and read back by the same keychain only', () => {
    const storage = fakeSafeStorage()
    const secrets = safeStorageSecrets(storage, 'win32')
    expect(secrets.unavailable()).toBeNull()
    const stored = secrets.encrypt('Mot-de-passe-42')
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(Buffer.from(stored, 'base64').toString('latin1')).not.toContain('Mot-de-passe-42')
    expect(secrets.decrypt(stored)).toBe('Mot-de-passe-42')
    const other = safeStorageSecrets(fakeSafeStorage(), 'win32')
    expect(() => other.decrypt(stored)).toThrow(/ne peut plus être relu .* Saisissez-le à nouveau dans Paramètres → Base de données/)
    expect(() => other.decrypt('pas du base64 chiffré')).toThrow(/ne peut plus être relu/)
  })

  it('is refused without a keychain, or with Linux’s plain-text fallback, and in browser mode', () => {
    const none = safeStorageSecrets(fakeSafeStorage({ available: false }), 'darwin')
    expect(none.unavailable()).toMatch(/^Ce poste ne dispose pas d'un trousseau sécurisé/)
    expect(() => none.encrypt('x')).toThrow(/trousseau sécurisé/)
    const basic = fakeSafeStorage({ backend: 'basic_text' })
    expect(safeStorageSecrets(basic, 'linux').unavailable()).toMatch(/GNOME Keyring ou KWallet/)
    expect(() => safeStorageSecrets(basic, 'linux').encrypt('x')).toThrow(/GNOME Keyring/)
    expect(basic.encryptString).not.toHaveBeenCalled()
    // The fallback name exists only on Linux.
    expect(safeStorageSecrets(basic, 'win32').unavailable()).toBeNull()
    expect(BROWSER_MODE_SECRETS.unavailable()).toMatch(/VITAWIN_DATABASE_URL/)
    expect(() => BROWSER_MODE_SECRETS.encrypt('x')).toThrow(/mode navigateur/)
  })
})
