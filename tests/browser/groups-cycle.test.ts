import ExcelJS from 'exceljs'
import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoApp, field, fillDate, screenshot, type AppUnderTest } from '../helpers/browser'

// The full cycle of issue 4, clicked in Chromium: a working group with its pilot pair, three
// meetings with attendance and minutes, proposed actions, one retained at a COPIL session as a
// decision, followed up at the next session, the COPIL pack, and every step on the timelines.

const ids = { association: 0, company: 0, school: 0 }
const demo = demoApp({
  seed: 3,
  prepare(store) {
    const insert = store.sqlite.prepare("insert into organisations (name, profile_code, town_code, status) values (?, ?, '94080', 'prospect')")
    ids.association = Number(insert.run('Association Horizon Cyclique', 'association').lastInsertRowid)
    ids.company = Number(insert.run('Imprimerie Cyclique', 'entreprise').lastInsertRowid)
    ids.school = Number(insert.run('Lycée Cyclique', 'education').lastInsertRowid)
  },
})
let app: AppUnderTest
let page: Page
beforeAll(() => ({ app, page } = demo))
const value = demo.value

async function pickActor(scope: Locator, label: string, search: string, option: RegExp): Promise<void> {
  await field(scope, label).fill(search)
  await page.getByRole('option', { name: option }).click()
}

describe('working group to COPIL decision, full cycle', () => {
  let groupId = 0
  let decision = ''
  const sessions: number[] = []

  it('creates a group with its pilot pair', async () => {
    await app.open('/groupes')
    await page.getByRole('button', { name: 'Nouveau groupe' }).click()
    const dialog = page.getByRole('dialog', { name: 'Nouveau groupe de travail' })
    await field(dialog, 'Nom du groupe').fill('Cycle complet')
    await field(dialog, 'Thème').fill('Un stage pour chaque élève de 3e')
    await fillDate(dialog, 'Début', '01/09/2026')
    await pickActor(dialog, 'Pilote associatif', 'horizon cycl', /Association Horizon Cyclique/)
    await pickActor(dialog, 'Pilote entreprise', 'imprimerie cycl', /Imprimerie Cyclique/)
    await screenshot(page, 'cycle-new-group')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByRole('heading', { level: 2, name: 'Cycle complet' }).waitFor()
    groupId = Number(/groupes\/(\d+)/.exec(page.url())![1])
    expect(value<number>('select pilot_association_id from working_groups where id = ?', groupId)).toBe(ids.association)
    expect(value<number>('select pilot_company_id from working_groups where id = ?', groupId)).toBe(ids.company)
    expect(value<number>('select count(*) from group_members where group_id = ?', groupId)).toBe(2)
  })

  it('holds three meetings with attendance and minutes', async () => {
    for (const [index, date] of ['15/09/2026', '06/10/2026', '03/11/2026'].entries()) {
      await page.getByRole('button', { name: 'Nouvelle réunion' }).click()
      const dialog = page.getByRole('dialog', { name: 'Nouvelle réunion' })
      await fillDate(dialog, 'Date', date)
      await field(dialog, 'Lieu').fill('Tiers-lieu de Vincennes')
      if (index === 1) await dialog.getByLabel('Présence de Imprimerie Cyclique').getByText('Excusé').click()
      if (index === 2) {
        // A guest outside the directory, with the same « Dans l'annuaire / Nom libre » switch as the COPIL's.
        await dialog.getByLabel("Invité : dans l'annuaire ou nom libre").getByText('Nom libre').click()
        await dialog.getByRole('textbox', { name: 'Invité' }).fill('M. Perrin, conseiller emploi (fictif)')
        await dialog.getByRole('button', { name: "Ajouter l'invité" }).click()
        await dialog.getByText('M. Perrin, conseiller emploi (fictif)').waitFor()
      }
      await dialog.getByRole('textbox', { name: 'Compte rendu' }).fill(`## Réunion ${index + 1}\n\n- Tour de table\n- **Pistes** à proposer`)
      if (index === 2) await screenshot(page, 'cycle-meeting')
      await dialog.getByRole('button', { name: 'Enregistrer la réunion' }).click()
      await dialog.waitFor({ state: 'detached' })
    }
    await expect.poll(() => page.getByTestId('meeting').count()).toBe(3)
    expect(value<number>("select count(*) from meeting_attendance a join group_meetings m on m.id = a.meeting_id where m.group_id = ? and a.status = 'present'", groupId)).toBe(6)
    expect(value<string>("select a.guest_name from meeting_attendance a join group_meetings m on m.id = a.meeting_id where m.group_id = ? and a.guest_name is not null", groupId)).toBe('M. Perrin, conseiller emploi (fictif)')
    expect(value<string>("select a.status from meeting_attendance a join group_meetings m on m.id = a.meeting_id where m.group_id = ? and m.held_on = '2026-10-06' and a.organisation_id = ?", groupId, ids.company)).toBe('excuse')
    await page.getByRole('heading', { name: 'Réunion 3' }).waitFor()
  })

  it('proposes actions', async () => {
    await page.getByRole('tab', { name: /Pistes d'actions/ }).click()
    for (const title of ['Annuaire des stages de 3e', 'Forum itinérant']) {
      await page.getByRole('button', { name: 'Proposer une piste' }).click()
      const dialog = page.getByRole('dialog', { name: "Nouvelle piste d'action" })
      await field(dialog, 'Intitulé').fill(title)
      if (title.startsWith('Annuaire')) await pickActor(dialog, 'Portée par', 'lycee cycl', /Lycée Cyclique/)
      await dialog.getByRole('button', { name: 'Enregistrer' }).click()
      await dialog.waitFor({ state: 'detached' })
    }
    await expect.poll(() => page.getByRole('table', { name: "Pistes d'actions" }).locator('tbody tr').count()).toBe(2)
  })

  it('retains one action at a COPIL session as a decision', async () => {
    for (const date of ['10/11/2026', '20/11/2026']) {
      await app.open('/copil')
      await page.getByRole('button', { name: 'Nouvelle séance' }).click()
      const create = page.getByRole('dialog', { name: 'Nouvelle séance du COPIL' })
      await fillDate(create, 'Date', date)
      await field(create, 'Statut').click()
      await page.getByRole('option', { name: 'Tenue' }).click()
      await create.getByRole('button', { name: 'Créer la séance' }).click()
      await page.getByRole('heading', { level: 2, name: /^Séance COPIL-2026-11/ }).waitFor()
      sessions.push(Number(/seances\/(\d+)/.exec(page.url())![1]))
    }
    const [first, second] = sessions.map((id) => value<string>('select reference from copil_sessions where id = ?', id))

    await app.open(`/groupes/${groupId}`)
    await page.getByRole('tab', { name: /Pistes d'actions/ }).click()
    const row = page.getByRole('table', { name: "Pistes d'actions" }).getByRole('row').filter({ hasText: 'Annuaire des stages de 3e' })
    await row.getByRole('button', { name: 'Retenir au COPIL' }).click()
    const dialog = page.getByRole('dialog', { name: 'Retenir la piste au COPIL' })
    await field(dialog, 'Séance du COPIL').click()
    await page.getByRole('option', { name: new RegExp(`^${first} — 10/11/2026`) }).click()
    await fillDate(dialog, 'Échéance', '30/06/2027')
    await screenshot(page, 'cycle-retain')
    await dialog.getByRole('button', { name: 'Retenir comme décision' }).click()
    await dialog.waitFor({ state: 'detached' })
    decision = value<string>('select d.reference from copil_decisions d join proposed_actions a on a.decision_id = d.id where a.group_id = ?', groupId)
    expect(decision).toBe(`${first}-D1`)
    await row.getByText(decision).waitFor()
    expect(await row.innerText()).toMatch(/retenue/i)
    expect(second).toBe(`${first}-2`)
  })

  it('follows the decision up at the next session', async () => {
    await app.open('/copil/decisions')
    const row = page.getByRole('table', { name: 'Registre des décisions' }).getByRole('row').filter({ hasText: decision })
    await row.getByRole('button', { name: `Ajouter un suivi à ${decision}` }).click()
    const dialog = page.getByRole('dialog', { name: `Ajouter un suivi — ${decision}` })
    await field(dialog, 'Nouveau statut').click()
    await page.getByRole('option', { name: 'En cours' }).click()
    await field(dialog, 'Séance du COPIL').click()
    await page.getByRole('option', { name: /-2 du 20\/11\/2026/ }).click()
    await fillDate(dialog, 'Date du suivi', '20/11/2026')
    await dialog.getByLabel('Ce qui a changé et pourquoi').fill('Annuaire en ligne : 40 entreprises inscrites.')
    await dialog.getByRole('button', { name: 'Enregistrer le suivi' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(value<string>('select status from copil_decisions where reference = ?', decision)).toBe('en_cours')
    expect(value<number>('select f.session_id from decision_followups f join copil_decisions d on d.id = f.decision_id where d.reference = ?', decision)).toBe(sessions[1])
    expect(value<string>('select a.status from proposed_actions a join copil_decisions d on d.id = a.decision_id where d.reference = ?', decision)).toBe('en_oeuvre')
  })

  it('exports the COPIL pack with the decision and its follow-up', async () => {
    await app.open(`/copil/seances/${sessions[1]}`)
    await page.getByRole('tab', { name: 'Préparation' }).click()
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Exporter le dossier (Excel)' }).click()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(await (await download).path())
    const sheet = workbook.getWorksheet('Suivi des décisions')!
    const rows = sheet.getRows(2, sheet.rowCount - 1)!.map((row) => (row.values as unknown[]).map((cell) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell ?? ''))))
    const line = rows.find((cells) => cells.includes(decision))
    expect(line).toBeDefined()
    expect(line).toEqual(expect.arrayContaining(['En cours', 'Annuaire en ligne : 40 entreprises inscrites.', 'Lycée Cyclique', 'Cycle complet', '2027-06-30']))
  })

  it('shows every step on the actors’ timelines', async () => {
    const timeline = async (key: string) => {
      await app.open(`/acteurs/${key}`)
      await page.getByRole('tab', { name: /Chronologie/ }).click()
      await page.getByTestId('timeline-event').first().waitFor()
      return (await page.getByTestId('timeline-event').allInnerTexts()).join('\n')
    }
    const association = await timeline(`o${ids.association}`)
    expect(association).toContain('Pilote du groupe de travail « Cycle complet »')
    expect(association.match(/Réunion du groupe « Cycle complet » : présent/g)).toHaveLength(3)
    const company = await timeline(`o${ids.company}`)
    expect(company).toContain('Réunion du groupe « Cycle complet » : excusé')
    const school = await timeline(`o${ids.school}`)
    expect(school).toContain("Porte la piste d'action « Annuaire des stages de 3e »")
    expect(school).toContain(`Décision ${decision} (en cours)`)
    await screenshot(page, 'cycle-school-timeline')
  })
})
