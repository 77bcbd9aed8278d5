import { describe, expect, it } from 'vitest'
import { plural } from './format'
import { purgeSummary } from './safety-values'

describe('plural', () => {
  it('writes the singular for 0 and 1, the plural beyond, with French digit grouping', () => {
    expect(plural(0, 'élève')).toBe('0 élève')
    expect(plural(1, 'rencontre plus ancienne', 'rencontres plus anciennes')).toBe('1 rencontre plus ancienne')
    expect(plural(2, 'rencontre plus ancienne', 'rencontres plus anciennes')).toBe('2 rencontres plus anciennes')
    expect(plural(1234, 'contact')).toBe('1\u202f234 contacts')
  })

  it('sums up a purge without « (s) »', () => {
    expect(purgeSummary({ pupilsAnonymised: 2, peopleAnonymised: 1, peopleDeleted: 0 })).toBe('2 élèves anonymisés, 1 contact anonymisé, 0 contact supprimé')
  })
})
