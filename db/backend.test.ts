import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { caught } from '../tests/helpers/errors'
import { chooseDatabaseTarget, parseDatabaseTarget } from './backend'

describe('the database to open', () => {
  it('is a file, or a team database given by its postgresql:// address', () => {
    expect(parseDatabaseTarget('donnees/vitawin.sqlite')).toEqual({ kind: 'sqlite', file: path.resolve('donnees/vitawin.sqlite') })
    expect(parseDatabaseTarget('postgresql://camille@db.mairie.fr/vitawin')).toMatchObject({ kind: 'postgres', config: { host: 'db.mairie.fr', database: 'vitawin', user: 'camille' } })
  })

  it('is --database-url, else VITAWIN_DATABASE_URL, else the file, for the CLI and browser mode alike', async () => {
    const env = { VITAWIN_DATABASE_URL: 'postgresql://app@serveur/equipe' }
    expect(chooseDatabaseTarget({ file: 'a.sqlite' }, {})).toEqual({ kind: 'sqlite', file: path.resolve('a.sqlite') })
    expect(chooseDatabaseTarget({ file: 'a.sqlite' }, env)).toMatchObject({ kind: 'postgres', config: { host: 'serveur', database: 'equipe' } })
    expect(chooseDatabaseTarget({ file: 'a.sqlite', databaseUrl: 'postgres://autre@ailleurs/base' }, env)).toMatchObject({ kind: 'postgres', config: { host: 'ailleurs' } })
    const refused = await caught((async () => chooseDatabaseTarget({ file: 'a.sqlite' }, { VITAWIN_DATABASE_URL: 'mysql://x:Secret-1@h/b' }))())
    expect(refused).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/doit commencer par postgresql:\/\/ \(VITAWIN_DATABASE_URL\)/) })
    expect(refused.message).not.toContain('Secret-1')
  })
})
