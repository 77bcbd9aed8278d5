import { describe, expect, it } from 'vitest'
import { matchTown, townKey } from './town-names'

const TOWNS = [
  ['94015', 'Bry-sur-Marne'],
  ['94017', 'Champigny-sur-Marne'],
  ['94018', 'Charenton-le-Pont'],
  ['94033', 'Fontenay-sous-Bois'],
  ['94042', 'Joinville-le-Pont'],
  ['94046', 'Maisons-Alfort'],
  ['94052', 'Nogent-sur-Marne'],
  ['94058', 'Le Perreux-sur-Marne'],
  ['94067', 'Saint-Mandé'],
  ['94068', 'Saint-Maur-des-Fossés'],
  ['94069', 'Saint-Maurice'],
  ['94079', 'Villiers-sur-Marne'],
  ['94080', 'Vincennes'],
].map(([code, name]) => ({ code: code!, name: name! }))

describe('town names as typed', () => {
  it('folds abbreviations, articles, hyphens, case, accents, Cedex and postal codes', () => {
    expect(townKey('St-Maur-des-Fossés')).toBe('saint maur des fosses')
    expect(townKey('LE PERREUX SUR MARNE')).toBe('perreux sur marne')
    expect(townKey("L'Haÿ-les-Roses")).toBe('hay les roses')
    expect(townKey('94300 Vincennes Cedex')).toBe('vincennes')
  })

  it('finds the town, written in full or by the start of its name when only one town begins so', () => {
    const code = (typed: string) => matchTown(typed, TOWNS)?.code ?? null
    expect(code('Le Perreux')).toBe('94058')
    expect(code('Perreux-sur-Marne')).toBe('94058')
    expect(code('St-Maur-des-Fossés')).toBe('94068')
    expect(code('Saint Maur')).toBe('94068')
    expect(code('ST MAURICE')).toBe('94069')
    expect(code('Ste-Mandé')).toBeNull()
    expect(code('St Mande')).toBe('94067')
    expect(code('Champigny')).toBe('94017')
    expect(code('maisons alfort')).toBe('94046')
    expect(code('Vincennes (94)')).toBe('94080')
    expect(code('Saint')).toBeNull()
    expect(code('Créteil')).toBeNull()
    expect(matchTown('Vincennes', TOWNS)).toEqual({ code: '94080', exact: true })
    expect(matchTown('Fontenay', TOWNS)).toEqual({ code: '94033', exact: false })
  })
})
