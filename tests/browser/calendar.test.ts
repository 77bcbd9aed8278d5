import fs from 'node:fs'
import ICAL from 'ical.js'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoApp, screenshotSizes, settle } from '../helpers/browser'

// Issue 14, point 10: the calendar by month and by week (programme sessions, working groups'
// meetings, COPIL sessions), saved as .ics files that a real parser reads; and the purge
// preview's names, which open the record.

const demo = demoApp({
  seed: 10,
  prepare: (store) => {
    const sqlite = store.sqlite
    const sequence = sqlite.prepare("select s.id from sequences s join editions e on e.id = s.edition_id where e.school_year = '2026-2027' order by s.id limit 1").pluck().get()
    sqlite.prepare("insert into sequence_sessions (sequence_id, held_on, place, status) values (?, '2026-12-16', 'Atelier Bréguet, salle 2', 'planifiee')").run(sequence)
    const group = sqlite.prepare("insert into working_groups (name, status) values ('Groupe Calendrier d’essai', 'actif')").run().lastInsertRowid
    sqlite.prepare("insert into group_meetings (group_id, held_on, place) values (?, '2026-12-16', 'Mairie de Vincennes')").run(group)
    sqlite.prepare("insert into copil_sessions (reference, held_on, place, status) values ('Séance d’essai', '2026-12-18', 'Hôtel de ville', 'prevue')").run()
    // A pupil whose school year ended long ago: the purge preview lists them.
    sqlite.prepare("insert into pupils (first_name, last_name, is_minor, school_year) values ('Aurélien', 'Ancienélève', 0, '2019-2020')").run()
  },
})

async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const pending = page.waitForEvent('download')
  await click()
  return fs.readFileSync(await (await pending).path(), 'utf8')
}

function vevents(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((component) => new ICAL.Event(component))
}

describe('the calendar', () => {
  it('shows a month of sessions, meetings and COPIL sessions, and saves the view as an .ics file', async () => {
    const { app, page } = demo
    await app.open('/programmes/calendrier?date=2026-12-01')
    const grid = page.getByRole('table', { name: 'Calendrier : décembre 2026' })
    await grid.waitFor()
    expect(await grid.locator('thead th').allInnerTexts()).toEqual(['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'])
    const day = grid.locator('td[data-date="2026-12-16"]')
    await day.getByRole('button', { name: /Réunion — Groupe Calendrier d’essai/ }).waitFor()
    await grid.locator('td[data-date="2026-12-18"]').getByRole('button', { name: /COPIL — Séance d’essai/ }).waitFor()
    const shown = await grid.getByTestId('calendar-event').count()
    const hidden = await grid.getByRole('button', { name: /^\+ \d+ autres$/ }).allInnerTexts()
    const total = shown + hidden.reduce((sum, text) => sum + Number(/\d+/.exec(text)![0]), 0)
    await settle(page)
    await screenshotSizes(page, 'calendar-month')

    // The whole view as one file: as many events as the grid holds, valid for a real parser.
    const text = await download(page, () => page.getByRole('button', { name: 'Exporter la vue (.ics)' }).click())
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/)
    const events = vevents(text)
    expect(events).toHaveLength(total)
    expect(events.map((event) => event.summary)).toEqual(expect.arrayContaining(['Réunion — Groupe Calendrier d’essai', 'COPIL — Séance d’essai']))
    expect(events.every((event) => event.startDate.isDate)).toBe(true)

    // Month after, and back.
    await page.getByRole('button', { name: 'Mois suivant' }).click()
    await page.getByRole('table', { name: 'Calendrier : janvier 2027' }).waitFor()
    await page.getByRole('button', { name: 'Mois précédent' }).click()
    await grid.waitFor()
  })

  it('shows a week with each event in full, and saves one event as an .ics file', async () => {
    const { app, page } = demo
    await app.open('/programmes/calendrier?date=2026-12-16')
    await page.getByRole('table', { name: 'Calendrier : décembre 2026' }).waitFor()
    await page.getByRole('radiogroup', { name: 'Vue du calendrier' }).getByText('Semaine').click()
    const week = page.getByRole('table', { name: 'Calendrier : Semaine du 14/12/2026 au 20/12/2026' })
    await week.waitFor()
    expect(await week.locator('thead th').first().innerText()).toBe('Lundi 14/12/2026')
    const session = week.locator('td[data-date="2026-12-16"]').getByTestId('calendar-event').filter({ hasText: 'Atelier Bréguet' })
    await session.waitFor()
    expect(await session.innerText()).toContain('Planifiée')
    await settle(page)
    await screenshotSizes(page, 'calendar-week')

    await week.getByRole('button', { name: /COPIL — Séance d’essai/ }).click()
    const dialog = page.getByRole('dialog', { name: 'COPIL — Séance d’essai' })
    await dialog.getByText('Lieu : Hôtel de ville').waitFor()
    await settle(page)
    await screenshotSizes(page, 'calendar-event')
    const text = await download(page, () => dialog.getByRole('button', { name: 'Exporter (.ics)' }).click())
    const [event] = vevents(text)
    expect(vevents(text)).toHaveLength(1)
    expect(event!.summary).toBe('COPIL — Séance d’essai')
    expect(event!.location).toBe('Hôtel de ville')
    expect(event!.startDate.toString()).toBe('2026-12-18')
    expect(event!.uid).toMatch(/^copil-\d+@/)
    await dialog.getByRole('link', { name: 'Ouvrir' }).click()
    await page.getByRole('heading', { level: 2, name: /Séance d’essai/ }).waitFor()
  })
})

describe('the purge preview', () => {
  it('opens the record of each name it lists', async () => {
    const { app, page } = demo
    await app.open('/parametres?onglet=donnees-personnelles')
    await page.getByRole('button', { name: 'Aperçu de la purge' }).click()
    const preview = page.getByRole('table', { name: 'Aperçu de la purge' })
    await preview.waitFor()
    const pupil = preview.locator('tbody tr').filter({ hasText: '(élève)' }).first().getByRole('link')
    const pupilName = await pupil.innerText()
    await pupil.click()
    await page.getByRole('dialog', { name: pupilName }).waitFor()
    await settle(page)
    await screenshotSizes(page, 'purge-pupil-opened')
    await page.keyboard.press('Escape')

    await app.open('/parametres?onglet=donnees-personnelles')
    await page.getByRole('button', { name: 'Aperçu de la purge' }).click()
    await preview.waitFor()
    await settle(page)
    await screenshotSizes(page, 'purge-preview')
    const person = preview.locator('tbody tr').filter({ hasText: '(contact)' }).first().getByRole('link')
    const personName = await person.innerText()
    await person.click()
    await page.getByRole('heading', { level: 2, name: personName }).waitFor()
  })
})
