import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ES module without types (scripts/test.mjs, run by node before any build)
import { oneAfterTheOther, runSteps, STEPS } from '../../scripts/test.mjs'

// `npm test`'s runner: steps side by side, each after those it needs; a failure skips what needs it.

const node = (code: string) => ({ command: process.execPath, args: ['-e', code] })

describe('npm test runner (scripts/test.mjs)', () => {
  it('runs each step after those it needs, goes on past a failure, skips what needs it and fails the run', async () => {
    let output = ''
    const code = await runSteps(
      [
        { id: 'first', ...node("console.log('one'); console.error('two')"), after: [] },
        { id: 'broken', ...node("console.log('bad'); process.exit(3)"), after: [] },
        { id: 'then', ...node("console.log('after first')"), after: ['first'] },
        { id: 'needs', ...node("console.log('never')"), after: ['broken', 'first'] },
      ],
      (text: string) => (output += text),
    )
    expect(code).toBe(1)
    expect(output).toContain('first  │ one\n')
    expect(output).toContain('first  │ two\n')
    expect(output).toContain('broken │ bad\n')
    expect(output).toContain('then   │ after first\n')
    expect(output).not.toContain('never')
    expect(output).toMatch(/^first +passed /m)
    expect(output).toMatch(/^broken +FAILED \(3\) /m)
    expect(output).toMatch(/^needs +not run/m)
    expect(output).toMatch(/Total: .* — failed or not run: broken, needs\n$/)
    expect(output.indexOf('then   │ after first')).toBeGreaterThan(output.indexOf('first  │ one'))
  })

  it('passes when every step passes', async () => {
    let output = ''
    expect(await runSteps([{ id: 'only', ...node('0'), after: [] }], (text: string) => (output += text))).toBe(0)
    expect(output).toMatch(/^only +passed /m)
    expect(output).not.toContain('failed or not run')
  })

  it('runs every check of the old serial command, the unit tests after the build and the browser tests after the security gate', () => {
    const ids = (STEPS as { id: string }[]).map((step) => step.id)
    expect(ids.sort()).toEqual(['browser', 'build', 'lint', 'security', 'typecheck', 'unit'])
    const after = Object.fromEntries((STEPS as { id: string; after: string[] }[]).map((step) => [step.id, step.after]))
    expect(after.unit).toContain('build')
    expect(after.security).toContain('build')
    expect(after.browser).toContain('security')
  })

  it('runs every step one after the other when asked (--serial)', () => {
    const serial = oneAfterTheOther(STEPS) as { id: string; after: string[] }[]
    expect(serial.map((step) => step.id)).toEqual((STEPS as { id: string }[]).map((step) => step.id))
    expect(serial[0]!.after).toEqual([])
    for (let at = 1; at < serial.length; at++) expect(serial[at]!.after).toEqual([serial[at - 1]!.id])
    // Each step still comes after those it needs.
    const position = new Map(serial.map((step, at) => [step.id, at]))
    for (const step of STEPS as { id: string; after: string[] }[]) for (const id of step.after) expect(position.get(id)!).toBeLessThan(position.get(step.id)!)
  })
})
