import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BROWSER_MODE_SECRETS } from '../../main/secrets'
import { createShellHost } from '../../main/shell/host'
import { tempDir } from '../helpers/temp'

// Which database the desktop app opens (main/shell/host.ts): VITAWIN_DATABASE_URL's team database
// when set, as the command line and browser mode do; else the file (or Paramètres' team database,
// tested with the host: main/api/database-team.test.ts).

describe('the desktop app’s database', () => {
  it('is the file without VITAWIN_DATABASE_URL', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'vitawin.sqlite')
    const host = await createShellHost(file, {}, path.join(folder, 'data'), BROWSER_MODE_SECRETS)
    try {
      expect(host.openError).toBeNull()
      expect(host.store?.kind).toBe('sqlite')
      expect(host.services.database()).toMatchObject({ realFile: file, team: null })
    } finally {
      await host.close()
    }
  })

  it('is the team database VITAWIN_DATABASE_URL names, the file staying the way back', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'vitawin.sqlite')
    // A server that does not answer: the host says so (and offers to retry) rather than opening the file.
    const env = { VITAWIN_DATABASE_URL: 'postgresql://camille@127.0.0.1:1/vitawin?sslmode=disable' }
    const host = await createShellHost(file, env, path.join(folder, 'data'), BROWSER_MODE_SECRETS)
    try {
      expect(host.store).toBeNull()
      expect(host.openError?.code).toBe('server_unreachable')
      expect(host.services.database()).toMatchObject({ localFile: file, team: { host: '127.0.0.1', port: 1, database: 'vitawin', user: 'camille' } })
    } finally {
      await host.close()
    }
  })

  it('is refused in French when the address is not a PostgreSQL one', async () => {
    const folder = tempDir()
    await expect(createShellHost(path.join(folder, 'vitawin.sqlite'), { VITAWIN_DATABASE_URL: 'http://db/vitawin' }, folder, BROWSER_MODE_SECRETS)).rejects.toThrow(
      "L'adresse de la base d'équipe doit commencer par postgresql:// (VITAWIN_DATABASE_URL).",
    )
  })
})
