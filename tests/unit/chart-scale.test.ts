import { describe, expect, it } from 'vitest'
import { niceTicks } from '../../renderer/src/components/chart-scale'

describe('niceTicks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten, from 0 to just above the largest value', () => {
    expect(niceTicks(220)).toEqual([0, 100, 200, 300])
    expect(niceTicks(564)).toEqual([0, 200, 400, 600])
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100])
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8])
    expect(niceTicks(3)).toEqual([0, 1, 2, 3])
    expect(niceTicks(12_345)).toEqual([0, 5000, 10_000, 15_000])
  })

  it('gives an axis even with no data', () => {
    expect(niceTicks(0)).toEqual([0, 1])
    expect(niceTicks(Number.NaN)).toEqual([0, 1])
  })
})
