import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDatabaseTarget } from '../../db/backend'
import { indicatorValue } from '../../db/indicators/compute'
import { KEY_INDICATORS } from '../../db/rules/indicator-keys'
import { todayIso } from '../../db/rules/dates'
import { formatDate } from '../../db/rules/format'
import { foldText } from '../../db/rules/text'
import { moveFileToTeam } from '../../db/transfer/files'
import { expectAccessible } from '../helpers/axe'
import { demoDatabase, field, fillDate, pickOption, screenshotSizes, settle, startApp, suiteBrowser, type AppUnderTest } from '../helpers/browser'
import { directoryScreen } from '../helpers/directory'
import { libreOfficePath, readWithLibreOffice } from '../helpers/libreoffice'
import { postgresDatabase, SKIPPED_POSTGRES } from '../helpers/postgres'
import { tempDir } from '../helpers/temp'

// Issue 15 in Chromium: the animators' daily flows in team mode, each on their own laptop (two
// app instances) on one PostgreSQL database holding the demo dataset — the CRM (a record, an
// exchange and its follow-up, « À relancer », the directory), the COPIL (a session, a decision,
// its follow-up at the next session) and the funder report, whose workbook must be the one the
// same data gives on a local file.

const SEED = 7
const DEMO_DAY = '2026-11-23'
const PERIOD = '2025-2026'
const CAMILLE = 'Camille Laurent'
const SAMIR = 'Samir Haddad'

const suite = suiteBrowser()
let camille: AppUnderTest
let samir: AppUnderTest

beforeAll(async () => {
  if (SKIPPED_POSTGRES) return
  const demoFile = await demoDatabase(SEED, DEMO_DAY)
  const database = await postgresDatabase()
  const target = parseDatabaseTarget(database.url)
  if (target.kind !== 'postgres') throw new Error(`Not a team database: ${database.url}`)
  await moveFileToTeam(demoFile, target.config)
  camille = await startApp(suite.browser, database.url, { animator: CAMILLE })
  samir = await startApp(suite.browser, database.url, { animator: SAMIR })
}, 120_000)

afterAll(async () => {
  await samir?.close()
  await camille?.close()
})

/** Checks the screen with axe-core and takes its screenshots, once it has settled. */
async function lookAt(page: Page, name: string): Promise<void> {
  await settle(page)
  await screenshotSizes(page, name)
  await expectAccessible(page, name)
}

const teamDb = () => camille.host.store!.db

/** A figure as shown or as LibreOffice reads it, without its spaces, with a decimal point. */
const digits = (text: string) => text.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.')

describe.skipIf(SKIPPED_POSTGRES)('the funder report in team mode', () => {
  it('exports from the screen the workbook the same data gives on a local file, figure for figure', { timeout: 180_000 }, async () => {
    const download = async (app: AppUnderTest) => {
      await app.open(`/indicateurs/rapport?periode=${PERIOD}`)
      const button = app.page.getByRole('button', { name: `Exporter le rapport ${PERIOD} (Excel)` })
      await button.waitFor()
      const started = app.page.waitForEvent('download')
      await button.click()
      const file = path.join(tempDir('vitawin-rapport-'), 'rapport.xlsx')
      await (await started).saveAs(file)
      return file
    }
    const teamFile = await download(camille)
    await lookAt(camille.page, 'team-funder-report')
    // The same demo data on a local file (a copy of the one moved in: the test's temporary files go after each test).
    const local = await startApp(suite.browser, await demoDatabase(SEED, DEMO_DAY), { animator: CAMILLE })
    let localFile: string
    const expected = new Map<string, number | null>()
    try {
      localFile = await download(local)
      for (const code of KEY_INDICATORS) expected.set(code, (await indicatorValue(local.host.store!.db, code, PERIOD)).value)
    } finally {
      await local.close()
    }

    const read = async (file: string) => {
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.readFile(file)
      return new Map(workbook.worksheets.map((sheet) => [sheet.name, sheet.getSheetValues().map((row) => (Array.isArray(row) ? row.slice(1).map((value) => value ?? null) : []))]))
    }
    const team = await read(teamFile)
    const fromFile = await read(localFile)
    expect([...team.keys()]).toEqual(['Synthèse', 'Indicateurs', 'Actions', 'Acteurs par commune et profil', 'Participations'])
    // Not an empty comparison: the year has actions and participations.
    expect(team.get('Actions')!.length).toBeGreaterThan(20)
    expect(team.get('Participations')!.length).toBeGreaterThan(20)
    for (const [sheet, rows] of fromFile) expect(team.get(sheet), sheet).toEqual(rows)

    // The team's dashboard shows the figures of the local file too.
    await camille.open(`/?periode=${PERIOD}`)
    for (const code of KEY_INDICATORS) {
      const value = expected.get(code)
      await expect.poll(async () => digits(await camille.page.getByTestId(`figure-${code}`).innerText()), { message: code }).toBe(value === null || value === undefined ? '—' : String(value))
    }
    await lookAt(camille.page, 'team-dashboard')

    // As LibreOffice reads it, the key figures are those computed on the local file.
    if (!libreOfficePath()) return
    const synthesis = readWithLibreOffice(teamFile).get('Synthèse')!
    const names = new Map((await teamDb().selectFrom('indicators').select(['code', 'name']).execute()).map((row) => [row.code, row.name]))
    for (const code of KEY_INDICATORS) {
      const line = synthesis.find((cells) => cells[1] === names.get(code))
      expect(line, code).toBeDefined()
      const value = expected.get(code)
      expect(digits(line![2]!), code).toBe(value === null || value === undefined ? '' : String(value))
    }
  })
})

describe.skipIf(SKIPPED_POSTGRES)('the CRM in team mode', () => {
  const today = todayIso()
  const ORGANISATION = 'Menuiserie des Deux Bois'
  const STEP = 'Envoyer la convention de stage à M. Ferrand'
  let organisationUrl = ''

  const followUpRow = (page: Page) => page.getByRole('table', { name: 'À relancer' }).getByRole('row').filter({ hasText: STEP })

  it('creates an organisation and a person through the screens, and links them', async () => {
    const { page } = camille
    await camille.open('/acteurs')
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click()
    const form = page.getByRole('form', { name: "Fiche de l'organisation" })
    await field(form, 'Nom').fill(ORGANISATION)
    await pickOption(form, 'Commune', 'Fontenay-sous-Bois')
    await field(form, 'Courriel').fill('contact@deux-bois.exemple.fr')
    await form.getByRole('button', { name: 'Créer la fiche' }).click()
    await page.getByRole('heading', { level: 2, name: ORGANISATION }).waitFor()
    organisationUrl = page.url()

    await camille.open('/acteurs')
    await page.getByRole('button', { name: 'Nouvelle personne' }).click()
    const person = page.getByRole('form', { name: 'Fiche de la personne' })
    await field(person, 'Prénom').fill('Julien')
    await field(person, 'Nom').fill('Ferrand')
    await pickOption(person, 'Profil', 'Entreprise')
    await field(person, 'Fonction').fill('Gérant')
    await person.getByRole('button', { name: 'Créer la fiche' }).click()
    await page.getByRole('heading', { level: 2, name: 'Julien Ferrand' }).waitFor()

    await page.goto(organisationUrl)
    await page.getByRole('heading', { level: 2, name: ORGANISATION }).waitFor()
    await page.getByRole('tab', { name: /^Personnes/ }).click()
    await page.getByRole('button', { name: 'Rattacher une personne' }).click()
    const link = page.getByRole('dialog', { name: 'Rattachement' })
    // The people come from the team database's search (PostgreSQL's full-text index).
    await field(link, 'Personne').fill('Ferrand')
    await page.getByRole('option', { name: /Julien Ferrand/ }).click()
    await field(link, 'Rôle').fill('Gérant')
    await link.getByRole('button', { name: 'Enregistrer' }).click()
    await link.waitFor({ state: 'detached' })
    await page.getByRole('link', { name: 'Julien Ferrand' }).first().waitFor()

    const stored = await teamDb()
      .selectFrom('affiliations as a')
      .innerJoin('organisations as o', 'o.id', 'a.organisationId')
      .innerJoin('people as p', 'p.id', 'a.personId')
      .select(['o.townCode', 'o.email', 'p.firstName', 'p.jobTitle', 'a.role'])
      .where('o.name', '=', ORGANISATION)
      .execute()
    expect(stored).toEqual([{ townCode: '94033', email: 'contact@deux-bois.exemple.fr', firstName: 'Julien', jobTitle: 'Gérant', role: 'Gérant' }])
  })

  it('logs an exchange with a follow-up that reaches the other animator’s « À relancer » without a reload', async () => {
    // Samir looks at Camille's follow-ups this week, before the exchange is logged.
    await samir.open('/acteurs/relances')
    await pickOption(samir.page.getByRole('main'), 'Relances de', CAMILLE)
    const thisWeek = samir.page.getByRole('radiogroup', { name: 'Échéances montrées' }).getByText(/^Cette semaine \(\d+\)$/)
    await thisWeek.click()
    const before = Number((await thisWeek.innerText()).replace(/\D/g, ''))
    expect(await followUpRow(samir.page).count()).toBe(0)

    const { page } = camille
    await page.goto(organisationUrl)
    await page.getByRole('tab', { name: /^Chronologie/ }).click()
    await page.getByRole('button', { name: 'Noter un échange' }).click()
    const dialog = page.getByRole('dialog', { name: 'Noter un échange' })
    await expect.poll(() => field(dialog, 'Animateur ou animatrice').inputValue()).toBe(CAMILLE)
    await pickOption(dialog, 'Personne rencontrée', 'Julien Ferrand')
    await field(dialog, 'Résumé').fill('Visite de l’atelier : deux places de stage de 3e en février.')
    await field(dialog, 'Prochaine étape convenue').fill(STEP)
    await fillDate(dialog, 'Échéance', formatDate(today))
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByTestId('timeline-event').filter({ hasText: `${STEP} (échéance le ${formatDate(today)})` }).waitFor()
    await lookAt(page, 'team-crm-actor')

    const row = followUpRow(samir.page)
    await row.waitFor({ timeout: 10_000 })
    expect(await thisWeek.innerText()).toBe(`Cette semaine (${before + 1})`)
    expect(await row.innerText()).toContain(ORGANISATION)
    expect(await row.innerText()).toMatch(/Aujourd'hui/i)
    await lookAt(samir.page, 'team-crm-followups')
  })

  it('marks it done on the other laptop, and the first sees it done', async () => {
    const steps = camille.page.getByRole('table', { name: 'Prochaines étapes' })
    await steps.getByRole('row').filter({ hasText: STEP }).waitFor()
    await followUpRow(samir.page).getByRole('button', { name: 'Fait' }).click()
    await followUpRow(samir.page).waitFor({ state: 'detached' })
    // Camille's open record: the step leaves « Prochaines étapes », the journal says it was done today.
    await camille.page.getByTestId('timeline-event').filter({ hasText: `${STEP} (faite le ${formatDate(today)})` }).waitFor({ timeout: 10_000 })
    expect(await steps.getByRole('row').filter({ hasText: STEP }).count()).toBe(0)
    const stored = await teamDb().selectFrom('interactions').select(['animator', 'nextStepDoneOn']).where('nextStep', '=', STEP).executeTakeFirstOrThrow()
    expect(stored).toEqual({ animator: CAMILLE, nextStepDoneOn: today })
  })

  it('filters and sorts the directory on the server, with the other animator’s new record', async () => {
    const directory = directoryScreen(() => samir)
    await directory.openDirectory()
    await directory.pick('Profil', 'Entreprises')
    await directory.pick('Commune', 'Fontenay-sous-Bois')
    const names = (await teamDb().selectFrom('organisations').select('name').where('profileCode', '=', 'entreprise').where('townCode', '=', '94033').execute()).map((row) => row.name)
    expect(names).toContain(ORGANISATION)
    expect(names.length).toBeGreaterThan(3)
    await expect.poll(directory.displayed).toBe(names.length)
    expect(new Set(await directory.cells('kind'))).toEqual(new Set(['Organisation']))

    // Sorted by name going down, as SQLite sorts: accents and case folded, then byte order.
    await directory.sortBy('name', 'descending')
    const key = (name: string) => [foldText(name), name] as const
    const expected = [...names].sort((a, b) => {
      const [x, y] = [key(a), key(b)]
      return x[0] !== y[0] ? (x[0] < y[0] ? 1 : -1) : x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : 0
    })
    await expect.poll(async () => {
      const shown = await directory.cells('name')
      return shown.length > 1 && shown.every((name, at) => name === expected[at])
    }).toBe(true)
    await lookAt(samir.page, 'team-crm-directory')
  })
})

describe.skipIf(SKIPPED_POSTGRES)('the COPIL in team mode', () => {
  const DECISION = 'Cofinancer avec le Fonds ODD17 le car des collégiens de Champigny pour le forum des métiers.'
  const NOTE = 'Devis du transporteur reçu ; la convention avec le Fonds ODD17 est à la signature.'
  let reference = ''
  let decision = ''

  const register = (page: Page) => page.getByRole('table', { name: 'Registre des décisions' })
  const decisionRow = (scope: Locator) => scope.getByRole('row').filter({ hasText: decision })

  it('creates a session and records a decision, which the other animator’s open register shows', async () => {
    await samir.open('/copil/decisions')
    await register(samir.page).locator('tbody tr').first().waitFor()

    const { page } = camille
    await camille.open('/copil')
    await page.getByRole('button', { name: 'Nouvelle séance' }).click()
    const create = page.getByRole('dialog', { name: 'Nouvelle séance du COPIL' })
    await fillDate(create, 'Date', '05/11/2026')
    await field(create, 'Lieu').fill('Hôtel de territoire, Nogent-sur-Marne')
    await pickOption(create, 'Statut', 'Tenue')
    await create.getByRole('button', { name: 'Créer la séance' }).click()
    const heading = page.getByRole('heading', { level: 2, name: /^Séance COPIL-/ })
    await heading.waitFor()
    reference = /COPIL-\d{4}-\d\d/.exec(await heading.innerText())![0]
    expect(reference).toBe('COPIL-2026-11')

    await page.getByRole('tab', { name: /^Décisions/ }).click()
    await page.getByRole('button', { name: 'Nouvelle décision' }).click()
    const dialog = page.getByRole('dialog', { name: `Nouvelle décision — séance ${reference}` })
    await field(dialog, 'Décision').fill(DECISION)
    await pickOption(dialog, 'Nature', 'Budget')
    await fillDate(dialog, 'Échéance', '15/12/2026')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    decision = `${reference}-D1`
    await decisionRow(page.getByRole('table', { name: 'Décisions de la séance' })).waitFor()
    await lookAt(page, 'team-copil-session')

    const seen = decisionRow(register(samir.page))
    await seen.waitFor({ timeout: 10_000 })
    expect(await seen.innerText()).toMatch(/Budget[\s\S]*15\/12\/2026[\s\S]*À lancer/i)
  })

  it('follows the decision up at the next session, from the other laptop, and the first sees its new status', async () => {
    const next = await teamDb().selectFrom('copilSessions').select(['id', 'reference']).where('heldOn', '>', '2026-11-05').orderBy('heldOn').executeTakeFirstOrThrow()
    const { page } = samir
    await samir.open(`/copil/seances/${next.id}`)
    await page.getByRole('heading', { level: 2, name: new RegExp(`^Séance ${next.reference}`) }).waitFor()
    await page.getByRole('tab', { name: 'Préparation' }).click()
    await page.getByText(`depuis la séance ${reference} du 05/11/2026`).waitFor()
    const open = page.getByRole('table', { name: 'Décisions en cours' })
    await decisionRow(open).getByRole('button', { name: `Ajouter un suivi à ${decision}` }).click()
    const dialog = page.getByRole('dialog', { name: `Ajouter un suivi — ${decision}` })
    await pickOption(dialog, 'Nouveau statut', 'En cours')
    await field(dialog, 'Ce qui a changé et pourquoi').fill(NOTE)
    await dialog.getByRole('button', { name: 'Enregistrer le suivi' }).click()
    await dialog.waitFor({ state: 'detached' })
    await lookAt(page, 'team-copil-preparation')

    // Camille's register, open on her laptop, shows the new status and the follow-up's history.
    await camille.open('/copil/decisions')
    const row = decisionRow(register(camille.page))
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toMatch(/En cours/i)
    await row.getByRole('button', { name: `Historique de ${decision}` }).click()
    const drawer = camille.page.getByRole('dialog', { name: `Décision ${decision}` })
    await drawer.getByText(NOTE).waitFor()
    expect(await drawer.innerText()).toContain(next.reference)
    await lookAt(camille.page, 'team-copil-register')
    await camille.page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'detached' })

    const stored = await teamDb()
      .selectFrom('decisionFollowups as f')
      .innerJoin('copilDecisions as d', 'd.id', 'f.decisionId')
      .select(['d.status', 'f.sessionId', 'f.note'])
      .where('d.reference', '=', decision)
      .execute()
    expect(stored).toEqual([{ status: 'en_cours', sessionId: next.id, note: NOTE }])
  })
})
