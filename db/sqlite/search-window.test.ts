import { describe, expect, it } from 'vitest'
import { tempStore } from '../../tests/helpers/temp'
import { searchAll } from './search'

// A word matching more records than the ranking window (a common word of the journal at territory
// scale): the search stays bounded, and names holding the word still come first, however old.

describe('searchAll with more matches than its ranking window', () => {
  it('puts the names holding every word first, then the best recent matches', async () => {
    const store = await tempStore()
    const insert = store.sqlite.prepare("insert into organisations (name, profile_code, notes) values (?, 'association', ?)")
    const ids = store.sqlite.transaction(() => {
      const named = Number(insert.run('Forum des métiers de Vincennes', null).lastInsertRowid)
      for (let i = 0; i < 2_500; i++) insert.run(`Mairie annexe ${i}`, i % 2 === 0 ? 'Contact pris au forum' : 'Forum ; forum, encore le forum')
      const recentNamed = Number(insert.run('Comité du forum', 'forum').lastInsertRowid)
      return { named, recentNamed }
    })()

    const hits = searchAll(store.sqlite, 'forum', 20)
    expect(hits).toHaveLength(20)
    expect(hits.slice(0, 2).map((hit) => hit.actorKey).sort()).toEqual([`o${ids.named}`, `o${ids.recentNamed}`].sort())
    expect(hits.slice(2).every((hit) => hit.title.startsWith('Mairie annexe'))).toBe(true)
    // Every word is still required, and a query below the window is ranked as a whole.
    expect(searchAll(store.sqlite, 'forum vincennes').map((hit) => hit.actorKey)).toEqual([`o${ids.named}`])
    expect(searchAll(store.sqlite, 'mairie annexe 1234').map((hit) => hit.title)).toEqual(['Mairie annexe 1234'])
  })
})
