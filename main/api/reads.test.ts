import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { describe, expect, test } from 'vitest'
import { auditedTables } from '../../db/audit/tables'
import { introspectionOf } from '../../db/introspection'
import { snakeCase } from '../../db/rules/text'
import { startDemoTestHost } from '../../tests/helpers/api'
import { queryValue, tempDir } from '../../tests/helpers/temp'
import type { Handler } from './define'
import { handlers } from './index'

// The tables each read call declares (main/api/define.ts: `reads`) are what the change feed
// refreshes it on: a table it reads and does not declare would leave another animator's change
// off the screen. Each read runs here on the demo data, every statement it sends is captured
// (Kysely's and the raw ones alike go through better-sqlite3's prepare on a file, through pg's
// Client.query on a team database, whose search and directory have statements of their own), and
// the audited tables those statements name must all be declared.

/** Arguments that make each call with a required input read something real in the demo. */
function samples(dir: string, inseeCode: string, indicator: string, files: { register(file: string, name?: string): { id: string } }): Record<string, unknown> {
  const csv = path.join(dir, 'acteurs.csv')
  fs.writeFileSync(csv, 'Nom;Commune\nMairie de Test;Moulins\n')
  return {
    'actors.get': { key: 'o1' },
    'actors.similar': { kind: 'organisation', name: 'Mairie', townCode: inseeCode, email: 'contact@mairie.fr' },
    'actors.export': { keys: ['o1', 'p1'], columns: ['name', 'townCode', 'organisations', 'tags', 'networks', 'fields', 'offers', 'lastInteractionOn', 'nextStepDueOn'] },
    'actors.import.inspect': { fileId: files.register(csv).id },
    'journal.get': { id: 1 },
    'search.query': { query: 'mair' },
    'views.list': { scope: 'directory' },
    'layouts.get': { scope: 'directory' },
    'copil.session': { id: 1 },
    'copil.prepare': { sessionId: 1 },
    'copil.exportPack': { sessionId: 1 },
    'groups.get': { id: 1 },
    'indicators.records': { code: indicator, period: '2025-2026' },
    'indicators.town': { inseeCode },
    'indicators.exportTown': { inseeCode },
    'indicators.exportFunder': { period: '2025-2026' },
    'programmes.edition': { id: 1 },
    'programmes.exportEdition': { id: 1 },
    'programmes.request': { id: 1 },
    'calendar.events': { from: '2025-09-01', to: '2026-08-31' },
    'calendar.export': { from: '2025-09-01', to: '2026-08-31' },
    'audit.entries': {},
    'changes.since': { after: '0' },
    'privacy.person.find': { query: 'ma' },
    'privacy.person.summary': { subject: 'p1' },
    'privacy.person.export': { subject: 'p1' },
  }
}

describe('the tables each read call declares', () => {
  test('cover every audited table it reads', async () => {
    const dir = tempDir()
    const host = await startDemoTestHost()
    const store = host.store!
    const audited = await auditedTables(introspectionOf(store.db))
    const inseeCode = await queryValue<string>(store, 'select insee_code from towns order by insee_code limit 1')
    const indicator = await queryValue<string>(store, 'select code from indicators order by code limit 1')
    const args = samples(dir, inseeCode, indicator, host.files)
    let prepared: string[] = []
    let restore: () => void
    if (store.kind === 'sqlite') {
      const { sqlite } = store
      const prepare = sqlite.prepare.bind(sqlite)
      ;(sqlite as unknown as { prepare: (text: string) => unknown }).prepare = (text: string) => {
        prepared.push(text)
        return prepare(text)
      }
      restore = () => undefined
    } else {
      const query = pg.Client.prototype.query
      pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
        prepared.push(typeof config === 'string' ? config : String((config as { text?: string }).text))
        return (query as (...given: unknown[]) => unknown).call(this, config, ...rest)
      } as typeof query
      restore = () => {
        pg.Client.prototype.query = query
      }
    }
    try {
      const undeclared: Record<string, string[]> = {}
      const failed: Record<string, string> = {}
      let statements = 0
      for (const [name, entry] of Object.entries(handlers) as [string, Handler<never, unknown>][]) {
        // A connection test reads another database than the open one (main/api/database-team.test.ts).
        if (entry.writes || name === 'database.test') continue
        prepared = []
        const envelope = await host.call(name, args[name])
        if (!envelope.ok) failed[name] = envelope.error.message
        statements += prepared.length
        const declared = entry.reads === 'everything' || entry.reads === undefined ? null : new Set(entry.reads.map(snakeCase))
        const read = audited.filter((table) => prepared.some((text) => new RegExp(`\\b${table}\\b`).test(text)))
        const missing = declared ? read.filter((table) => !declared.has(table)) : []
        if (missing.length > 0) undeclared[name] = missing
      }
      // Each call ran for real (a refused one would read nothing and prove nothing), and was heard.
      expect(failed).toEqual({})
      expect(statements).toBeGreaterThan(500)
      expect(undeclared).toEqual({})
    } finally {
      restore()
    }
  }, 120_000)

  test('are declared by every read call (none left to refresh on any change by omission)', () => {
    const undeclared = (Object.entries(handlers) as [string, Handler<never, unknown>][])
      .filter(([, entry]) => !entry.writes && entry.reads === undefined)
      .map(([name]) => name)
    expect(undeclared).toEqual([])
  })
})
