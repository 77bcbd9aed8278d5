import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { todayIso } from '../../db/rules/dates'
import { demoApp, field, fillDate, pickOption, settle, screenshot, startApp, type AppUnderTest } from '../helpers/browser'

// The COPIL as the animators use it, in Chromium through browser mode, on the demo dataset: a
// session with its agenda and attendance, a decision, its follow-up from the register, the
// register's filters and the COPIL pack.

const demo = demoApp({ seed: 7 })
let app: AppUnderTest
let page: Page
beforeAll(() => ({ app, page } = demo))
const value = demo.value

const DECISION_TEXT = 'Financer la navette des collégiens de Villiers-sur-Marne pour le forum des métiers.'
const FOLLOWUP_NOTE = 'Navette réservée auprès du transporteur ; le forum a eu lieu avec 180 élèves.'

describe('COPIL in the browser', () => {
  let sessionId = 0
  let reference = ''
  let decisionReference = ''

  it('lists the members and the sessions of the demo', async () => {
    await app.open('/copil/membres')
    const members = page.getByRole('table', { name: 'Membres du COPIL' })
    await members.waitFor()
    expect(await members.locator('tbody tr').count()).toBe(value<number>('select count(*) from copil_members'))
    await screenshot(page, 'copil-members')

    await app.open('/copil')
    const sessions = page.getByRole('table', { name: 'Séances du COPIL' })
    await sessions.getByRole('row').filter({ hasText: 'COPIL-2026-10' }).waitFor()
    expect(await sessions.locator('tbody tr').count()).toBe(value<number>('select count(*) from copil_sessions'))
    expect(await sessions.getByRole('row').filter({ hasText: 'COPIL-2026-10' }).innerText()).toMatch(/01\/10\/2026[\s\S]*Tenue/i)
    await screenshot(page, 'copil-sessions')
  })

  it('creates a session, then writes its agenda and notes the attendance of every member and a guest', async () => {
    await app.open('/copil')
    await page.getByRole('button', { name: 'Nouvelle séance' }).click()
    const create = page.getByRole('dialog', { name: 'Nouvelle séance du COPIL' })
    await fillDate(create, 'Date', '05/11/2026')
    await create.getByLabel('Lieu').fill('Maison des entreprises, Vincennes')
    await pickOption(create, 'Statut', 'Tenue')
    await screenshot(page, 'copil-new-session')
    await create.getByRole('button', { name: 'Créer la séance' }).click()
    await page.getByRole('heading', { level: 2, name: /^Séance COPIL-2026-11/ }).waitFor()
    sessionId = Number(/seances\/(\d+)/.exec(page.url())![1])
    reference = value<string>('select reference from copil_sessions where id = ?', sessionId)
    expect(reference).toBe('COPIL-2026-11')
    expect(value<string>('select held_on from copil_sessions where id = ?', sessionId)).toBe('2026-11-05')

    await page.getByRole('button', { name: 'Modifier' }).click()
    const dialog = page.getByRole('dialog', { name: `Modifier la séance ${reference}` })
    await dialog.getByRole('tab', { name: /Ordre du jour/ }).click()
    await dialog.getByRole('button', { name: 'Ajouter un point' }).click()
    await dialog.getByLabel('Point 1 : intitulé').fill('Suivi des décisions du 01/10/2026')
    await dialog.getByRole('button', { name: 'Ajouter un point' }).click()
    await dialog.getByLabel('Point 2 : intitulé').fill('Forum des métiers de Villiers-sur-Marne')
    await dialog.getByLabel('Point 2 : notes').fill('Présenté par le collège et le club d’entreprises')
    await dialog.getByRole('button', { name: 'Ajouter un point' }).click()
    await dialog.getByLabel('Point 3 : intitulé').fill('Questions diverses')
    await dialog.getByRole('button', { name: 'Monter le point 3' }).click()
    await screenshot(page, 'copil-edit-agenda')

    await dialog.getByRole('tab', { name: /Présences/ }).click()
    const sheet = dialog.getByRole('table', { name: 'Présences des membres' })
    await sheet.waitFor()
    const members = value<number>('select count(*) from copil_members')
    expect(await sheet.locator('tbody tr').count()).toBe(members)
    const excused = value<string>('select o.name from copil_members m join organisations o on o.id = m.organisation_id order by o.name limit 1')
    await sheet.getByLabel(`${excused} : Excusé`).check()
    await dialog.getByRole('button', { name: 'Cocher « Présent » pour les autres' }).click()
    expect(await sheet.getByLabel(`${excused} : Excusé`).isChecked()).toBe(true)
    await dialog.getByRole('button', { name: 'Ajouter un invité' }).click()
    await dialog.getByText('Nom libre').click()
    await dialog.getByRole('textbox', { name: 'Invité 1', exact: true }).fill('Mme Arnaud, principale du collège (fictive)')
    await screenshot(page, 'copil-edit-attendance')

    await dialog.getByRole('tab', { name: 'Compte rendu' }).click()
    const minutes = dialog.getByRole('textbox', { name: 'Compte rendu' })
    // The buttons write the Markdown: a title, then a list from two typed lines.
    await dialog.getByRole('button', { name: 'Titre' }).click()
    await minutes.pressSequentially('Relevé')
    expect(await minutes.inputValue()).toBe('## Relevé')
    await minutes.press('Enter')
    await minutes.pressSequentially('Forum\nBudget')
    await minutes.press('Shift+ArrowUp')
    await dialog.getByRole('button', { name: 'Liste à puces' }).click()
    await expect.poll(() => minutes.inputValue()).toBe('## Relevé\n- Forum\n- Budget')
    await minutes.fill('## Relevé de décisions\n\n- Le COPIL **soutient** le forum des métiers.\n- Prochaine séance le 14/12/2026.')
    await dialog.getByText('Aperçu').click()
    await dialog.getByRole('heading', { name: 'Relevé de décisions' }).waitFor()
    await screenshot(page, 'copil-edit-minutes-preview')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })

    const agenda = app.host.store!.sqlite.prepare('select title from copil_agenda_items where session_id = ? order by position').pluck().all(sessionId)
    expect(agenda).toEqual(['Suivi des décisions du 01/10/2026', 'Questions diverses', 'Forum des métiers de Villiers-sur-Marne'])
    expect(value<number>("select count(*) from copil_attendance where session_id = ? and status = 'present' and is_guest = 0", sessionId)).toBe(members - 1)
    expect(value<number>("select count(*) from copil_attendance where session_id = ? and status = 'excuse'", sessionId)).toBe(1)
    expect(value<string>('select guest_name from copil_attendance where session_id = ? and is_guest = 1', sessionId)).toBe('Mme Arnaud, principale du collège (fictive)')

    await page.getByRole('tab', { name: 'Ordre du jour et présences' }).click()
    await page.getByRole('table', { name: 'Invités' }).getByText('Mme Arnaud, principale du collège (fictive)').waitFor()
    expect(await page.getByText(`Membres : ${members - 1} présents, 1 excusé, 0 absent. Invités : 1.`).count()).toBe(1)
    await screenshot(page, 'copil-session-agenda')
    await page.getByRole('tab', { name: 'Compte rendu' }).click()
    await page.getByRole('heading', { name: 'Relevé de décisions' }).waitFor()
    expect(await page.locator('strong', { hasText: 'soutient' }).count()).toBe(1)
  })

  it('records a decision at the session, with an owner from the directory', async () => {
    await app.open(`/copil/seances/${sessionId}`)
    await page.getByRole('tab', { name: /^Décisions/ }).click()
    await page.getByText('Aucune décision à cette séance').waitFor()
    await page.getByRole('button', { name: 'Nouvelle décision' }).click()
    const dialog = page.getByRole('dialog', { name: `Nouvelle décision — séance ${reference}` })
    await field(dialog, 'Décision').fill(DECISION_TEXT)
    await pickOption(dialog, 'Nature', 'Budget')
    const owner = 'Ville de Bry-sur-Marne (service emploi, fictif)'
    await dialog.getByLabel('Responsable', { exact: true }).fill('Bry-sur-Marne service')
    await page.getByRole('option', { name: new RegExp(`^${owner.replace(/[()]/g, '\\$&')}`) }).click()
    await fillDate(dialog, 'Échéance', '20/11/2026')
    await screenshot(page, 'copil-new-decision')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })

    decisionReference = `${reference}-D1`
    const row = page.getByRole('table', { name: 'Décisions de la séance' }).getByRole('row').filter({ hasText: decisionReference })
    await row.waitFor()
    expect(await row.innerText()).toMatch(/Budget[\s\S]*Ville de Bry-sur-Marne[\s\S]*20\/11\/2026[\s\S]*À lancer/i)
    expect(await row.getByRole('link', { name: owner }).getAttribute('href')).toMatch(/#\/acteurs\/o\d+$/)
    expect(value<string>("select kind || '|' || due_on || '|' || status from copil_decisions where reference = ?", decisionReference)).toBe('budget|2026-11-20|a_lancer')
    await screenshot(page, 'copil-session-decisions')
  })

  it('filters the register on overdue decisions, adds a follow-up from it and shows the history', async () => {
    await app.open('/copil/decisions')
    const table = page.getByRole('table', { name: 'Registre des décisions' })
    await table.getByRole('row').filter({ hasText: decisionReference }).waitFor()
    expect(await table.locator('tbody tr').count()).toBe(value<number>('select count(*) from copil_decisions'))

    await page.getByLabel('En retard seulement').check()
    const today = todayIso()
    const overdue = value<number>("select count(*) from copil_decisions where due_on < ? and status in ('a_lancer', 'en_cours', 'reportee')", today)
    await expect.poll(() => table.locator('tbody tr').count()).toBe(overdue)
    const row = table.getByRole('row').filter({ hasText: decisionReference })
    expect(await row.innerText()).toMatch(/À lancer\s*En retard/i)
    for (const text of await table.locator('tbody tr').allInnerTexts()) expect(text).toMatch(/En retard/i)
    await screenshot(page, 'copil-register-overdue')

    await pickOption(page.getByRole('main'), 'Nature', 'Budget')
    await expect.poll(() => table.locator('tbody tr').count()).toBe(
      value<number>("select count(*) from copil_decisions where kind = 'budget' and due_on < ? and status in ('a_lancer', 'en_cours', 'reportee')", today),
    )
    await row.waitFor()

    await row.getByRole('button', { name: `Ajouter un suivi à ${decisionReference}` }).click()
    const dialog = page.getByRole('dialog', { name: `Ajouter un suivi — ${decisionReference}` })
    await pickOption(dialog, 'Nouveau statut', 'Réalisée')
    await dialog.getByLabel('Ce qui a changé et pourquoi').fill(FOLLOWUP_NOTE)
    await screenshot(page, 'copil-followup')
    await dialog.getByRole('button', { name: 'Enregistrer le suivi' }).click()
    await dialog.waitFor({ state: 'detached' })
    // Done: it leaves the overdue view.
    await row.waitFor({ state: 'detached' })
    expect(value<string>("select f.status || '|' || f.recorded_on || '|' || f.note from decision_followups f join copil_decisions d on d.id = f.decision_id where d.reference = ?", decisionReference)).toBe(
      `realisee|${today}|${FOLLOWUP_NOTE}`,
    )
    expect(value<string>('select status from copil_decisions where reference = ?', decisionReference)).toBe('realisee')

    await page.getByRole('button', { name: 'Effacer les filtres' }).first().click()
    await page.getByLabel('Responsable', { exact: true }).fill('Bry-sur')
    await expect.poll(() => table.locator('tbody tr').count()).toBe(
      value<number>("select count(*) from copil_decisions d join organisations o on o.id = d.organisation_id where o.name like '%Bry-sur%'"),
    )
    const done = table.getByRole('row').filter({ hasText: decisionReference })
    expect(await done.innerText()).toMatch(/Réalisée/i)
    expect(await done.innerText()).not.toMatch(/En retard/i)
    await done.getByRole('button', { name: `Historique de ${decisionReference}` }).click()
    const drawer = page.getByRole('dialog', { name: `Décision ${decisionReference}` })
    await drawer.getByText(FOLLOWUP_NOTE).waitFor()
    await settle(page)
    expect(await drawer.innerText()).toMatch(/Décidée le 05\/11\/2026[\s\S]*Réalisée[\s\S]*Noté entre deux séances/i)
    await screenshot(page, 'copil-register-history')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'detached' })

    // Filters that match nothing in a register that is not empty say so.
    await page.getByLabel('Responsable', { exact: true }).fill('Personne de ce nom')
    await page.getByText('Aucune décision ne correspond aux filtres').waitFor()
    expect(await page.getByRole('button', { name: 'Exporter la sélection (Excel)' }).isDisabled()).toBe(true)
  })

  it('prepares the session and exports the COPIL pack', async () => {
    await app.open(`/copil/seances/${sessionId}`)
    await page.getByRole('tab', { name: 'Préparation' }).click()
    await page.getByText('depuis la séance COPIL-2026-10 du 01/10/2026').waitFor()
    const open = page.getByRole('table', { name: 'Décisions en cours' })
    await open.waitFor()
    expect(await open.locator('tbody tr').count()).toBe(
      value<number>("select count(*) from copil_decisions d join copil_sessions s on s.id = d.session_id where d.status in ('a_lancer', 'en_cours', 'reportee') and s.held_on < '2026-11-05'"),
    )
    await page.getByRole('table', { name: 'Chiffres clés' }).waitFor()
    await screenshot(page, 'copil-preparation')

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Exporter le dossier (Excel)' }).click()
    const file = await (await download).path()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    // Excel caps sheet names at 31 characters: « Activité depuis le dernier COPIL » loses its « le ».
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Ordre du jour', 'Présences', 'Suivi des décisions', 'Activité depuis dernier COPIL', 'Chiffres clés'])
    const cells = (name: string) => {
      const texts: string[] = []
      workbook.getWorksheet(name)!.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.text))))
      return texts
    }
    expect(cells('Suivi des décisions')).toContain(decisionReference)
    expect(cells('Suivi des décisions')).toContain(DECISION_TEXT)
    expect(cells('Ordre du jour')).toContain('Forum des métiers de Villiers-sur-Marne')
    expect(cells('Présences')).toContain('Mme Arnaud, principale du collège (fictive)')

    // Printed, the page is the preparation alone, and it fits the width of an A4 page (186 mm of
    // text between the margins, about 703 CSS pixels).
    await page.setViewportSize({ width: 703, height: 1000 })
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('navigation', { name: 'Navigation principale' }).isVisible()).toBe(false)
    expect(await page.getByRole('tab', { name: 'Préparation' }).isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false)
    expect(await page.getByRole('heading', { name: 'Préparation du COPIL Vitawin' }).isVisible()).toBe(true)
    expect(await open.isVisible()).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703)
    const tableEdges = () =>
      page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.copil-preparation table')].map((table) => table.getBoundingClientRect())
        return { tables: boxes.length, left: Math.min(...boxes.map((box) => box.left)), right: Math.max(...boxes.map((box) => box.right)) }
      })
    await expect.poll(async () => {
      const edges = await tableEdges()
      return edges.tables >= 3 && edges.left >= -1 && edges.right <= 704
    }).toBe(true)
    await screenshot(page, 'copil-preparation-print')
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 1400, height: 900 })
  })

  it('prepares the next session of the demo with the decisions still open', async () => {
    const next = value<number>("select id from copil_sessions where reference = 'COPIL-2026-12'")
    await app.open(`/copil/seances/${next}`)
    await page.getByText(`depuis la séance ${reference} du 05/11/2026`).waitFor()
    await page.getByRole('table', { name: 'Décisions en cours' }).waitFor()
    await screenshot(page, 'copil-preparation-next')
  })

  it('says what to do on an empty database', async () => {
    const empty = await startApp(demo.browser)
    try {
      await empty.open('/copil')
      await empty.page.getByText("Aucune séance pour l'instant").waitFor()
      await screenshot(empty.page, 'copil-empty-sessions')
      await empty.open('/copil/decisions')
      await empty.page.getByText('Le registre est vide').waitFor()
      // Filters on an empty register still say that it is empty; there is nothing to export.
      await empty.page.getByLabel('En retard seulement').check()
      await empty.page.getByRole('button', { name: 'Exporter la sélection (Excel)' }).waitFor()
      expect(await empty.page.getByText('Le registre est vide').count()).toBe(1)
      expect(await empty.page.getByText('Aucune décision ne correspond aux filtres').count()).toBe(0)
      expect(await empty.page.getByRole('button', { name: 'Exporter la sélection (Excel)' }).isDisabled()).toBe(true)
      await screenshot(empty.page, 'copil-empty-register')
      await empty.open('/copil/membres')
      await empty.page.getByText('Aucun membre déclaré').waitFor()
      await screenshot(empty.page, 'copil-empty-members')
    } finally {
      await empty.close()
    }
  })
})
