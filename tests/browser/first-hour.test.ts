import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { readMachineConfig, writeMachineConfig } from '../../main/machine-config'
import { demoDatabaseFile } from '../../main/paths'
import { suiteBrowser, screenshotSizes, startApp } from '../helpers/browser'
import { databaseWith, sha256, tempDir } from '../helpers/temp'

// The first hour, as a new user lives it: the welcome on a new database, the demo in its own file
// (its banner, the real file untouched, the way back, its deletion), Paramètres → Général, and
// the empty screens that say what to do next.

const chromium = suiteBrowser()

const BANNER = 'Données de démonstration — fictives'
const WELCOME = 'Bienvenue dans Vitawin Back-office'

const sideFiles = (file: string) => ['-wal', '-shm'].filter((suffix) => fs.existsSync(file + suffix))
const banner = (page: Page) => page.getByRole('region', { name: BANNER })
const navigate = (page: Page, entry: string) => page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: entry, exact: true }).click()

describe('the first hour', () => {
  it('welcomes a new database with three roads, and the import roads lead to the import screen', async () => {
    const app = await startApp(chromium.browser)
    const { page } = app
    await page.getByRole('heading', { level: 2, name: WELCOME }).waitFor()
    const roads = page.getByRole('article')
    await expect(roads.getByRole('heading', { level: 3 }).allInnerTexts()).resolves.toEqual([
      'Importer vos fichiers',
      'Importer le répertoire SIRENE',
      'Découvrir avec des données de démonstration',
    ])
    const sirene = page.getByRole('article', { name: 'Importer le répertoire SIRENE' })
    await sirene.getByText('Le fichier « StockEtablissement » de l’INSEE, publié chaque mois').waitFor()
    const dataset = sirene.getByRole('link', { name: 'Base Sirene des entreprises et de leurs établissements (SIREN, SIRET)' })
    expect(await dataset.getAttribute('href')).toBe('https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-etablissements-siren-siret/')
    await expect(page.getByRole('article', { name: 'Importer vos fichiers' }).innerText()).resolves.toMatch(/Excel \(\.xlsx\), LibreOffice \(\.ods\) ou un fichier CSV/)
    // No dashboard of zeros.
    expect(await page.getByRole('heading', { name: 'Tableau de bord' }).count()).toBe(0)
    await screenshotSizes(page, 'welcome')

    await page.getByRole('button', { name: 'Importer vos fichiers' }).click()
    await page.getByRole('tab', { name: 'Importer', selected: true }).waitFor()
    await app.open('/')
    await page.getByRole('button', { name: 'Importer le répertoire SIRENE' }).click()
    // The SIRENE card, brought into view with the focus on its button.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Importer un fichier SIRENE…')
    await app.close()
  })

  it('opens the demo with its banner, leaves the real file byte for byte, and goes back to the real data', async () => {
    const app = await startApp(chromium.browser)
    const { page, databaseFile } = app
    await page.getByRole('heading', { level: 2, name: WELCOME }).waitFor()
    await page.getByRole('button', { name: 'Découvrir la démonstration' }).click()
    await banner(page).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor()
    expect(await page.title()).toBe('Vitawin Back-office — démonstration')
    await screenshotSizes(page, 'demo-banner')

    // The real file is closed whole, and nothing the demo does reaches it.
    expect(sideFiles(databaseFile)).toEqual([])
    const hash = sha256(databaseFile)
    expect(fs.existsSync(demoDatabaseFile(databaseFile))).toBe(true)
    await navigate(page, 'Acteurs')
    await page.getByTestId('directory-grid').getByRole('row').nth(3).waitFor()
    await banner(page).waitFor()
    await app.host.call('actors.createOrganisation', { name: 'Créée pendant la démonstration', profileCode: 'entreprise' })
    await navigate(page, 'COPIL')
    await page.getByRole('table', { name: 'Séances du COPIL' }).waitFor()
    await navigate(page, 'Paramètres')
    await page.getByRole('tab', { name: 'Sauvegardes' }).click()
    await page.getByText('La démonstration est ouverte').waitFor()
    expect(await page.getByRole('button', { name: 'Sauvegarder maintenant' }).isDisabled()).toBe(true)
    expect(sha256(databaseFile)).toBe(hash)
    expect(sideFiles(databaseFile)).toEqual([])

    // One click back, from any screen.
    await navigate(page, 'Acteurs')
    await banner(page).getByRole('button', { name: 'Revenir à vos données' }).click()
    await page.getByRole('heading', { level: 2, name: WELCOME }).waitFor()
    await expect.poll(() => banner(page).count()).toBe(0)
    expect(await page.title()).toBe('Vitawin Back-office')
    expect(app.host.store!.file).toBe(databaseFile)
    expect(app.host.store!.sqlite.prepare('select count(*) from organisations').pluck().get()).toBe(0)
    await app.close()
  })

  it('shows the open database in Paramètres → Général, switches, and deletes the demo', async () => {
    const file = await databaseWith(['Lycée Louis Lumière'])
    const app = await startApp(chromium.browser, file)
    const { page } = app
    await app.open('/parametres')
    const card = page.getByRole('region', { name: 'Base de données' })
    const facts = card.getByRole('table', { name: 'Base de données ouverte' })
    await facts.getByText('Vos données').waitFor()
    await expect(facts.innerText()).resolves.toMatch(new RegExp(`Fichier\\s+${file.replaceAll('/', '\\/')}\\s+Taille\\s+\\d+(,\\d)? (Ko|Mo)`))
    await screenshotSizes(page, 'settings-general')

    await card.getByRole('button', { name: 'Créer et ouvrir la démonstration' }).click()
    await banner(page).waitFor()
    await facts.getByText('Démonstration (données fictives)').waitFor()
    await expect(facts.innerText()).resolves.toContain(demoDatabaseFile(file))
    await expect(facts.innerText()).resolves.toMatch(new RegExp(`Vos données \\(fermées\\)\\s+${file.replaceAll('/', '\\/')}`))
    await screenshotSizes(page, 'settings-general-demo')

    await card.getByRole('button', { name: 'Revenir à vos données' }).click()
    await facts.getByText('Vos données').waitFor()
    await expect.poll(() => banner(page).count()).toBe(0)
    await card.getByRole('button', { name: 'Ouvrir la démonstration' }).waitFor()

    await card.getByRole('button', { name: 'Supprimer la démonstration' }).click()
    await page.getByRole('dialog', { name: 'Supprimer la démonstration ?' }).getByRole('button', { name: 'Supprimer la démonstration' }).click()
    await page.getByText('Démonstration supprimée').waitFor()
    await card.getByRole('button', { name: 'Créer et ouvrir la démonstration' }).waitFor()
    for (const suffix of ['', '-wal', '-shm']) expect(fs.existsSync(demoDatabaseFile(file) + suffix)).toBe(false)
    expect(app.host.store!.sqlite.prepare('select name from organisations').pluck().all()).toEqual(['Lycée Louis Lumière'])
    await app.close()
  })

  it('reopens the demo at the next start, with its banner, and asks who works here only on the real data', async () => {
    const file = await databaseWith(['Mairie de Vincennes'])
    const dataDir = tempDir('vitawin-poste-')
    writeMachineConfig(dataDir, { backupFolder: path.join(dataDir, 'sauvegardes') })
    const first = await startApp(chromium.browser, file, { animator: null, dataDir, reopenDemo: true })
    const prompt = first.page.getByRole('dialog', { name: 'Qui travaille sur ce poste ?' })
    await prompt.waitFor()
    await first.host.call('database.open', { kind: 'demo' })
    await first.close()
    expect(readMachineConfig(dataDir).openDemoOf).toBe(file)

    const again = await startApp(chromium.browser, file, { animator: null, dataDir, reopenDemo: true })
    await banner(again.page).waitFor()
    await again.page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor()
    await again.page.waitForTimeout(300)
    expect(await again.page.getByRole('dialog', { name: 'Qui travaille sur ce poste ?' }).count()).toBe(0)
    await banner(again.page).getByRole('button', { name: 'Revenir à vos données' }).click()
    await again.page.getByRole('dialog', { name: 'Qui travaille sur ce poste ?' }).waitFor()
    await again.close()
  })

  it('says on each empty screen what to do next', async () => {
    const app = await startApp(chromium.browser)
    const { page } = app
    const empty = page.getByTestId('empty-state')
    const screens: [string, string, string[]][] = [
      ['/acteurs', "L'annuaire est vide", ['Importer vos fichiers', 'Importer le répertoire SIRENE', 'Créer une organisation']],
      ['/acteurs/relances', "Pas encore d'échange noté", ["Ouvrir l'annuaire"]],
      ['/acteurs/doublons', "L'annuaire est vide", []],
      ['/groupes', 'Aucun groupe de travail', ['Créer un groupe', "Commencer par l'annuaire"]],
      ['/copil', "Aucune séance pour l'instant", ['Créer la prochaine séance', 'Déclarer les membres']],
      ['/copil/decisions', 'Le registre est vide', ['Ouvrir les séances']],
      ['/copil/membres', 'Aucun membre déclaré', ['Ajouter un membre', "Commencer par l'annuaire"]],
      ['/programmes/calendrier', 'Aucune séance à venir', ['Voir les programmes']],
      ['/programmes/stages', 'Aucun stage pour cette année scolaire', ['Placer un élève']],
      ['/programmes/mentorat', 'Aucun binôme pour cette année scolaire', ['Former un binôme']],
      ['/programmes/demandes', 'Aucune demande à traiter', ["Ouvrir l'annuaire"]],
      ['/programmes/eleves', 'Aucun élève nommé', ['Stages et alternance', 'Mentorat']],
    ]
    for (const [route, title, actions] of screens) {
      await app.open(route)
      await empty.getByRole('heading', { level: 3, name: title }).waitFor()
      const buttons = (await empty.getByRole('button').allInnerTexts()).concat(await empty.getByRole('link').allInnerTexts())
      expect(buttons.map((text) => text.trim()).sort(), route).toEqual([...actions].sort())
      await screenshotSizes(page, `empty${route.replaceAll('/', '-')}`)
    }
    await app.open('/indicateurs')
    await page.getByRole('alert').filter({ hasText: "Rien n'est encore compté" }).waitFor()
    await screenshotSizes(page, 'empty-indicateurs')

    // Once the directory holds something, the dashboard replaces the welcome and says what is left to start.
    await app.host.call('actors.createOrganisation', { name: 'Club Gravelle Entreprendre', profileCode: 'entreprise' })
    await app.open('/')
    await page.reload()
    const steps = page.getByRole('region', { name: 'Pour bien démarrer' })
    await steps.waitFor()
    await steps.getByText('5 étapes à faire sur 6').waitFor()
    await steps.getByText('L’annuaire est commencé.').waitFor()
    await steps.getByRole('link', { name: 'Groupes de travail' }).click()
    await page.getByRole('heading', { level: 2, name: 'Groupes de travail' }).waitFor()
    // The groups' empty state no longer sends to the directory.
    expect(await empty.getByRole('link', { name: "Commencer par l'annuaire" }).count()).toBe(0)
    await app.open('/')
    await steps.waitFor()
    await screenshotSizes(page, 'dashboard-next-steps')
    await app.close()
  })
})
