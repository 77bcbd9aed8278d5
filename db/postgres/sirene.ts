import { sql, type Kysely, type Transaction } from 'kysely'
import type { SireneCounts, SireneEstablishment, SireneWriter } from '../backend'
import type { Database } from '../schema'
import { NOW } from './audit'

// The SIRENE import on a team database: the same rules as SQLite's prepared statements
// (db/sqlite/sirene.ts), written set-wise — one lookup, one insert and one update per batch, with
// the batch's values as arrays (`unnest`), since a round trip to the server per establishment
// would cost more than the writing. Everything happens in one transaction: a failure, or the app
// killed mid-way (the server rolls back a transaction whose connection drops), leaves nothing.

type Existing = { id: number; siret: string; sirene_state: string | null }

/** Runs of establishments within which no SIRET comes twice, in the file's order. */
function distinctRuns(items: SireneEstablishment[]): SireneEstablishment[][] {
  const runs: SireneEstablishment[][] = []
  let run: SireneEstablishment[] = []
  let seen = new Set<string>()
  for (const item of items) {
    if (seen.has(item.siret)) {
      runs.push(run)
      run = []
      seen = new Set()
    }
    seen.add(item.siret)
    run.push(item)
  }
  if (run.length > 0) runs.push(run)
  return runs
}

function createSireneWriter(trx: Transaction<Database>, today: string): SireneWriter {
  const db = trx.withoutPlugins()
  const counts: SireneCounts = { created: 0, updated: 0, closed: 0, skippedClosed: 0 }

  const insert = async (items: SireneEstablishment[]) => {
    if (items.length === 0) return
    const column = <K extends keyof SireneEstablishment>(key: K) => items.map((item) => item[key])
    // In the file's order, so that the ids come in the same order as on SQLite.
    await sql`insert into organisations (name, profile_code, town_code, siret, siren, address, postal_code, naf_code, workforce_band, status, source, sirene_state, sirene_updated_on)
      select v.name, 'entreprise', v.town_code, v.siret, left(v.siret, 9), v.address, v.postal_code, v.naf_code, v.workforce_band, 'prospect', 'sirene', 'A', ${today}
      from unnest(${column('siret')}::text[], ${column('name')}::text[], ${column('townCode')}::text[], ${column('postalCode')}::text[],
        ${column('address')}::text[], ${column('nafCode')}::text[], ${column('workforceBand')}::text[])
        with ordinality as v(siret, name, town_code, postal_code, address, naf_code, workforce_band, position)
      order by v.position`.execute(db)
  }

  // Register facts are refreshed; the name only where the register gave it in the first place.
  const update = async (items: { item: SireneEstablishment; id: number }[]) => {
    if (items.length === 0) return
    const column = <K extends keyof SireneEstablishment>(key: K) => items.map(({ item }) => item[key])
    await sql`update organisations o set
        name = case when o.source = 'sirene' then v.name else o.name end,
        town_code = v.town_code, address = coalesce(v.address, o.address), postal_code = coalesce(v.postal_code, o.postal_code),
        naf_code = coalesce(v.naf_code, o.naf_code), workforce_band = coalesce(v.workforce_band, o.workforce_band),
        sirene_state = v.state, sirene_updated_on = ${today},
        closed_on = case when v.state = 'F' then coalesce(o.closed_on, v.since, ${today}) else null end,
        updated_at = ${sql.raw(NOW)}
      from unnest(${items.map(({ id }) => id)}::integer[], ${column('name')}::text[], ${column('townCode')}::text[], ${column('postalCode')}::text[],
        ${column('address')}::text[], ${column('nafCode')}::text[], ${column('workforceBand')}::text[], ${column('state')}::text[], ${column('since')}::text[])
        as v(id, name, town_code, postal_code, address, naf_code, workforce_band, state, since)
      where o.id = v.id`.execute(db)
  }

  const writeRun = async (items: SireneEstablishment[]) => {
    const { rows } = await sql<Existing>`select distinct on (siret) id, siret, sirene_state from organisations
      where siret = any(${items.map((item) => item.siret)}::text[]) order by siret, id`.execute(db)
    const known = new Map(rows.map((row) => [row.siret, row]))
    const created: SireneEstablishment[] = []
    const updated: { item: SireneEstablishment; id: number }[] = []
    for (const item of items) {
      const existing = known.get(item.siret)
      if (!existing) {
        if (item.state === 'F') counts.skippedClosed++
        else created.push(item)
        continue
      }
      updated.push({ item, id: existing.id })
      if (item.state === 'F' && existing.sirene_state !== 'F') counts.closed++
      else counts.updated++
    }
    await insert(created)
    await update(updated)
    counts.created += created.length
  }

  return {
    counts,
    async write(items) {
      for (const run of distinctRuns(items)) await writeRun(run)
    },
  }
}

export function sireneImport<T>(db: Kysely<Database>, today: string, run: (writer: SireneWriter) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => run(createSireneWriter(trx, today)))
}
