import { describe, expect, it } from 'vitest'
import { nameCase, splitPersonName } from './person-names'

describe('splitPersonName', () => {
  it('splits the names people write in one cell', () => {
    const cases: [string, string | null, string | null, string | null][] = [
      ['Jean-Marc Lefèvre', 'Jean-Marc', 'Lefèvre', null],
      ['M. DUPONT Jean', 'Jean', 'Dupont', 'M.'],
      ['Mme Nadia Benali', 'Nadia', 'Benali', 'Mme'],
      ['Madame Hélène DE LA TOUR', 'Hélène', 'de La Tour', 'Madame'],
      ['Jean de LA FONTAINE', 'Jean', 'de La Fontaine', null],
      ['Dupont, Jean', 'Jean', 'Dupont', null],
      ['LEROY, MARIE-CLAIRE', 'Marie-Claire', 'Leroy', null],
      ['JEAN DUPONT', 'Jean', 'Dupont', null],
      ['  Samir   BEN-ALI ', 'Samir', 'Ben-Ali', null],
      ["Mlle Léa D'ALEMBERT", 'Léa', "d'Alembert", 'Mlle'],
      ['M. Martin', null, 'Martin', 'M.'],
      ['M/Mme Moreau Paul', 'Moreau', 'Paul', 'M/Mme'],
      ['Dr Inès Haddad-Moreau', 'Inès', 'Haddad-Moreau', 'Dr'],
      ['Karim', null, 'Karim', null],
    ]
    for (const [text, firstName, lastName, civility] of cases) {
      expect(splitPersonName(text), text).toEqual({ firstName, lastName, civility, detail: null })
    }
  })

  it('keeps what is in brackets apart, as a function', () => {
    expect(splitPersonName('Hélène Dupont (proviseure adjointe)')).toEqual({ firstName: 'Hélène', lastName: 'Dupont', civility: null, detail: 'proviseure adjointe' })
    expect(splitPersonName('Mme')).toEqual({ firstName: null, lastName: 'Mme', civility: null, detail: null })
    expect(splitPersonName('')).toEqual({ firstName: null, lastName: null, civility: null, detail: null })
  })

  it('writes names in capitals in the usual case', () => {
    expect(nameCase('LE GALL', true)).toBe('Le Gall')
    expect(nameCase('DU BOIS DE LA ROCHE', true)).toBe('du Bois de La Roche')
    expect(nameCase('JEAN-MARC', false)).toBe('Jean-Marc')
  })
})
