import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is, or on `include` only, and
 * fails with a readable list when a violation of impact « serious » or « critical » is found.
 */
export async function expectAccessible(page: Page, where: string, { include }: { include?: string } = {}): Promise<void> {
  // axe runs in the page itself (legacy mode: the app has no frame to gather results from, and the
  // default mode opens a blank page for that on every call, four times slower), and reports only
  // the violations in full. The rules run are the same (tests/browser/accessibility.test.ts checks
  // that this finds what it must).
  let builder = new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true)
  if (include) builder = builder.include(include)
  const result = await builder.analyze()
  const blocking = result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  if (blocking.length === 0) return
  const lines = blocking.flatMap((violation) => [
    `${violation.id} (${violation.impact}) : ${violation.help}`,
    ...violation.nodes.slice(0, 6).map((node) => `    ${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`),
  ])
  throw new Error(`${where} : ${blocking.length} défaut(s) d'accessibilité\n${lines.join('\n')}`)
}
