import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMachineConfig, writeMachineConfig } from '../../main/machine-config'
import { suiteBrowser, screenshot, startApp } from '../helpers/browser'
import { databaseWith, tempDir } from '../helpers/temp'

// Paramètres as the animators use it: who works on this machine, backups and restore with its
// undo, the processing register, the journal of changes; and a damaged file at start.

const chromium = suiteBrowser()

describe('Paramètres: data safety', () => {
  it('asks once who works on this machine, and records changes under that name', async () => {
    const dataDir = tempDir('vitawin-poste-')
    const app = await startApp(chromium.browser, undefined, { animator: null, dataDir })
    const { page } = app
    const dialog = page.getByRole('dialog', { name: 'Qui travaille sur ce poste ?' })
    await dialog.waitFor()
    await screenshot(page, 'safety-animator-prompt')
    await dialog.getByLabel('Animateur ou animatrice').fill('Samir Haddad')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'hidden' })
    expect(readMachineConfig(dataDir).animator).toBe('Samir Haddad')
    await app.host.call('actors.createOrganisation', { name: 'Créée par Samir', profileCode: 'entreprise' })
    await app.open('/parametres?onglet=journal')
    const operations = page.getByRole('table', { name: 'Opérations' })
    await operations.getByText('Création d’une organisation').waitFor()
    expect(await operations.locator('tbody tr').first().innerText()).toContain('Samir Haddad')
    await app.close()
    // Asked once: the next start does not ask again.
    const again = await startApp(chromium.browser, app.databaseFile, { animator: null, dataDir })
    await again.page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor()
    await again.page.waitForTimeout(300)
    expect(await again.page.getByRole('dialog', { name: 'Qui travaille sur ce poste ?' }).count()).toBe(0)
    await again.close()
  })

  it('backs up now, restores a backup, and undoes the restore', async () => {
    const file = await databaseWith(['Association des Bords de Marne', 'Lycée Louis Lumière'])
    const app = await startApp(chromium.browser, file)
    const { page } = app
    const count = () => Number(app.host.store!.sqlite.prepare('select count(*) from organisations').pluck().get())
    await app.open('/parametres?onglet=sauvegardes')
    await page.getByText("Aucune sauvegarde dans ce dossier pour l'instant.").waitFor()
    await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click()
    const table = page.getByRole('table', { name: 'Sauvegardes' })
    await table.getByText('manuelle').waitFor()
    await app.host.call('actors.createOrganisation', { name: 'Ajoutée après la sauvegarde', profileCode: 'entreprise' })
    expect(count()).toBe(3)

    await table.locator('tbody tr').filter({ hasText: 'manuelle' }).getByRole('button', { name: 'Restaurer' }).click()
    await page.getByRole('dialog', { name: 'Restaurer cette sauvegarde ?' }).getByRole('button', { name: 'Restaurer' }).click()
    const restored = page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Annuler la restauration' }) })
    await restored.waitFor()
    expect(count()).toBe(2)
    await table.getByText('avant une restauration').waitFor()
    await screenshot(page, 'safety-backups-restored')

    await restored.getByRole('button', { name: 'Annuler la restauration' }).click()
    await page.getByText('Restauration annulée').waitFor()
    expect(count()).toBe(3)
    expect(app.host.store!.sqlite.prepare("select count(*) from organisations where name = 'Ajoutée après la sauvegarde'").pluck().get()).toBe(1)
    await app.close()
  })

  it('chooses the backup folder in the native dialog of the app', async () => {
    const dataDir = tempDir('vitawin-machine-')
    const chosen = path.join(tempDir('vitawin-usb-'), 'sauvegardes Vitawin')
    fs.mkdirSync(chosen)
    const app = await startApp(chromium.browser, await databaseWith(['Club Gravelle Entreprendre']), { dataDir })
    const { page } = app
    await app.open('/parametres?onglet=sauvegardes')
    await page.getByRole('heading', { name: 'Dossier des sauvegardes' }).waitFor()
    // Browser mode has no folder dialog: the path is typed.
    expect(await page.getByRole('button', { name: 'Parcourir…' }).count()).toBe(0)

    // The Electron bridge, as the preload exposes it: calls go to the same API; the folder dialog answers « chosen ».
    await page.addInitScript((folder: string) => {
      const asked: unknown[] = []
      Object.assign(window, { folderDialogs: asked })
      window.vitawin = {
        kind: 'electron',
        async call(name: string, args: unknown) {
          const response = await fetch('/api/call', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Vitawin-Token': sessionStorage.getItem('vitawin.token') ?? '' },
            body: JSON.stringify({ name, args }),
          })
          const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line))
          return response.ok ? lines.find((line) => line.type === 'result').envelope : lines[0]
        },
        onProgress: () => () => undefined,
        openFile: async () => null,
        saveFile: async () => ({ saved: false }),
        async chooseFolder(options: { title: string; defaultPath?: string }) {
          asked.push(options)
          return folder
        },
      }
    }, chosen)
    await page.reload()
    await page.getByRole('button', { name: 'Parcourir…' }).click()
    await page.getByText('Dossier des sauvegardes enregistré.').waitFor()
    expect(readMachineConfig(dataDir).backupFolder).toBe(chosen)
    expect(await page.getByLabel('Dossier', { exact: true }).inputValue()).toBe(chosen)
    expect(await page.evaluate(() => (window as unknown as { folderDialogs: unknown[] }).folderDialogs)).toEqual([
      { title: 'Dossier des sauvegardes', defaultPath: expect.stringContaining('sauvegardes') },
    ])
    await screenshot(page, 'safety-backup-folder-chosen')
    await app.close()
  })

  it('shows the processing register and the journal of an import', async () => {
    const file = await databaseWith(['Garage du Centre'])
    const app = await startApp(chromium.browser, file)
    const { page } = app
    await app.open('/parametres?onglet=donnees-personnelles')
    const register = page.getByRole('heading', { name: 'Registre des traitements' })
    await register.waitFor()
    await page.getByText('Annuaire des acteurs du réseau et journal des échanges').waitFor()
    await page.getByRole('table', { name: /Données et conservation : Annuaire/ }).getByText(/3 ans après le dernier échange/).first().waitFor()
    await page.getByRole('button', { name: 'Élèves nommés des programmes (stages, alternance, mentorat)' }).click()
    await page.getByText(/Consentement des représentants légaux/).waitFor()
    await page.getByRole('button', { name: 'Aperçu de la purge' }).click()
    await page.getByText("Rien à purger : aucune fiche n'a dépassé sa durée de conservation.").waitFor()
    await screenshot(page, 'safety-privacy')

    // An import, then its changes listed in the journal.
    const csv = path.join(path.dirname(file), 'import.csv')
    fs.writeFileSync(csv, 'Raison sociale,Ville\nBoulangerie Zéphyr,Vincennes\nFleuriste Borée,Fontenay-sous-Bois\n')
    const handle = app.host.files.register(csv)
    const imported = await app.host.call('actors.import.commit', { fileId: handle.id, target: 'organisations', mapping: { 0: 'name', 1: 'town' }, defaultProfile: 'entreprise' })
    expect(imported.ok).toBe(true)
    await app.open('/parametres?onglet=journal')
    await page.locator('label').filter({ hasText: /^Imports$/ }).click()
    const operation = page.getByRole('table', { name: 'Opérations' }).getByText('Import d’organisations depuis « import.csv »')
    await operation.click()
    const entries = page.getByTestId('audit-entry')
    await entries.filter({ hasText: 'Boulangerie Zéphyr' }).first().waitFor()
    expect(await entries.filter({ hasText: 'Fleuriste Borée' }).count()).toBeGreaterThan(0)
    await screenshot(page, 'safety-journal-import')

    // The actor's own history.
    const key = `o${app.host.store!.sqlite.prepare("select id from organisations where name = 'Boulangerie Zéphyr'").pluck().get()}`
    await app.open(`/acteurs/${key}`)
    await page.getByRole('tab', { name: 'Historique' }).click()
    await page.getByTestId('audit-entry').filter({ hasText: 'Import d’organisations' }).waitFor()
    await screenshot(page, 'safety-actor-history')
    await app.close()
  })

  it('offers the most recent good backup of a damaged database, with its date, and restores it when asked', async () => {
    const file = await databaseWith(['Sauvée par la sauvegarde'])
    const dataDir = tempDir('vitawin-poste-')
    writeMachineConfig(dataDir, { animator: 'Camille Laurent', backupFolder: path.join(dataDir, 'sauvegardes') })
    const first = await startApp(chromium.browser, file, { dataDir })
    const backup = await first.host.call('backups.create', undefined)
    expect(backup.ok).toBe(true)
    await first.close()
    const damaged = Buffer.from('pas une base de données '.repeat(500))
    fs.writeFileSync(file, damaged)
    for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true })

    const app = await startApp(chromium.browser, file, { dataDir })
    const { page } = app
    await page.getByText('Les données ne peuvent pas être ouvertes').waitFor()
    const today = new Date().toLocaleDateString('fr-FR')
    const button = page.getByRole('button', { name: `Restaurer la sauvegarde du ${today}` })
    await button.waitFor()
    expect(fs.readFileSync(file)).toEqual(damaged)
    await screenshot(page, 'safety-damaged-offer')
    await button.click()
    await page.getByRole('dialog', { name: 'Restaurer la sauvegarde' }).getByRole('button', { name: 'Restaurer' }).click()
    await page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor()
    expect(app.host.store!.sqlite.prepare('select name from organisations').pluck().all()).toEqual(['Sauvée par la sauvegarde'])
    const setAside = fs.readdirSync(path.join(dataDir, 'sauvegardes')).find((name) => name.endsWith('_endommage.sqlite'))
    expect(fs.readFileSync(path.join(dataDir, 'sauvegardes', setAside!))).toEqual(damaged)
    await app.close()
  })

  it('restores a damaged database from a backup file kept elsewhere when the folder has none', async () => {
    // A good copy on « a USB key », the backup folder empty.
    const key = tempDir('vitawin-cle-')
    const copy = path.join(key, 'vitawin-copie.sqlite')
    fs.copyFileSync(await databaseWith(['Sauvée par la clé USB']), copy)
    const file = await databaseWith(['Perdue'])
    const damaged = Buffer.from('pas une base de données '.repeat(500))
    fs.writeFileSync(file, damaged)
    const dataDir = tempDir('vitawin-poste-')
    writeMachineConfig(dataDir, { animator: 'Camille Laurent', backupFolder: path.join(dataDir, 'sauvegardes') })

    const app = await startApp(chromium.browser, file, { dataDir })
    const { page } = app
    await page.getByText(/Aucune sauvegarde valide n'a été trouvée/).waitFor()
    await screenshot(page, 'safety-damaged-no-backup')
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Choisir un fichier de sauvegarde…' }).click()
    await (await chooser).setFiles(copy)
    await page.getByRole('dialog', { name: 'Restaurer ce fichier ?' }).getByRole('button', { name: 'Restaurer' }).click()
    await page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor()
    expect(app.host.store!.sqlite.prepare('select name from organisations').pluck().all()).toEqual(['Sauvée par la clé USB'])
    const setAside = fs.readdirSync(path.join(dataDir, 'sauvegardes')).find((name) => name.endsWith('_endommage.sqlite'))
    expect(fs.readFileSync(path.join(dataDir, 'sauvegardes', setAside!))).toEqual(damaged)
    await app.close()
  })
})
