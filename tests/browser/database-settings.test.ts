import { describe, expect, it } from 'vitest'
import { safeStorageSecrets } from '../../main/secrets'
import { expectAccessible } from '../helpers/axe'
import { fakeSafeStorage } from '../helpers/fake-electron'
import { field, suiteBrowser, screenshotSizes, startApp } from '../helpers/browser'
import { UNREACHABLE_MESSAGE } from '../../db/errors'
import { databaseWith, tempDir } from '../helpers/temp'
import { updateMachineConfig } from '../../main/machine-config'

// Paramètres → Base de données and the welcome's « Rejoindre la base de l'équipe », in Chromium:
// which database is open, the connection form with its real test and its French refusals, and
// what browser mode says about the password. (The switch itself, on a real server, is
// main/api/database-team.test.ts.)

const chromium = suiteBrowser()

describe('choosing the database', () => {
  it('shows the local file, tests a team database in French, and keeps what was typed', async () => {
    const file = await databaseWith(['Lycée Louis Lumière'])
    // The app's keychain (faked): the password can be kept, the switch is offered.
    const app = await startApp(chromium.browser, file, { secrets: safeStorageSecrets(fakeSafeStorage(), 'linux') })
    const { page } = app
    await app.open('/parametres')
    const card = page.getByRole('region', { name: 'Base de données' })
    const facts = card.getByRole('table', { name: 'Base de données ouverte' })
    await facts.getByText('Base locale de ce poste').waitFor()
    await expect(facts.innerText()).resolves.toContain(file)

    await card.getByRole('button', { name: "Rejoindre la base de l'équipe…" }).click()
    const form = page.getByRole('form', { name: "Connexion à la base de l'équipe" })
    await expect(form.getByRole('textbox', { name: 'Base', exact: true }).inputValue()).resolves.toBe('vitawin')
    await expect(form.getByLabel('Utilisateur').inputValue()).resolves.toBe('vitawin_app')
    // Left empty: refused on its field.
    await form.getByRole('button', { name: 'Tester la connexion' }).click()
    await form.getByText('Indiquez le serveur').waitFor()
    await form.getByLabel('Serveur').fill('127.0.0.1')
    await form.getByLabel('Port').fill('1')
    await form.getByRole('textbox', { name: 'Mot de passe' }).fill('Secret-du-test')
    await form.getByRole('button', { name: 'Tester la connexion' }).click()
    const refusal = form.getByRole('alert')
    await refusal.getByText("Le serveur de la base d'équipe (127.0.0.1:1) ne répond pas.", { exact: false }).waitFor()
    await expect(refusal.innerText()).resolves.not.toContain('Secret-du-test')

    // The certificate's field comes with the modes that use it.
    await form.getByLabel('Chiffrement (TLS)').click()
    await page.getByRole('option', { name: 'Chiffrée, certificat et nom du serveur vérifiés (recommandé)' }).click()
    await form.getByLabel("Certificat de l'autorité (fichier .pem ou .crt)").waitFor()
    await form.getByRole('button', { name: "Travailler sur la base de l'équipe" }).click()
    await form.getByText("Le mode verify-full demande le certificat de l'autorité (fichier .pem ou .crt)").waitFor()
    await form.getByLabel("Certificat de l'autorité (fichier .pem ou .crt)").fill('/nulle/part/ca.pem')
    await form.getByRole('button', { name: "Travailler sur la base de l'équipe" }).click()
    await form.getByText("Ce fichier n'existe pas : /nulle/part/ca.pem").waitFor()
    // Nothing typed was lost, and the local file is still open.
    await expect(form.getByLabel('Serveur').inputValue()).resolves.toBe('127.0.0.1')
    await expect(form.getByRole('textbox', { name: 'Mot de passe' }).inputValue()).resolves.toBe('Secret-du-test')
    await facts.getByText('Base locale de ce poste').waitFor()
    expect(app.host.store?.kind).toBe('sqlite')

    await form.getByLabel('Chiffrement (TLS)').click()
    await page.getByRole('option', { name: 'Chiffrée si le serveur le propose' }).click()
    await form.getByRole('button', { name: 'Tester la connexion' }).click()
    await form.getByRole('alert').getByText('ne répond pas', { exact: false }).waitFor()
    await expectAccessible(page, 'Paramètres → Base de données')
    await card.scrollIntoViewIfNeeded()
    await screenshotSizes(page, 'settings-database')
    await app.close()
  })

  it('says in browser mode that the password comes from VITAWIN_DATABASE_URL, and still tests', async () => {
    const app = await startApp(chromium.browser)
    const { page } = app
    await page.getByRole('heading', { level: 2, name: 'Bienvenue dans Vitawin Back-office' }).waitFor()
    const join = page.getByRole('region', { name: "Rejoindre la base de l'équipe" })
    await join.getByRole('button', { name: "Rejoindre la base de l'équipe" }).click()
    const dialog = page.getByRole('dialog', { name: "Rejoindre la base de l'équipe" })
    await dialog.getByText("En mode navigateur, le mot de passe de la base d'équipe n'est pas conservé", { exact: false }).waitFor()
    expect(await dialog.getByRole('button', { name: "Travailler sur la base de l'équipe" }).isDisabled()).toBe(true)
    await dialog.getByLabel('Serveur').fill('127.0.0.1')
    await dialog.getByLabel('Port').fill('1')
    await dialog.getByRole('textbox', { name: 'Mot de passe' }).fill('x')
    await dialog.getByRole('button', { name: 'Tester la connexion' }).click()
    await dialog.getByRole('alert').getByText('ne répond pas', { exact: false }).waitFor()
    await expectAccessible(page, "Rejoindre la base de l'équipe")
    await screenshotSizes(page, 'welcome-join-team')
    await dialog.getByRole('button', { name: 'Fermer' }).click().catch(() => page.keyboard.press('Escape'))
    await expect.poll(() => dialog.count()).toBe(0)
    await screenshotSizes(page, 'welcome-with-team')
    await app.close()
  })

  it('keeps what a dialog holds when the team server does not answer, and « Réessayer » saves it once', async () => {
    const app = await startApp(chromium.browser, await databaseWith(['Lycée Louis Lumière']))
    const { page, host } = app
    // The server's answer while it is away (main/api/database-team.test.ts gets it from a real cut):
    // the first save is refused as the host refuses it, the next one goes through.
    const call = host.call.bind(host)
    let cut = true
    host.call = async (name, args, onProgress) => {
      if (name === 'actors.createOrganisation' && cut) {
        cut = false
        return { ok: false, error: { code: 'server_unreachable', message: UNREACHABLE_MESSAGE } }
      }
      return call(name, args, onProgress)
    }
    await app.open('/acteurs')
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click()
    const form = page.getByRole('form', { name: "Fiche de l'organisation" })
    await field(form, 'Nom').fill('Menuiserie de la Coupure')
    await field(form, 'Notes').fill('Rencontrée au salon.')
    await form.getByRole('button', { name: 'Créer la fiche' }).click()
    await form.getByText(UNREACHABLE_MESSAGE).waitFor()
    await expect(field(form, 'Nom').inputValue()).resolves.toBe('Menuiserie de la Coupure')
    await expect(field(form, 'Notes').inputValue()).resolves.toBe('Rencontrée au salon.')
    await expectAccessible(page, 'Dialogue, serveur injoignable')
    await form.getByRole('button', { name: 'Réessayer' }).scrollIntoViewIfNeeded()
    await screenshotSizes(page, 'dialog-unreachable')
    await form.getByRole('button', { name: 'Réessayer' }).click()
    await form.waitFor({ state: 'detached' })
    expect(host.store!.kind === 'sqlite' && host.store!.sqlite.prepare("select count(*) from organisations where name = 'Menuiserie de la Coupure'").pluck().get()).toBe(1)
    await app.close()
  })

  it('does not save twice when the answer was lost after the save: « Réessayer » sends the same request key', async () => {
    const app = await startApp(chromium.browser, await databaseWith(['Lycée Louis Lumière']))
    const { page, host } = app
    // The save is made, then its answer is lost (main/api/request-keys.test.ts and
    // db/postgres/lost-answer.test.ts cut a real connection after its COMMIT).
    const call = host.call.bind(host)
    let cut = true
    host.call = async (name, args, onProgress, requestKey) => {
      const answer = await call(name, args, onProgress, requestKey)
      if (name === 'actors.createOrganisation' && cut) {
        cut = false
        return { ok: false, error: { code: 'server_unreachable', message: UNREACHABLE_MESSAGE } }
      }
      return answer
    }
    await app.open('/acteurs')
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click()
    const form = page.getByRole('form', { name: "Fiche de l'organisation" })
    await field(form, 'Nom').fill('Menuiserie du Double')
    await form.getByRole('button', { name: 'Créer la fiche' }).click()
    await form.getByText(UNREACHABLE_MESSAGE).waitFor()
    await form.getByRole('button', { name: 'Réessayer' }).click()
    await form.waitFor({ state: 'detached' })
    expect(host.store!.kind === 'sqlite' && host.store!.sqlite.prepare("select count(*) from organisations where name = 'Menuiserie du Double'").pluck().get()).toBe(1)
    await app.close()
  })

  it('starts on a page that says the team database cannot be opened, with « Réessayer » and the way back to the local file', async () => {
    const file = await databaseWith(['Lycée Louis Lumière'])
    const dataDir = tempDir('vitawin-poste-')
    const secrets = safeStorageSecrets(fakeSafeStorage(), 'linux')
    // The team database this machine chose, on a server that does not answer (port 1).
    updateMachineConfig(dataDir, {
      animator: 'Camille Laurent',
      teamDatabase: { host: '127.0.0.1', port: 1, database: 'vitawin', user: 'vitawin_app', sslmode: 'prefer', passwordEncrypted: secrets.encrypt('Secret-du-test') },
    })
    const app = await startApp(chromium.browser, file, { dataDir, secrets, teamFromMachine: true })
    const { page } = app
    const alert = page.getByRole('alert').filter({ hasText: "La base de l'équipe ne peut pas être ouverte" })
    await alert.getByText("Le serveur de la base d'équipe (127.0.0.1:1) ne répond pas.", { exact: false }).waitFor()
    const form = page.getByRole('form', { name: "Connexion à la base de l'équipe" })
    await expect(form.getByLabel('Serveur').inputValue()).resolves.toBe('127.0.0.1')
    await alert.getByRole('button', { name: 'Réessayer' }).click()
    await expect.poll(() => alert.getByRole('button', { name: 'Réessayer' }).isEnabled()).toBe(true)
    await alert.getByText('ne répond pas', { exact: false }).waitFor()
    await expectAccessible(page, 'Base de l’équipe injoignable au démarrage')
    await screenshotSizes(page, 'team-unreachable-at-start')
    expect(JSON.stringify(await page.content())).not.toContain('Secret-du-test')

    await alert.getByRole('button', { name: 'Revenir à la base locale' }).click()
    await page.getByText('Vous êtes revenu à la base locale de ce poste.').waitFor()
    await app.open('/parametres')
    await page.getByRole('table', { name: 'Base de données ouverte' }).getByText('Base locale de ce poste').waitFor()
    expect(app.host.store?.kind).toBe('sqlite')
    await app.close()
  })
})
