import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { foldText, keySimilarity, nameSimilarity, organisationNameKey, searchTokens, toFtsQuery } from './text'

describe('foldText', () => {
  it('removes accents and lowercases', () => {
    expect(foldText('Hélène')).toBe('helene')
    expect(foldText('HÉLÈNE')).toBe('helene')
    expect(foldText('Noël à Créteil')).toBe('noel a creteil')
    expect(foldText('Ça, naïve, Ÿvelines, Saint-Maur-des-Fossés')).toBe('ca, naive, yvelines, saint-maur-des-fosses')
    expect(foldText('İstanbul')).toBe('istanbul')
  })

  it('folds decomposed input like precomposed input', () => {
    expect(foldText('He\u0301le\u0300ne')).toBe('helene')
    expect(foldText('He\u0301le\u0300ne')).toBe(foldText('H\u00e9l\u00e8ne'))
  })

  it('spells out ligatures', () => {
    expect(foldText('Cœur')).toBe('coeur')
    expect(foldText('ŒUVRE')).toBe('oeuvre')
    expect(foldText('Lætitia')).toBe('laetitia')
    expect(foldText('ÆSOPE')).toBe('aesope')
    expect(foldText('Straße')).toBe('strasse')
    expect(foldText('STRAẞE')).toBe('strasse')
    expect(foldText('ﬁnance')).toBe('finance')
    expect(foldText('Øresund Łódź')).toBe('oresund lodz')
  })

  it('makes typographic apostrophes, quotes and dashes plain', () => {
    expect(foldText('L’École')).toBe("l'ecole")
    expect(foldText('L‘École')).toBe("l'ecole")
    expect(foldText('l´école')).toBe("l'ecole")
    expect(foldText('l`école')).toBe("l'ecole")
    expect(foldText('« Bonjour »')).toBe('" bonjour "')
    expect(foldText('“Bonjour”')).toBe('"bonjour"')
    expect(foldText('Saint–Mandé — Vincennes ‑ Fontenay')).toBe('saint-mande - vincennes - fontenay')
    expect(foldText('Et après…')).toBe('et apres...')
    expect(foldText('l`ecole')).toBe("l'ecole")
  })

  it('collapses every kind of space and trims', () => {
    expect(foldText('  Jean   Dupont  ')).toBe('jean dupont')
    expect(foldText('a\u00a0:\u202fb\t\nc')).toBe('a : b c')
    expect(foldText('\u00a0Hélène\u2009Dupont\u00a0')).toBe('helene dupont')
    expect(foldText('')).toBe('')
    expect(foldText(' \t ')).toBe('')
  })

  it('flattens compatibility forms', () => {
    expect(foldText('Ｖｉｔａｗｉｎ')).toBe('vitawin')
    expect(foldText('50 m²')).toBe('50 m2')
    expect(foldText('Marque™')).toBe('marquetm')
  })

  it('leaves plain ASCII lowercase untouched and is idempotent', () => {
    expect(foldText('lycee jean-jaures 94')).toBe('lycee jean-jaures 94')
    for (const text of ['Hélène', 'Cœur', 'L’École  Jean–Jaurès', 'STRAẞE', 'ﬁ', '« a »', 'x\u00a0\u00a0y']) {
      expect(foldText(foldText(text)), text).toBe(foldText(text))
    }
  })

  it('folds Latin and punctuation characters by table exactly as the general path does', () => {
    // U+0250 (ɐ) is outside the tables: appending it forces the general path on the same text.
    const outside = '\u0250'
    const codes = [
      ...Array.from({ length: 0x250 }, (_, code) => code),
      ...Array.from({ length: 0x70 }, (_, i) => 0x2000 + i),
    ]
    for (const code of codes) {
      const text = `a${String.fromCharCode(code)}b`
      expect(foldText(text + outside).slice(0, -1), `U+${code.toString(16)}`).toBe(foldText(text))
    }
    const mixed = '  Œuvre d’Hélène — « Straße » ½ Ǆ İ\u00a0\u2009x'
    expect(foldText(mixed + outside).slice(0, -1)).toBe(foldText(mixed))
  })

  it('is fast enough for a whole table', () => {
    const samples = ['Lycée polyvalent Hélène Boucher', 'BOULANGERIE DUPONT', 'Cœur d’Œuvre — Saint-Maur', 'jean.dupont@exemple.fr']
    const started = performance.now()
    let length = 0
    for (let i = 0; i < 200_000; i++) length += foldText(samples[i % samples.length]! + i).length
    const elapsed = performance.now() - started
    expect(length).toBeGreaterThan(0)
    // Measured around 0.1 s; the bound leaves room for a slow CI machine.
    expect(elapsed).toBeLessThan(3_000)
  })
})

describe('searchTokens', () => {
  it('splits a folded query on anything but letters and digits', () => {
    expect(searchTokens("L'École  Jean-Jaurès")).toEqual(['l', 'ecole', 'jean', 'jaures'])
    expect(searchTokens('  Hélène, DUPONT (94) ')).toEqual(['helene', 'dupont', '94'])
    expect(searchTokens('"Cœur" * OR -x')).toEqual(['coeur', 'or', 'x'])
  })

  it('returns nothing for an empty or punctuation-only query', () => {
    expect(searchTokens('')).toEqual([])
    expect(searchTokens('   ')).toEqual([])
    expect(searchTokens('-- "" ** ()')).toEqual([])
  })
})

describe('toFtsQuery', () => {
  it('quotes every token as a prefix, all required', () => {
    expect(toFtsQuery('Hél dup')).toBe('"hel"* "dup"*')
    expect(toFtsQuery('  Cœur   ')).toBe('"coeur"*')
  })

  it('drops one-letter tokens but keeps digits', () => {
    expect(toFtsQuery("l'école")).toBe('"ecole"*')
    expect(toFtsQuery('5 rue de la paix')).toBe('"5"* "rue"* "de"* "la"* "paix"*')
    expect(toFtsQuery('a b c')).toBeNull()
    expect(toFtsQuery('')).toBeNull()
    expect(toFtsQuery('""')).toBeNull()
  })

  it('neutralises FTS5 syntax and quotes', () => {
    expect(toFtsQuery('dupont "martin')).toBe('"dupont"* "martin"*')
    expect(toFtsQuery('say "hello" NOT world')).toBe('"say"* "hello"* "not"* "world"*')
    expect(toFtsQuery('title:dupont OR ^martin NEAR(a b)')).toBe('"title"* "dupont"* "or"* "martin"* "near"*')
    expect(toFtsQuery('dupont dupont Dupont')).toBe('"dupont"*')
  })

  it('runs on a real FTS5 index and finds words by their beginning, without accents', () => {
    const sqlite = new BetterSqlite3(':memory:')
    try {
      sqlite.exec("create virtual table t using fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
      const insert = sqlite.prepare('insert into t (rowid, body) values (?, ?)')
      insert.run(1, foldText('Hélène Dupont, lycée Jean-Jaurès'))
      insert.run(2, foldText('Cœur d’Œuvre, association'))
      insert.run(3, foldText('Boulangerie Dupond'))
      const search = sqlite.prepare('select rowid from t where t match ? order by rowid')
      const find = (query: string) => {
        const match = toFtsQuery(query)
        return match === null ? [] : search.all(match).map((row) => (row as { rowid: number }).rowid)
      }
      expect(find('hel dup')).toEqual([1])
      expect(find('HÉLÈNE')).toEqual([1])
      expect(find('dup')).toEqual([1, 3])
      expect(find('coeur')).toEqual([2])
      expect(find('Cœur OEUV')).toEqual([2])
      expect(find('jaures lycee')).toEqual([1])
      expect(find('dupont martin')).toEqual([])
      // Hostile queries never reach FTS5 as syntax: no error is thrown.
      for (const query of ['"', '*', 'body:x', '-dup', '^dup', '(dup', 'dup)', 'NEAR(dup hel)', 'dup AND', 'OR', 'x"*"y', "'; drop table t; --"]) {
        expect(() => find(query), query).not.toThrow()
      }
      expect(find('NOT dup')).toEqual([])
    } finally {
      sqlite.close()
    }
  })
})

describe('organisationNameKey', () => {
  it('removes legal forms, filler words and punctuation', () => {
    expect(organisationNameKey('SARL Boulangerie Dupont & Fils')).toBe('boulangerie dupont fils')
    expect(organisationNameKey('S.A.R.L. Dupont')).toBe('dupont')
    expect(organisationNameKey('Dupont S.A.S')).toBe('dupont')
    expect(organisationNameKey('Société Générale')).toBe('generale')
    expect(organisationNameKey("Association des Amis de l'École")).toBe('amis ecole')
    expect(organisationNameKey('Sté Martin et Cie')).toBe('martin')
    expect(organisationNameKey('  Mairie   de   Vincennes  ')).toBe('mairie vincennes')
  })

  it('gives the same key to the same name written differently', () => {
    const key = organisationNameKey('Lycée Hélène-Boucher')
    expect(organisationNameKey('LYCEE HELENE BOUCHER')).toBe(key)
    expect(organisationNameKey('Lycée « Hélène Boucher »')).toBe(key)
    expect(organisationNameKey('lycée hélène boucher.')).toBe(key)
  })

  it('keeps a name made only of filler words', () => {
    expect(organisationNameKey('Le Sas')).toBe('le sas')
    expect(organisationNameKey('Association')).toBe('association')
    expect(organisationNameKey('')).toBe('')
    expect(organisationNameKey('&')).toBe('')
  })

  it('is idempotent, so keys can be passed where names are expected', () => {
    for (const name of ['SARL Boulangerie Dupont & Fils', 'Le Sas', "Association des Amis de l'École", 'S.A. Dupont']) {
      const key = organisationNameKey(name)
      expect(organisationNameKey(key), name).toBe(key)
    }
  })
})

describe('nameSimilarity', () => {
  it('is 1 for names with the same key', () => {
    expect(nameSimilarity('SARL Dupont', 'Dupont SAS')).toBe(1)
    expect(nameSimilarity('Lycée Hélène-Boucher', 'LYCEE HELENE BOUCHER')).toBe(1)
  })

  it('is high for near-duplicates and low for unrelated names', () => {
    const near = nameSimilarity('Boulangerie Dupont', 'Boulangerie Dupond')
    const typo = nameSimilarity('Collège Jean Moulin', 'College Jean Moulain')
    const unrelated = nameSimilarity('Boulangerie Dupont', 'Mairie de Vincennes')
    expect(near).toBeGreaterThan(0.75)
    expect(typo).toBeGreaterThan(0.75)
    expect(unrelated).toBeLessThan(0.2)
    expect(near).toBeLessThan(1)
  })

  it('ranks closer names higher', () => {
    const base = 'Entreprise Martin Électricité'
    expect(nameSimilarity(base, 'Martin Electricite')).toBeGreaterThan(nameSimilarity(base, 'Martin Plomberie'))
    expect(nameSimilarity(base, 'Martin Plomberie')).toBeGreaterThan(nameSimilarity(base, 'Dupont Plomberie'))
  })

  it('stays in [0, 1], is symmetric, and is 0 against an empty name', () => {
    const names = ['Dupont', 'Dupont Dupont Dupont', 'a', 'SARL', 'Boulangerie Dupont', 'Mairie de Vincennes', '']
    for (const a of names) {
      for (const b of names) {
        const score = nameSimilarity(a, b)
        expect(score).toBeGreaterThanOrEqual(0)
        expect(score).toBeLessThanOrEqual(1)
        expect(nameSimilarity(b, a)).toBe(score)
      }
    }
    expect(nameSimilarity('Dupont', '')).toBe(0)
    expect(nameSimilarity('', '')).toBe(1)
  })

  it('gives the same score on names and on their keys', () => {
    const a = 'SARL Boulangerie Dupont'
    const b = 'Boulangerie Dupond & Fils'
    const score = nameSimilarity(a, b)
    expect(nameSimilarity(organisationNameKey(a), organisationNameKey(b))).toBe(score)
    expect(keySimilarity(organisationNameKey(a), organisationNameKey(b))).toBe(score)
  })

  it('counts repeated trigrams as a multiset', () => {
    // "aaaa" has more "aaa" trigrams than "aaa": equal sets, different multisets.
    expect(keySimilarity('aaa', 'aaaa')).toBeLessThan(1)
    expect(keySimilarity('aaa', 'aaaa')).toBeGreaterThan(0.7)
  })
})
