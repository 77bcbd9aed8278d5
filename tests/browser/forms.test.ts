import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { INTERACTION_KIND } from '../../db/rules/actor-values'
import { formatInteger } from '../../db/rules/format'
import { expectAccessible } from '../helpers/axe'
import { demoApp, field, fillDate, screenshotSizes, settle, type AppUnderTest } from '../helpers/browser'

// Issue 14, points 1, 5 and 6: form dialogs that never lose typing, and values checked where the
// data is written, with the message on the field and gone once the field is fixed.
//
// Each test was seen failing with its fix reverted in a scratch build (3 December 2026):
// - asking before closing: FormModal's requestClose closing at once → « Abandonner la saisie ? » never came;
//   Escape in a picker: pickerOpen() always false → the dialog asked (1 question instead of 0);
// - drafts (the record, the meeting's minutes, the COPIL decision): useDraft never writing → no offer;
// - « Noter un échange », the group's action, the programme session: useDialogSave sending every
//   refusal to the footer → the field not aria-invalid. The session test passed against that change
//   before it checked the field itself (it only looked for the text, which the footer also shows);
// - the record: ActorForm keeping server refusals in its alert → the field not aria-invalid (it had
//   failed only later, on the message staying after the fix);
// - the group's action: no focus on the first refused field → focus elsewhere; Mantine's red 6 for
//   field errors → axe color-contrast (3.3:1);
// - the COPIL decision: useDialogSave.refuse writing in the footer → the field not aria-invalid.
// Seen failing with W7's fixes reverted in one scratch build (3 December 2026, 19:34 UTC):
// - the placement: the dialog's own error state → the consent message in the footer, not describing « Le »;
// - the mentoring pair and pupil: the same → « Mentor » not aria-invalid (the message in the footer);
// - the directory: its dialogs on `mutate` (errors in a toast) → the view name's refusal never in the
//   dialog (the tag and status steps come after it and were not reached);
// - the COPIL session: useDialogSave not showing the field's tab → « Séance » not selected.
// Seen failing each on its own in two scratch builds (3 December 2026, 21:05 UTC, session 4):
// - the directory's tag step: BulkTagModal back on `mutate` (the refusal in a toast) → the tag's message never
//   in the dialog; its status step (the tag fix kept): `actors.bulkStatus` taking any date again → a joining
//   date in 2030 saved, the dialog closed;
// - the retention periods: an emptied field taken as 0 again (asNumber = Number) → the months field not
//   refused (0 months is valid: the test written after its fix emptied only the years, refused at 0 too, and
//   could not fail; it now empties both and checks the stored periods); the refusal in a toast again → no
//   message on the field;
// - a refused date field: DateField as before (Mantine opens the calendar on focus) → 1 calendar open;
// - the COPIL session's agenda and documents: useDialogSave as before (a row's path reduced to its last
//   name, no tab for a list's rows) → the « Ordre du jour » tab not brought up (the server refusal's step
//   comes after and was not reached); with the whole dialog as before → no message on the row;
// - the group meeting's documents: a half-filled row dropped again → the meeting saved without it, no message.
// - the programme session's classes: the dialog as before (the missing school in the footer) → no message on
//   the class's school; then only the class count's fieldError removed → its refusal on « Élèves présents »,
//   the class's count not marked.
// - the COPIL session's guest: CopilSessionModal without the guests' fieldError → the « Présences » tab not shown
//   (the refusal in the footer).
// - the impact narrative: IndicatorsScreen's Narrative as before (`mutate`, refusals in a toast) → no message
//   in the narrative's card.

const demo = demoApp({ seed: 21 })
let app: AppUnderTest
let page: Page
beforeAll(() => ({ app, page } = demo))

const organisation = () => demo.value<number>("select id from organisations where profile_code = 'entreprise' order by id limit 1")

async function openExchange(): Promise<Locator> {
  await app.open(`/acteurs/o${organisation()}`)
  await page.getByRole('button', { name: 'Noter un échange' }).click()
  const dialog = page.getByRole('dialog', { name: 'Noter un échange' })
  await dialog.waitFor()
  return dialog
}

/** « Ajouter une séance » on the current edition's first step. */
async function openNewSession(): Promise<{ dialog: Locator; edition: number }> {
  const edition = demo.value<number>("select id from editions where status = 'en_cours' order by id desc limit 1")
  await app.open(`/programmes/editions/${edition}`)
  await page.getByRole('button', { name: 'Ajouter une séance' }).first().click()
  const dialog = page.getByRole('dialog').filter({ hasText: 'Nouvelle séance' })
  await dialog.waitFor()
  return { dialog, edition }
}

/** « Modifier » on the latest COPIL session that is not cancelled. */
async function editLatestSession(): Promise<{ session: number; dialog: Locator }> {
  const session = demo.value<number>("select id from copil_sessions where status != 'annulee' order by held_on desc limit 1")
  const reference = demo.value<string>(`select reference from copil_sessions where id = ${session}`)
  await app.open(`/copil/seances/${session}`)
  // The session's own page, not the one before it (whose « Modifier » would open another dialog).
  await page.getByRole('heading', { name: new RegExp(`Séance ${reference}`) }).waitFor()
  await page.getByRole('button', { name: 'Modifier', exact: true }).first().click()
  return { session, dialog: page.getByRole('dialog', { name: /^Modifier la séance/ }) }
}

const abandon = () => page.getByRole('dialog', { name: 'Abandonner la saisie ?' })

/**
 * The refusal is on its field: the message once in the dialog (not repeated in the footer), the
 * field marked invalid and described by it, and the focus on it.
 */
async function expectOnField(scope: Locator, label: string, message: string, { focused = true } = {}): Promise<void> {
  const shown = scope.getByText(message)
  await shown.first().waitFor()
  expect(await shown.count(), `« ${message} » shown once, on its field`).toBe(1)
  const input = field(scope, label)
  await expect(input.getAttribute('aria-invalid')).resolves.toBe('true')
  const messageId = await shown.evaluate((element) => element.closest('[id]')?.id ?? '')
  expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain(messageId)
  if (focused) await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true)
}

/** The date pickers' calendars on screen. */
const calendars = () => page.locator('.mantine-Popover-dropdown').filter({ has: page.locator('table') })

/** Nothing lies over `target` (a calendar left open, a list): the point at its middle is its own. */
async function expectUncovered(target: Locator, what: string): Promise<void> {
  const hit = await target.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    return element.contains(top) ? null : (top?.className.toString() ?? 'nothing')
  })
  expect(hit, `${what} covered`).toBeNull()
}

/** Opens the form again (`open`): no draft is offered any more; then closes it. */
async function expectNoDraft(scope: Locator, open: string, firstField: string): Promise<void> {
  await page.getByRole('button', { name: open }).click()
  await field(scope, firstField).waitFor()
  await page.waitForTimeout(300)
  expect(await scope.getByText('Brouillon non enregistré').count()).toBe(0)
  await scope.getByRole('button', { name: 'Annuler' }).click()
  await scope.waitFor({ state: 'detached' })
}

/** Closes the page's typing as a crash would (the window reloaded), once the draft had time to be written. */
async function reloadAfterTyping(): Promise<void> {
  await page.waitForTimeout(700)
  await page.reload()
}

describe('form dialogs', () => {
  it('ask before dropping what was typed (Escape, a click outside, « Annuler »); Escape in a picker closes the picker only', async () => {
    const dialog = await openExchange()
    // Nothing typed: Escape closes at once.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'Noter un échange' }).click()
    await field(dialog, 'Résumé').fill('Échange au téléphone sur le forum des métiers.')
    await field(dialog, 'Résumé').press('Escape')
    await abandon().waitFor()
    await settle(page)
    await screenshotSizes(page, 'form-abandon')
    await abandon().getByRole('button', { name: 'Continuer la saisie' }).click()
    await abandon().waitFor({ state: 'detached' })
    await expect(field(dialog, 'Résumé').inputValue()).resolves.toBe('Échange au téléphone sur le forum des métiers.')

    // The date picker: Escape closes it, the dialog stays, nothing asked.
    await field(dialog, 'Date').click()
    const calendar = page.locator('.mantine-Popover-dropdown').filter({ has: page.locator('table') })
    await calendar.waitFor()
    await page.keyboard.press('Escape')
    await calendar.waitFor({ state: 'hidden' })
    await page.waitForTimeout(300)
    expect(await abandon().count()).toBe(0)
    expect(await dialog.isVisible()).toBe(true)
    // A select's list too.
    await field(dialog, 'Type').click()
    await page.getByRole('listbox').waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('listbox').waitFor({ state: 'hidden' })
    await page.waitForTimeout(300)
    expect(await abandon().count()).toBe(0)

    // A click outside asks too.
    await page.mouse.click(10, 400)
    await abandon().waitFor()
    await abandon().getByRole('button', { name: 'Continuer la saisie' }).click()
    // « Annuler » asks, and abandoning closes.
    await dialog.getByRole('button', { name: 'Annuler' }).click()
    await abandon().getByRole('button', { name: 'Abandonner la saisie' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<number>("select count(*) from interactions where summary like 'Échange au téléphone%'")).toBe(0)
  })

  it('keep a draft of a long form, offered back after the window was closed', async () => {
    await app.open('/acteurs')
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click()
    const form = page.getByRole('form', { name: "Fiche de l'organisation" })
    await field(form, 'Nom').fill('Menuiserie du Brouillon')
    await field(form, 'Notes').fill('Rencontrée au salon, à rappeler en janvier.')
    await page.waitForTimeout(700)
    await page.reload()
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click()
    const offer = form.getByRole('status').filter({ hasText: 'Brouillon non enregistré' })
    await offer.waitFor()
    await settle(page)
    await screenshotSizes(page, 'form-draft-offer')
    await offer.getByRole('button', { name: 'Reprendre le brouillon' }).click()
    await expect(field(form, 'Nom').inputValue()).resolves.toBe('Menuiserie du Brouillon')
    await expect(field(form, 'Notes').inputValue()).resolves.toBe('Rencontrée au salon, à rappeler en janvier.')
    // Abandoned on purpose: the draft goes with it.
    await form.getByRole('button', { name: 'Annuler' }).click()
    await abandon().getByRole('button', { name: 'Abandonner la saisie' }).click()
    await form.waitFor({ state: 'detached' })
    await expectNoDraft(form, 'Nouvelle organisation', 'Nom')
  })

  it("keep a draft of a group meeting's minutes, offered back after the window was closed, forgotten once saved", async () => {
    const group = demo.value<number>("select id from working_groups where status = 'actif' order by id limit 1")
    await app.open(`/groupes/${group}`)
    await page.getByRole('button', { name: 'Nouvelle réunion' }).click()
    const dialog = page.getByRole('dialog', { name: 'Nouvelle réunion' })
    const minutes = '## Relevé\n\n- Forum des métiers : trois entreprises volontaires\n- Prochaine réunion en janvier'
    await field(dialog, 'Lieu').fill('Tiers-lieu du Brouillon')
    await dialog.getByRole('textbox', { name: 'Compte rendu' }).fill(minutes)
    await reloadAfterTyping()
    await page.getByRole('button', { name: 'Nouvelle réunion' }).click()
    const offer = dialog.getByRole('status').filter({ hasText: 'Brouillon non enregistré' })
    await offer.waitFor()
    await settle(page)
    await screenshotSizes(page, 'form-draft-meeting')
    await expectAccessible(page, 'brouillon de réunion', { include: '[role="dialog"]' })
    await offer.getByRole('button', { name: 'Reprendre le brouillon' }).click()
    await expect(dialog.getByRole('textbox', { name: 'Compte rendu' }).inputValue()).resolves.toBe(minutes)
    await expect(field(dialog, 'Lieu').inputValue()).resolves.toBe('Tiers-lieu du Brouillon')
    await dialog.getByRole('button', { name: 'Enregistrer la réunion' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<string>("select minutes from group_meetings where place = 'Tiers-lieu du Brouillon'")).toBe(minutes)
    // Saved: nothing more to offer.
    await expectNoDraft(dialog, 'Nouvelle réunion', 'Lieu')
  })

  it('keep a draft of a COPIL decision, its owner included, offered back after the window was closed', async () => {
    const session = demo.value<number>("select id from copil_sessions where status != 'annulee' order by held_on desc limit 1")
    const reference = demo.value<string>(`select reference from copil_sessions where id = ${session}`)
    await app.open(`/copil/seances/${session}`)
    await page.getByRole('tab', { name: /^Décisions/ }).click()
    await page.getByRole('button', { name: 'Nouvelle décision' }).click()
    const dialog = page.getByRole('dialog', { name: `Nouvelle décision — séance ${reference}` })
    const text = 'Le COPIL confie au club d’entreprises l’organisation du forum des métiers de mars.'
    await field(dialog, 'Décision').fill(text)
    await dialog.getByText('Nom libre', { exact: true }).click()
    await dialog.getByRole('textbox', { name: 'Responsable' }).fill('Le bureau du COPIL')
    await reloadAfterTyping()
    await page.getByRole('tab', { name: /^Décisions/ }).click()
    await page.getByRole('button', { name: 'Nouvelle décision' }).click()
    const offer = dialog.getByRole('status').filter({ hasText: 'Brouillon non enregistré' })
    await offer.waitFor()
    await settle(page)
    await screenshotSizes(page, 'form-draft-decision')
    await offer.getByRole('button', { name: 'Reprendre le brouillon' }).click()
    await expect(field(dialog, 'Décision').inputValue()).resolves.toBe(text)
    await expect(dialog.getByRole('textbox', { name: 'Responsable' }).inputValue()).resolves.toBe('Le bureau du COPIL')
    // Abandoned on purpose: the draft goes with it.
    await dialog.getByRole('button', { name: 'Annuler' }).click()
    await abandon().getByRole('button', { name: 'Abandonner la saisie' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expectNoDraft(dialog, 'Nouvelle décision', 'Décision')
  })
})

describe('values checked where they are written, the message on the field', () => {
  it('« Noter un échange »: the most frequent kind first, an empty summary and a step due before the exchange marked on their field, cleared when fixed', async () => {
    const usual = demo.value<string>('select kind from interactions group by kind order by count(*) desc, kind limit 1')
    const dialog = await openExchange()
    await expect(field(dialog, 'Type').inputValue()).resolves.toBe(INTERACTION_KIND.label(usual as never))

    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    const summary = field(dialog, 'Résumé')
    await dialog.getByText('Le résumé est obligatoire').waitFor()
    await expect(summary.getAttribute('aria-invalid')).resolves.toBe('true')
    expect(await dialog.getByText(/Données invalides/).count()).toBe(0)
    await settle(page)
    await screenshotSizes(page, 'form-field-error')
    await summary.fill('Appel : d’accord pour accueillir deux stagiaires.')
    await expect(dialog.getByText('Le résumé est obligatoire').count()).resolves.toBe(0)
    await expect(summary.getAttribute('aria-invalid')).resolves.not.toBe('true')

    await fillDate(dialog, 'Date', '10/11/2026')
    await field(dialog, 'Prochaine étape convenue').fill('Envoyer la convention')
    await fillDate(dialog, 'Échéance', '01/11/2026')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    const late = dialog.getByText("Échéance : la prochaine étape ne peut pas être due avant la date de l'échange")
    await late.waitFor()
    await fillDate(dialog, 'Échéance', '20/11/2026')
    await late.waitFor({ state: 'detached' })
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<string>("select next_step_due_on from interactions where next_step = 'Envoyer la convention'")).toBe('2026-11-20')
  })

  it('the record: a joining date in the future, a postal code of 4 digits and a website that is no address are refused on their field', async () => {
    const id = organisation()
    await app.open(`/acteurs/o${id}`)
    await page.getByRole('button', { name: 'Modifier', exact: true }).first().click()
    const form = page.getByRole('form', { name: "Fiche de l'organisation" })
    await form.getByRole('radio', { name: 'Vitawiner' }).check({ force: true })
    await fillDate(form, "Date d'adhésion", '01/01/2030')
    await field(form, 'Code postal').fill('7501')
    await field(form, 'Site internet').fill('www exemple')
    await form.getByRole('button', { name: 'Enregistrer' }).click()
    await expectOnField(form, 'Code postal', 'Code postal : 5 chiffres attendus (par exemple 94120)')
    await expectOnField(form, 'Site internet', 'Site internet : adresse web attendue (par exemple https://exemple.fr)', { focused: false })
    await expectOnField(form, "Date d'adhésion", "Date d'adhésion : la date ne peut pas être dans le futur", { focused: false })
    expect(await form.getByText('Enregistrement impossible').count()).toBe(0)
    await settle(page)
    await screenshotSizes(page, 'form-record-errors')
    await field(form, 'Code postal').fill('75011')
    await expect(form.getByText('Code postal : 5 chiffres attendus (par exemple 94120)').count()).resolves.toBe(0)
    await fillDate(form, "Date d'adhésion", '01/09/2024')
    await field(form, 'Site internet').fill('www.exemple.fr')
    await form.getByRole('button', { name: 'Enregistrer' }).click()
    await form.waitFor({ state: 'detached' })
    expect(demo.value<string>(`select postal_code || ' ' || joined_on || ' ' || website from organisations where id = ${id}`)).toBe('75011 2024-09-01 www.exemple.fr')
  })

  it('a programme session: « Réalisée » in the future and a satisfaction of 7 out of 5 are refused, never changed', async () => {
    const { dialog, edition } = await openNewSession()
    const end = demo.value<string>(`select substr(school_year, 6, 4) from editions where id = ${edition}`)
    await fillDate(dialog, 'Date', `15/06/${end}`)
    await dialog.locator('label').filter({ hasText: /^Réalisée$/ }).click()
    await field(dialog, 'Satisfaction (sur 5)').fill('7')
    await field(dialog, 'Satisfaction (sur 5)').press('Tab')
    await expect(field(dialog, 'Satisfaction (sur 5)').inputValue()).resolves.toBe('7')
    const before = demo.value<number>('select count(*) from sequence_sessions')
    await dialog.getByRole('button', { name: 'Enregistrer la séance' }).click()
    await expectOnField(dialog, 'Satisfaction (sur 5)', 'Satisfaction : une note de 1 à 5 est attendue')
    expect(await dialog.getByText(/Données invalides/).count()).toBe(0)
    await field(dialog, 'Satisfaction (sur 5)').fill('4')
    await dialog.getByRole('button', { name: 'Enregistrer la séance' }).click()
    await dialog.getByText('Statut : une séance datée dans le futur ne peut pas être « Réalisée »').waitFor()
    expect(await dialog.getByText(/Statut : une séance datée dans le futur/).count()).toBe(1)
    await settle(page)
    await screenshotSizes(page, 'form-session-errors')
    expect(demo.value<number>('select count(*) from sequence_sessions')).toBe(before)
    await dialog.locator('label').filter({ hasText: /^Planifiée$/ }).click()
    await dialog.getByRole('button', { name: 'Enregistrer la séance' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<number>('select satisfaction from sequence_sessions order by id desc limit 1')).toBe(4)
  })

  it("a group's action: the data layer's refusal of an empty title is on its field, with the focus, gone once typed", async () => {
    const group = demo.value<number>("select id from working_groups where status = 'actif' order by id limit 1")
    await app.open(`/groupes/${group}`)
    await page.getByRole('tab', { name: /^Pistes/ }).click()
    await page.getByRole('button', { name: 'Proposer une piste' }).click()
    const dialog = page.getByRole('dialog', { name: "Nouvelle piste d'action" })
    await field(dialog, 'Description').fill('Une demi-journée de découverte des métiers du bâtiment.')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    const message = "L'intitulé de la piste est obligatoire"
    await expectOnField(dialog, 'Intitulé', message)
    await settle(page)
    await screenshotSizes(page, 'form-action-field-error')
    await expectAccessible(page, "piste d'action refusée", { include: '[role="dialog"]' })
    await field(dialog, 'Intitulé').fill('Découverte des métiers du bâtiment')
    await expect(dialog.getByText(message).count()).resolves.toBe(0)
    await expect(field(dialog, 'Intitulé').getAttribute('aria-invalid')).resolves.not.toBe('true')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<number>("select count(*) from proposed_actions where title = 'Découverte des métiers du bâtiment'")).toBe(1)
  })

  it("a placement: the parents' missing consent is refused on its fields, then saved", async () => {
    const host = demo.value<string>("select name from organisations where profile_code = 'entreprise' order by id limit 1")
    await app.open('/programmes/stages')
    await page.getByRole('button', { name: 'Placer un élève' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Placer un élève' })
    await field(dialog, "Prénom de l'élève").fill('Lina')
    await field(dialog, "Nom de l'élève").fill('Carvalho')
    await field(dialog, 'Donné par').fill('Mme Carvalho (mère)')
    await field(dialog, "Structure d'accueil").fill(host)
    await page.getByRole('option', { name: new RegExp(`^${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`) }).first().click()
    await fillDate(dialog, 'Début', '10/11/2025')
    await dialog.getByRole('button', { name: 'Enregistrer le stage' }).click()
    // The consent's refusal on its first part left empty, the other one marked too.
    const consent = 'Un élève mineur ne peut être nommé sans le consentement de ses parents (qui, quand, pour quel usage).'
    await expectOnField(dialog, 'Le', consent)
    await expect(field(dialog, 'Objet du consentement').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(field(dialog, 'Donné par').getAttribute('aria-invalid')).resolves.not.toBe('true')
    await settle(page)
    await screenshotSizes(page, 'form-consent-refused')
    await expectAccessible(page, 'stage refusé sans consentement', { include: '[role="dialog"]' })
    await fillDate(dialog, 'Le', '05/11/2025')
    await expect(dialog.getByText(consent).count()).resolves.toBe(0)
    await field(dialog, 'Objet du consentement').fill("Stage d'observation : nom transmis à l'entreprise")
    await dialog.getByRole('button', { name: 'Enregistrer le stage' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<string>("select p.consent_given_by from placements s join pupils p on p.id = s.pupil_id where p.first_name = 'Lina' and p.last_name = 'Carvalho'")).toBe('Mme Carvalho (mère)')
  })

  it("a mentoring pair and a pupil's record: their refusals on their fields, the consent's included", async () => {
    await app.open('/programmes/mentorat')
    await page.getByRole('button', { name: 'Nouveau binôme' }).click()
    const pair = page.getByRole('dialog', { name: 'Nouveau binôme de mentorat' })
    await field(pair, "Prénom de l'élève").fill('Noé')
    await pair.getByRole('button', { name: 'Enregistrer le binôme' }).click()
    await expectOnField(pair, "Mentor (personne de l'annuaire)", "Choisissez le mentor dans l'annuaire.")
    await pair.getByRole('button', { name: 'Annuler' }).click()
    await abandon().getByRole('button', { name: 'Abandonner la saisie' }).click()
    await pair.waitFor({ state: 'detached' })

    const name = demo.value<string>("select first_name || ' ' || last_name from pupils where is_minor = 1 and consent_scope is not null and anonymised_at is null order by id limit 1")
    await app.open('/programmes/eleves')
    await page.getByRole('button', { name: `Modifier la fiche de ${name}` }).click()
    const record = page.getByRole('dialog', { name })
    await field(record, 'Objet du consentement').fill('')
    await record.getByRole('button', { name: 'Enregistrer' }).click()
    await expectOnField(record, 'Objet du consentement', 'Un élève mineur ne peut être nommé sans le consentement de ses parents (qui, quand, pour quel usage).')
    await field(record, 'Objet du consentement').fill('Mentorat : nom transmis au mentor')
    await record.getByRole('button', { name: 'Enregistrer' }).click()
    await record.waitFor({ state: 'detached' })
  })

  it('the directory: a view name too long, a tag too long and a joining date in the future are refused on their field, the dialog open', async () => {
    await app.open('/acteurs')
    const grid = page.getByTestId('directory-grid')
    await grid.locator('.ag-row').first().waitFor()
    await page.getByTestId('directory-count').getByText(/acteurs affichés/).waitFor()

    await page.getByRole('button', { name: 'Vue', exact: true }).click()
    await page.getByRole('menuitem', { name: 'Enregistrer la vue…' }).click()
    const view = page.getByRole('dialog', { name: 'Enregistrer la vue' })
    await field(view, 'Nom de la vue').fill('Entreprises '.repeat(7))
    await view.getByRole('button', { name: 'Enregistrer' }).click()
    await expectOnField(view, 'Nom de la vue', 'Le nom d’une vue a 80 caractères au plus')
    await field(view, 'Nom de la vue').fill('Entreprises suivies')
    await view.getByRole('button', { name: 'Enregistrer' }).click()
    await view.waitFor({ state: 'detached' })
    expect(demo.value<number>("select count(*) from saved_views where name = 'Entreprises suivies'")).toBe(1)

    const checkboxes = grid.locator('.ag-row input.ag-checkbox-input')
    await checkboxes.nth(0).check()
    await checkboxes.nth(1).check()
    await page.getByText('2 sélectionnés').waitFor()
    await page.getByRole('button', { name: 'Étiqueter…' }).click()
    const tags = page.getByRole('dialog', { name: /Étiqueter 2 acteur/ })
    await field(tags, 'Ajouter les étiquettes').fill('Forum '.repeat(11))
    await field(tags, 'Ajouter les étiquettes').press('Enter')
    await field(tags, 'Ajouter les étiquettes').press('Escape')
    await tags.getByRole('button', { name: 'Appliquer' }).click()
    await expectOnField(tags, 'Ajouter les étiquettes', 'Une étiquette a 60 caractères au plus')
    await expectAccessible(page, 'étiquetage refusé', { include: '[role="dialog"]' })
    await field(tags, 'Ajouter les étiquettes').press('Escape')
    await tags.getByRole('button', { name: 'Annuler' }).click()
    await abandon().getByRole('button', { name: 'Abandonner la saisie' }).click()
    await tags.waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'Changer le statut…' }).click()
    const status = page.getByRole('dialog', { name: /Changer le statut de 2 acteur/ })
    await fillDate(status, "Date d'adhésion (pour ceux qui n'en ont pas)", '01/01/2030')
    await status.getByRole('button', { name: 'Appliquer' }).click()
    await expectOnField(status, "Date d'adhésion (pour ceux qui n'en ont pas)", "Date d'adhésion : la date ne peut pas être dans le futur")
    expect(demo.value<number>("select count(*) from organisations where joined_on >= '2030-01-01'") + demo.value<number>("select count(*) from people where joined_on >= '2030-01-01'")).toBe(0)
    await fillDate(status, "Date d'adhésion (pour ceux qui n'en ont pas)", '01/09/2025')
    await status.getByRole('button', { name: 'Appliquer' }).click()
    await status.waitFor({ state: 'detached' })
  })

  it('the retention periods: an emptied field is refused on it, not in a toast, and nothing is taken as 0', async () => {
    const stored = () => demo.value<string | undefined>("select value from settings where key = 'privacy.retention'") ?? 'défaut'
    const before = stored()
    await app.open('/parametres?onglet=donnees-personnelles')
    const card = page.locator('.mantine-Card-root').filter({ hasText: 'Durées de conservation et purge' })
    // 0 months is a valid period: an emptied field taken as 0 would be saved without a word.
    const months = field(card, "Élèves nommés : mois après la fin de l'année scolaire")
    const years = field(card, 'Contacts : années sans activité')
    await expect.poll(() => months.inputValue()).not.toBe('')
    await months.fill('')
    await years.fill('')
    await card.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await expectOnField(card, "Élèves nommés : mois après la fin de l'année scolaire", 'Élèves nommés : un nombre entier de mois, de 0 à 60, est attendu')
    await expectOnField(card, 'Contacts : années sans activité', 'Contacts : un nombre entier d’années, de 1 à 20, est attendu', { focused: false })
    expect(await page.locator('.mantine-Notification-root').filter({ hasText: /un nombre entier/ }).count(), 'no toast about it').toBe(0)
    expect(stored()).toBe(before)
    await months.fill('6')
    await years.fill('4')
    await card.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await expect.poll(() => card.getByText('Contacts : un nombre entier d’années, de 1 à 20, est attendu').count()).toBe(0)
    await expect.poll(stored).toBe(JSON.stringify({ pupilGraceMonths: 6, contactInactiveYears: 4 }))
  })

  it("a COPIL session: a refusal on a field of a tab not showing brings that tab up, the field marked and focused", async () => {
    const { session, dialog } = await editLatestSession()
    await field(dialog, 'Lieu').fill('Salle '.repeat(51))
    await dialog.getByRole('tab', { name: 'Compte rendu' }).click()
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => dialog.getByRole('tab', { name: 'Séance' }).getAttribute('aria-selected')).toBe('true')
    const place = field(dialog, 'Lieu')
    await expect(place.getAttribute('aria-invalid')).resolves.toBe('true')
    await expect.poll(() => place.evaluate((element) => element === document.activeElement)).toBe(true)
    await expectAccessible(page, 'séance du COPIL refusée', { include: '[role="dialog"]' })
    await place.fill('Hôtel de territoire')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<string>(`select place from copil_sessions where id = ${session}`)).toBe('Hôtel de territoire')
  })

  it('a COPIL decision: its text and its kind, when missing, are asked for on their field', async () => {
    const session = demo.value<number>("select id from copil_sessions where status != 'annulee' order by held_on desc limit 1")
    await app.open(`/copil/seances/${session}`)
    await page.getByRole('tab', { name: /^Décisions/ }).click()
    await page.getByRole('button', { name: 'Nouvelle décision' }).click()
    const dialog = page.getByRole('dialog').filter({ hasText: 'Nouvelle décision' })
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await expectOnField(dialog, 'Décision', 'Le texte de la décision est obligatoire.')
    await settle(page)
    await screenshotSizes(page, 'form-decision-field-error')
    await field(dialog, 'Décision').fill('Le COPIL adopte le calendrier des forums.')
    await expect(dialog.getByText('Le texte de la décision est obligatoire.').count()).resolves.toBe(0)
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await expectOnField(dialog, 'Nature', 'Choisissez la nature de la décision.')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    await abandon().getByRole('button', { name: 'Abandonner la saisie' }).click()
    await dialog.waitFor({ state: 'detached' })
  })
})

describe('pickers and rows: the refusal on its field, in sight', () => {
  it('a refused date field takes the focus without its calendar covering its label or its error; a click still opens it', async () => {
    const dialog = await openExchange()
    await field(dialog, 'Résumé').fill('Appel : la convention est prête.')
    await fillDate(dialog, 'Date', '10/11/2026')
    await field(dialog, 'Prochaine étape convenue').fill('Signer la convention')
    await fillDate(dialog, 'Échéance', '01/11/2026')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    const message = "Échéance : la prochaine étape ne peut pas être due avant la date de l'échange"
    await expectOnField(dialog, 'Échéance', message)
    await page.waitForTimeout(300)
    expect(await calendars().count(), 'no calendar opened by the focus').toBe(0)
    await expectUncovered(dialog.getByText(message), 'the error')
    await expectUncovered(dialog.locator('label').filter({ hasText: /^Échéance/ }), 'the label')
    await settle(page)
    await screenshotSizes(page, 'form-date-refused')
    await expectAccessible(page, 'échéance refusée', { include: '[role="dialog"]' })
    // The calendar is there when asked for: a click, or ↓ from the keyboard.
    await field(dialog, 'Échéance').click()
    await calendars().waitFor()
    await page.keyboard.press('Escape')
    await calendars().waitFor({ state: 'hidden' })
    await fillDate(dialog, 'Échéance', '20/11/2026')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<string>("select next_step_due_on from interactions where next_step = 'Signer la convention'")).toBe('2026-11-20')
  })

  it("a COPIL session's agenda points and documents: each refusal on its row's field, its tab shown, the row kept", async () => {
    const { session, dialog } = await editLatestSession()
    const agendaTab = dialog.getByRole('tab', { name: /^Ordre du jour/ })
    await agendaTab.click()
    const points = demo.value<number>(`select count(*) from copil_agenda_items where session_id = ${session}`)
    const last = points + 1
    await dialog.getByRole('button', { name: 'Ajouter un point' }).click()
    await field(dialog, `Point ${last} : notes`).fill('Intervention de la région, 20 minutes')
    await dialog.getByRole('tab', { name: 'Séance' }).click()
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    // The dialog's own check: notes without a title.
    await expect.poll(() => agendaTab.getAttribute('aria-selected')).toBe('true')
    await expectOnField(dialog, `Point ${last} : intitulé`, 'Ce point a des notes : donnez-lui un intitulé.')
    expect(await dialog.getByText(/Un point de l'ordre du jour/).count()).toBe(0)
    // The data layer's refusal: a title too long.
    await field(dialog, `Point ${last} : intitulé`).fill('Point régional '.repeat(22))
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await expectOnField(dialog, `Point ${last} : intitulé`, "L'intitulé d'un point a 300 caractères au plus")
    expect(await dialog.getByText(/Données invalides/).count()).toBe(0)
    await settle(page)
    await screenshotSizes(page, 'form-copil-agenda-refused')
    await expectAccessible(page, "point d'ordre du jour refusé", { include: '[role="dialog"]' })
    await field(dialog, `Point ${last} : intitulé`).fill('Point de la région')

    const documentsTab = dialog.getByRole('tab', { name: /^Documents/ })
    await documentsTab.click()
    const files = demo.value<number>(`select count(*) from copil_documents where session_id = ${session}`)
    const added = files + 1
    await dialog.getByRole('button', { name: 'Ajouter un document' }).click()
    await field(dialog, `Document ${added} : intitulé`).fill('Note budgétaire')
    await agendaTab.click()
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => documentsTab.getAttribute('aria-selected')).toBe('true')
    await expectOnField(dialog, `Document ${added} : emplacement`, 'Indiquez où se trouve ce document (chemin du fichier).')
    await field(dialog, `Document ${added} : emplacement`).fill('S:\\Vitawin\\COPIL\\note-budgetaire.pdf')
    await field(dialog, `Document ${added} : intitulé`).fill('Note budgétaire '.repeat(13))
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await expectOnField(dialog, `Document ${added} : intitulé`, "L'intitulé d'un document a 200 caractères au plus")
    await settle(page)
    await screenshotSizes(page, 'form-copil-document-refused')
    await field(dialog, `Document ${added} : intitulé`).fill('Note budgétaire')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<number>(`select count(*) from copil_agenda_items where session_id = ${session} and title = 'Point de la région' and notes like 'Intervention%'`)).toBe(1)
    expect(demo.value<string>(`select path from copil_documents where session_id = ${session} and label = 'Note budgétaire'`)).toBe('S:\\Vitawin\\COPIL\\note-budgetaire.pdf')
  })

  it("a COPIL session's guest with a name too long: the refusal on that guest, the « Présences » tab shown", async () => {
    const { session, dialog } = await editLatestSession()
    const attendanceTab = dialog.getByRole('tab', { name: /^Présences/ })
    await attendanceTab.click()
    const guests = demo.value<number>(`select count(*) from copil_attendance where session_id = ${session} and is_guest = 1`)
    const guest = `Invité ${guests + 1}`
    await dialog.getByRole('button', { name: 'Ajouter un invité' }).click()
    await dialog.getByText('Nom libre', { exact: true }).last().click()
    await dialog.getByRole('textbox', { name: guest }).fill('Mme Martin, DRH '.repeat(13))
    await dialog.getByRole('tab', { name: 'Séance' }).click()
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => attendanceTab.getAttribute('aria-selected')).toBe('true')
    await expectOnField(dialog, guest, "Le nom d'un invité a 200 caractères au plus")
    await dialog.getByRole('textbox', { name: guest }).fill('Mme Martin, DRH')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<number>(`select count(*) from copil_attendance where session_id = ${session} and guest_name = 'Mme Martin, DRH'`)).toBe(1)
  })

  it("a group meeting's document with no location is refused on its field, never dropped", async () => {
    const group = demo.value<number>("select id from working_groups where status = 'actif' order by id limit 1")
    await app.open(`/groupes/${group}`)
    await page.getByRole('button', { name: 'Nouvelle réunion' }).click()
    const dialog = page.getByRole('dialog', { name: 'Nouvelle réunion' })
    await field(dialog, 'Lieu').fill('Tiers-lieu des Documents')
    await dialog.getByRole('button', { name: 'Ajouter une pièce jointe' }).click()
    await field(dialog, 'Document 1 : intitulé').fill('Diaporama du forum')
    await dialog.getByRole('button', { name: 'Enregistrer la réunion' }).click()
    await expectOnField(dialog, 'Document 1 : emplacement', 'Indiquez où se trouve ce document (chemin du fichier).')
    expect(demo.value<number>("select count(*) from group_meetings where place = 'Tiers-lieu des Documents'")).toBe(0)
    await field(dialog, 'Document 1 : emplacement').fill('S:\\Vitawin\\Forum\\diaporama.pdf')
    await dialog.getByRole('button', { name: 'Enregistrer la réunion' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(
      demo.value<string>("select a.path from meeting_attachments a join group_meetings m on m.id = a.meeting_id where m.place = 'Tiers-lieu des Documents' and a.label = 'Diaporama du forum'"),
    ).toBe('S:\\Vitawin\\Forum\\diaporama.pdf')
  })

  it("a programme session's classes: a class without its school and a class count out of range are refused on the class's own field", async () => {
    const { dialog, edition } = await openNewSession()
    const start = demo.value<string>(`select substr(school_year, 1, 4) from editions where id = ${edition}`)
    await fillDate(dialog, 'Date', `15/10/${start}`)
    await dialog.getByRole('button', { name: 'Ajouter une classe' }).click()
    await field(dialog, 'Élèves de la classe 1').fill('28')
    const before = demo.value<number>('select count(*) from sequence_sessions')
    await dialog.getByRole('button', { name: 'Enregistrer la séance' }).click()
    await expectOnField(dialog, 'Établissement de la classe 1', "Choisissez l'établissement de cette classe (ou retirez la ligne).")
    const school = demo.value<string>('select o.name from session_classes c join organisations o on o.id = c.school_id order by c.id limit 1')
    await field(dialog, 'Établissement de la classe 1').fill(school)
    await page.getByRole('option').filter({ hasText: school }).first().click()
    await field(dialog, 'Élèves de la classe 1').fill('100001')
    await dialog.getByRole('button', { name: 'Enregistrer la séance' }).click()
    // On the class's count, not on the session's « Élèves présents ».
    await expectOnField(dialog, 'Élèves de la classe 1', `Élèves de la classe : ${formatInteger(100_000)} au plus`)
    await expect(field(dialog, 'Élèves présents').getAttribute('aria-invalid')).resolves.not.toBe('true')
    await settle(page)
    await screenshotSizes(page, 'form-session-class-refused')
    await expectAccessible(page, 'classe de la séance refusée', { include: '[role="dialog"]' })
    expect(demo.value<number>('select count(*) from sequence_sessions')).toBe(before)
    await field(dialog, 'Élèves de la classe 1').fill('28')
    await dialog.getByRole('button', { name: 'Enregistrer la séance' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(demo.value<number>('select count(*) from sequence_sessions')).toBe(before + 1)
  })

  it("an impact narrative too long is refused on its field, not in a toast, and the text stays", async () => {
    const dimension = demo.value<string>('select label from impact_dimensions order by sort_order limit 1')
    await app.open('/indicateurs')
    const narrative = field(page, `Récit — ${dimension}`)
    const text = 'Le réseau a ouvert ses portes aux collégiens. '.repeat(1100)
    await narrative.fill(text)
    await page.getByRole('button', { name: 'Enregistrer le récit' }).first().click()
    const card = page.locator('.mantine-Card-root').filter({ has: narrative })
    await expectOnField(card, `Récit — ${dimension}`, `Un récit a ${formatInteger(50_000)} caractères au plus`)
    expect(await page.locator('.mantine-Notification-root').filter({ hasText: /récit/ }).count(), 'no toast about it').toBe(0)
    await expect(narrative.inputValue()).resolves.toBe(text)
    await settle(page)
    await screenshotSizes(page, 'form-narrative-refused')
    await expectAccessible(page, 'récit refusé', { include: '.mantine-Card-root' })
    await narrative.fill('Le réseau a ouvert ses portes aux collégiens.')
    await page.getByRole('button', { name: 'Enregistrer le récit' }).first().click()
    await expect.poll(() => card.getByText(/Un récit a/).count()).toBe(0)
  })
})
