import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../tests/helpers/temp'
import { defaultDatabaseFile, demoDatabaseFile, userDataDir, writableFolderProblem } from './paths'

describe('where the data lives', () => {
  it('puts the demo beside the real database, whatever the real one is called', () => {
    expect(demoDatabaseFile('/home/camille/.config/Vitawin Back-office/vitawin.sqlite')).toBe('/home/camille/.config/Vitawin Back-office/vitawin-demo.sqlite')
    expect(demoDatabaseFile('/tmp/essai.db')).toBe('/tmp/essai-demo.db')
    expect(demoDatabaseFile('/tmp/base')).toBe('/tmp/base-demo.sqlite')
  })

  it('shares one data folder between the app, browser mode and the CLI', () => {
    expect(userDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/Vitawin Back-office')
    expect(userDataDir({ APPDATA: 'C:\\Users\\camille\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\camille\\AppData\\Roaming', 'Vitawin Back-office'))
    expect(defaultDatabaseFile({ VITAWIN_DATA_DIR: '/srv/vitawin' })).toBe('/srv/vitawin/vitawin.sqlite')
  })

  it('tells why a folder cannot hold the data, and leaves nothing behind when it can', () => {
    const folder = path.join(tempDir(), 'nouveau', 'dossier')
    expect(writableFolderProblem(folder)).toBeNull()
    expect(fs.readdirSync(folder)).toEqual([])
    const file = path.join(tempDir(), 'un-fichier')
    fs.writeFileSync(file, '')
    expect(writableFolderProblem(path.join(file, 'dessous'))).toBe('ENOTDIR')
  })
})
