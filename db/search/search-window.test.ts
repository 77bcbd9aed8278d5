import { describe, expect, it } from 'vitest'
import { insertRow, runSql, testStore } from '../../tests/helpers/temp'

// A word matching more records than the ranking window (a common word of the journal at territory
// scale): the search stays bounded, and names holding the word still come first, however old. On
// either engine (SQLite's FTS5, PostgreSQL's tsvector).

describe('searchAll with more matches than its ranking window', () => {
  it('puts the names holding every word first, then the best recent matches', async () => {
    const store = await testStore()
    const insert = (name: string, notes: string | null) => insertRow(store, "insert into organisations (name, profile_code, notes) values (?, 'association', ?)", name, notes)
    const named = await insert('Forum des métiers de Vincennes', null)
    await runSql(
      store,
      `with recursive n(i) as (select 0 union all select i + 1 from n where i < 2499)
       insert into organisations (name, profile_code, notes)
       select 'Mairie annexe ' || i, 'association', case when i % 2 = 0 then 'Contact pris au forum' else 'Forum ; forum, encore le forum' end from n`,
    )
    const recentNamed = await insert('Comité du forum', 'forum')
    const ids = { named, recentNamed }
    const searchAll = (query: string, limit = 20) => store.backend.search(query, limit)

    const hits = await searchAll('forum', 20)
    expect(hits).toHaveLength(20)
    expect(hits.slice(0, 2).map((hit) => hit.actorKey).sort()).toEqual([`o${ids.named}`, `o${ids.recentNamed}`].sort())
    expect(hits.slice(2).every((hit) => hit.title.startsWith('Mairie annexe'))).toBe(true)
    // Every word is still required, and a query below the window is ranked as a whole.
    expect((await searchAll('forum vincennes')).map((hit) => hit.actorKey)).toEqual([`o${ids.named}`])
    expect((await searchAll('mairie annexe 1234')).map((hit) => hit.title)).toEqual(['Mairie annexe 1234'])
  })
})
