import type BetterSqlite3 from 'better-sqlite3'
import { quoteId } from '../introspection'

// SQLite-only: making deleted data really gone from the file. A deleted row leaves its bytes in
// free pages and free space of the file, in the WAL until it is checkpointed, and, for the
// full-text index, in the index segments until they are merged. So after an erasure or a purge:
// merge every FTS index ('optimize' rewrites it without the deleted entries), checkpoint, rewrite
// the whole file (VACUUM), and checkpoint again with TRUNCATE so the WAL is emptied.

export interface ScrubReport {
  /** False when another connection kept the WAL from being emptied (it is on the next close). */
  walEmptied: boolean
}

export function removeResidue(sqlite: BetterSqlite3.Database): ScrubReport {
  const fullText = sqlite
    .prepare("select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%USING fts5%'")
    .pluck()
    .all() as string[]
  for (const table of fullText) {
    const quoted = quoteId(table)
    sqlite.prepare(`insert into ${quoted} (${quoted}) values ('optimize')`).run()
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.exec('vacuum')
  const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[]
  return { walEmptied: !result || (result.busy === 0 && result.log <= 0) }
}
