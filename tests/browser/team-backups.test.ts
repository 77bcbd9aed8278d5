import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { safeStorageSecrets } from '../../main/secrets'
import { readMachineConfig } from '../../main/machine-config'
import { verifyBackup } from '../../db/sqlite/backups'
import { expectAccessible } from '../helpers/axe'
import { fakeSafeStorage } from '../helpers/fake-electron'
import { settle, screenshotSizes, startApp, suiteBrowser, type AppUnderTest } from '../helpers/browser'
import { postgresDatabase, postgresUrl, SKIPPED_POSTGRES } from '../helpers/postgres'
import { databaseWith } from '../helpers/temp'

// Moving and keeping the data in Chromium: « Passer en mode équipe » copies this laptop's data
// into an empty team database, then works on it; in team mode « Sauvegarder maintenant » writes a
// verified copy of the team database into this laptop's backup folder and lists it as such.
// (The app's keychain is faked: browser mode keeps no password, and the switch needs one kept.)

const chromium = suiteBrowser()
let app: AppUnderTest | undefined

afterAll(async () => {
  await app?.close()
})

describe.skipIf(SKIPPED_POSTGRES)('team mode: moving the local data in, and backing the team database up', () => {
  it('offers to copy this laptop’s data into an empty team database, copies it, then works on it', async () => {
    const file = await databaseWith(['Lycée Louis Lumière', 'Boulangerie du Château'])
    const team = await postgresDatabase()
    app = await startApp(chromium.browser, file, { secrets: safeStorageSecrets(fakeSafeStorage(), 'linux') })
    const { page } = app
    await app.open('/parametres')
    const card = page.getByRole('region', { name: 'Base de données' })
    await card.getByRole('button', { name: "Rejoindre la base de l'équipe…" }).click()
    const form = page.getByRole('form', { name: "Connexion à la base de l'équipe" })
    const server = new URL(postgresUrl!)
    await form.getByLabel('Serveur').fill(server.hostname)
    await form.getByLabel('Port').fill(server.port)
    await form.getByRole('textbox', { name: 'Base', exact: true }).fill(team.name)
    await form.getByLabel('Utilisateur').fill(decodeURIComponent(server.username))
    await form.getByRole('textbox', { name: 'Mot de passe' }).fill(decodeURIComponent(server.password))
    await form.getByRole('button', { name: 'Tester la connexion' }).click()
    await form.getByRole('status').filter({ hasText: 'Connexion réussie' }).waitFor()
    const offer = form.getByRole('checkbox', { name: "Copier les données de ce poste dans la base de l'équipe (2 organisations)" })
    await offer.check()
    await settle(page)
    await expectAccessible(page, 'Paramètres, copie des données locales proposée')
    await form.scrollIntoViewIfNeeded()
    await screenshotSizes(page, 'team-move-offered')

    await form.getByRole('button', { name: "Copier et travailler sur la base de l'équipe" }).click()
    await page.getByText(/Les données de ce poste y ont été copiées et vérifiées table par table \(\d[\d\u202f ]* lignes\)\. Vous travaillez sur la base de l'équipe/).waitFor()
    await card.getByText("Base de l'équipe (serveur)").waitFor()
    const names = (await team.pool().query('select name from organisations order by name')).rows.map((row) => row.name)
    expect(names).toEqual(['Boulangerie du Château', 'Lycée Louis Lumière'])
  })

  it('writes a verified copy of the team database into this laptop’s backup folder from « Sauvegarder maintenant », and lists it as such', async () => {
    const { page } = app!
    await app!.open('/parametres?onglet=sauvegardes')
    await page.getByRole('alert').filter({ hasText: "Base de l'équipe ouverte" }).waitFor()
    await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click()
    await page.getByText('Sauvegarde écrite et vérifiée.').waitFor()
    const table = page.getByRole('table', { name: 'Sauvegardes' })
    const row = table.getByRole('row').filter({ hasText: "Copie de la base de l'équipe" })
    await row.first().waitFor()
    expect(await row.count()).toBe(1)
    await expect(row.innerText()).resolves.toMatch(/\d\d\/\d\d\/\d{4}.*Copie de la base de l'équipe vitawin_t_\w+ sur 127\.0\.0\.1:\d+.*manuelle/is)
    // Restoring is not offered in team mode: the panel says how it is done.
    expect(await table.getByRole('button', { name: 'Restaurer' }).count()).toBe(0)
    await expect(page.getByText(/npm run cli -- restore --from <fichier\.sqlite> --database-url/).count()).resolves.toBe(1)

    const folder = readMachineConfig(app!.host.services.dataDir).backupFolder!
    const copies = fs.readdirSync(folder).filter((name) => name.startsWith('equipe+'))
    expect(copies).toHaveLength(1)
    expect(verifyBackup(path.join(folder, copies[0]!))).toMatchObject({ ok: true })
    await settle(page)
    await expectAccessible(page, 'Paramètres → Sauvegardes en mode équipe')
    await screenshotSizes(page, 'team-backups-list')
  })
})
