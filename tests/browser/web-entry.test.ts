import { spawn } from 'node:child_process'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeMachineConfig } from '../../main/machine-config'
import { launchBrowser } from '../helpers/browser'
import { tempDir } from '../helpers/temp'

// `npm run web` as users run it: the bundled entry, PORT and VITAWIN_DB from the environment.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

it('serves the app from the built entry and prints its URL', async () => {
  const databaseFile = path.join(tempDir(), 'web-entry.sqlite')
  // A machine of its own, whose animator is known (else the app asks first).
  const dataDir = tempDir()
  writeMachineConfig(dataDir, { animator: 'Camille Laurent' })
  const child = spawn(process.execPath, [path.resolve(__dirname, '../../out/main/web.js')], {
    env: { ...process.env, PORT: '0', VITAWIN_DB: databaseFile, VITAWIN_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = ''
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (chunk: string) => {
        output += chunk
        const match = /Ouvrez : (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)
        if (match) resolve(match[1]!)
      })
      child.once('exit', (code) => reject(new Error(`web.js exited with ${code}: ${output}`)))
    })
    const page = await browser.newPage()
    await page.goto(url)
    // A new database: the welcome.
    await page.getByRole('heading', { level: 2, name: 'Bienvenue dans Vitawin Back-office' }).waitFor()
    await page.getByRole('link', { name: 'Paramètres' }).click()
    await page.getByText('Territoire : Paris Est Marne et Bois').waitFor()
    expect(await page.getByText(databaseFile).count()).toBe(1)
    await page.close()
  } finally {
    child.kill('SIGTERM')
  }
})
