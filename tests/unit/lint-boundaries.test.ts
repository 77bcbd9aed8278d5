import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The process boundaries are lint rules; these prove the rules bite.

const root = path.resolve(__dirname, '../..')
const eslint = new ESLint({ cwd: root })

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message)
}

describe('process boundaries', () => {
  it('lets only the shell and the preload import electron', async () => {
    const code = "import { app } from 'electron'\nexport const value = app\n"
    expect(await restrictedImports('main/api/sneaky.ts', code)).toHaveLength(1)
    expect(await restrictedImports('db/sneaky.ts', code)).toHaveLength(1)
    expect(await restrictedImports('renderer/src/sneaky.ts', code)).toHaveLength(1)
    expect(await restrictedImports('main/shell/window2.ts', code)).toHaveLength(0)
    expect(await restrictedImports('preload/other.ts', code)).toHaveLength(0)
  })

  it('keeps Node modules and backend code out of the renderer', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import fs from 'node:fs'\nexport const a = fs\n")).toHaveLength(1)
    expect(await restrictedImports('renderer/src/x.ts', "import path from 'path'\nexport const a = path\n")).toHaveLength(1)
    expect(await restrictedImports('renderer/src/x.ts', "import Database from 'better-sqlite3'\nexport const a = Database\n")).toHaveLength(1)
    expect(await restrictedImports('renderer/src/x.ts', "import { handlers } from '../../main/api'\nexport const a = handlers\n")).toHaveLength(1)
    expect(await restrictedImports('renderer/src/x.ts', "import type { Api } from '../../main/api'\nexport type A = Api\n")).toHaveLength(0)
  })

  it('keeps db/ independent of main/ and renderer/', async () => {
    expect(await restrictedImports('db/x.ts', "import { APP_VERSION } from '../main/version'\nexport const a = APP_VERSION\n")).toHaveLength(1)
    expect(await restrictedImports('db/actors/x.ts', "import { call } from '../../renderer/src/api/client'\nexport const a = call\n")).toHaveLength(1)
  })

  it('keeps the raw SQLite handle in db/sqlite/: data functions take Kysely', async () => {
    const code = "import type BetterSqlite3 from 'better-sqlite3'\nexport type A = BetterSqlite3.Database\n"
    expect(await restrictedImports('db/actors/x.ts', code)).toHaveLength(1)
    expect(await restrictedImports('db/privacy/x.ts', code)).toHaveLength(1)
    expect(await restrictedImports('db/sqlite/x.ts', code)).toHaveLength(0)
  })
})

describe('pure rules shared with the renderer', () => {
  it('lets the renderer import db/rules but nothing else from db/', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { foldText } from '../../db/rules/text'\nexport const a = foldText\n")).toHaveLength(0)
    expect(await restrictedImports('renderer/src/x.ts', "import { getTerritory } from '../../db/territory'\nexport const a = getTerritory\n")).toHaveLength(1)
  })
})
