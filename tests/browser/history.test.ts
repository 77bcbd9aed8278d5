import { describe, expect, it } from 'vitest'
import { demoApp, screenshotSizes, settle } from '../helpers/browser'

// The history as the animators read it (issue 14, point 4): Paramètres → Journal des
// modifications and an actor's « Historique » name operations, fields and values in French.

const demo = demoApp({ seed: 14 })

/** What must never show: code names, raw codes, ISO dates, decimals with a point. */
const RAW = /\b(intervention hours|teachers count|pupils count|next step due on|occurred on|programmes\.saveSession|journal\.add|realisee|planifiee|appel|en_cours)\b|\d{4}-\d{2}-\d{2}|\b2\.5\b/

describe('the history', () => {
  it('shows a programme session’s change with French labels and formats in the journal of changes', async () => {
    const { app, page } = demo
    const sequenceId = demo.value<number>("select s.id from sequences s join editions e on e.id = s.edition_id where e.school_year = '2026-2027' order by s.id limit 1")
    const saved = await app.host.call('programmes.saveSession', {
      id: null,
      values: { sequenceId, heldOn: '2026-11-10', place: 'Gymnase', status: 'realisee', pupilsCount: 1250, teachersCount: 2, interventionHours: 2.5, satisfaction: 4.5, feedback: 'Très bien' },
    })
    await app.open('/parametres?onglet=journal')
    const operations = page.getByRole('table', { name: 'Opérations' })
    expect(saved.ok).toBe(true)
    await operations.getByRole('button', { name: 'Création d’une séance de programme' }).first().click()
    const changes = page.getByRole('table', { name: 'Modifications' })
    await changes.getByText('Heures d’intervention').or(changes.getByText("Heures d'intervention")).first().waitFor()
    const text = await changes.innerText()
    expect(text).toContain('10/11/2026')
    expect(text).toContain('Réalisée')
    expect(text).toContain('2,5')
    expect(text).toContain('4,5')
    expect(text).toMatch(/1\s250/)
    expect(text).toContain("Nombre d'enseignants")
    expect(text).not.toMatch(RAW)
    await settle(page)
    await screenshotSizes(page, 'history-journal')
  })

  it('shows an actor’s history with codes as labels and dates as dd/mm/yyyy', async () => {
    const { app, page } = demo
    const organisation = demo.value<number>("select id from organisations where status = 'prospect' order by id limit 1")
    const added = await app.host.call('journal.add', {
      actor: `o${organisation}`,
      kind: 'appel',
      occurredOn: '2026-11-20',
      animator: 'Camille Laurent',
      summary: 'Appel de suivi',
      nextStep: 'Rappeler',
      nextStepDueOn: '2026-12-15',
    })
    expect(added.ok).toBe(true)
    await app.open(`/acteurs/o${organisation}`)
    await page.getByRole('tab', { name: 'Historique' }).click()
    const entries = page.getByRole('table', { name: 'Modifications' })
    await entries.getByText('Appel de suivi').first().waitFor()
    const entry = entries.getByTestId('audit-entry').filter({ hasText: 'Appel de suivi' }).first()
    const text = await entry.innerText()
    expect(text).toContain('Nouvel échange dans le journal')
    expect(text).toContain('Appel')
    expect(text).toContain('20/11/2026')
    expect(text).toContain('15/12/2026')
    expect(text).toContain('Échéance')
    expect(text).not.toMatch(RAW)
    await settle(page)
    await screenshotSizes(page, 'history-actor')
  })
})
