import type BetterSqlite3 from 'better-sqlite3'
import type { SireneWriter } from '../backend'

// SQLite's hot path: establishments from the public company register (SIRENE) as directory
// prospects, written with prepared statements in one transaction opened here, and committed or
// rolled back when the import ends (the reading of the file goes on between its writes).
// PostgreSQL's twin is db/postgres/sirene.ts.

export interface SireneEstablishment {
  siret: string
  name: string
  townCode: string
  postalCode: string | null
  address: string | null
  nafCode: string | null
  workforceBand: string | null
  /** 'A' active, 'F' closed. */
  state: 'A' | 'F'
  /** Start of the current period: the closing date when state is 'F'. */
  since: string | null
}

export interface SireneCounts {
  created: number
  updated: number
  closed: number
  skippedClosed: number
}

function createSireneWriter(sqlite: BetterSqlite3.Database, today: string): SireneWriter {
  const find = sqlite.prepare('select id, source, sirene_state from organisations where siret = ?')
  const insert = sqlite.prepare(
    `insert into organisations (name, profile_code, town_code, siret, siren, address, postal_code, naf_code, workforce_band, status, source, sirene_state, sirene_updated_on)
     values (@name, 'entreprise', @townCode, @siret, @siren, @address, @postalCode, @nafCode, @workforceBand, 'prospect', 'sirene', 'A', @today)`,
  )
  // Register facts are refreshed; the name only where the register gave it in the first place.
  const update = sqlite.prepare(
    `update organisations set
       name = case when source = 'sirene' then @name else name end,
       town_code = @townCode, address = coalesce(@address, address), postal_code = coalesce(@postalCode, postal_code),
       naf_code = coalesce(@nafCode, naf_code), workforce_band = coalesce(@workforceBand, workforce_band),
       sirene_state = @state, sirene_updated_on = @today,
       closed_on = case when @state = 'F' then coalesce(closed_on, @since, @today) else null end,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     where id = @id`,
  )
  const counts: SireneCounts = { created: 0, updated: 0, closed: 0, skippedClosed: 0 }
  const writeOne = (item: SireneEstablishment): void => {
    const existing = find.get(item.siret) as { id: number; source: string; sirene_state: string | null } | undefined
    if (!existing) {
      if (item.state === 'F') {
        counts.skippedClosed++
        return
      }
      insert.run({ ...item, siren: item.siret.slice(0, 9), today })
      counts.created++
      return
    }
    update.run({ ...item, id: existing.id, today })
    if (item.state === 'F' && existing.sirene_state !== 'F') counts.closed++
    else counts.updated++
  }
  return {
    counts,
    write: async (items) => {
      for (const item of items) writeOne(item)
    },
  }
}

export async function sireneImport<T>(sqlite: BetterSqlite3.Database, today: string, run: (writer: SireneWriter) => Promise<T>): Promise<T> {
  const writer = createSireneWriter(sqlite, today)
  // Immediate: the import writes from its first lines, and nothing else may write in between.
  sqlite.exec('begin immediate')
  try {
    const result = await run(writer)
    sqlite.exec('commit')
    return result
  } catch (error) {
    // SQLite may have rolled back already (a full disk): the error that says why is the one to keep.
    if (sqlite.inTransaction) sqlite.exec('rollback')
    throw error
  }
}
