import { describe, expect, it } from 'vitest'
import { createOrganisation, createPerson } from '../../db/actors/records'
import { addInteraction, usualInteractionKind } from '../../db/actors/journal'
import { toAppError } from '../../db/errors'
import { sessionInput } from '../../db/programmes/schemas'
import { todayIso } from '../../db/rules/dates'
import { dispatch } from '../../main/api/dispatch'
import { FileRegistry } from '../../main/api/files'
import { storeWithActors, tempDir, testStore } from '../helpers/temp'

// Issue 14, point 5: values are checked where the data is written, so that the screens, the API,
// the CLI and the import refuse the same things with the same French message, naming the field.

const tomorrow = () => {
  const date = new Date()
  date.setDate(date.getDate() + 1)
  return todayIso(date)
}

/** The field and message a write is refused with, as the screens receive them. */
async function refusal(write: Promise<unknown>): Promise<{ field: string; message: string }> {
  const error = toAppError(await write.then(() => null, (reason: unknown) => reason))
  expect(error.code).toBe('invalid_input')
  const issue = (error.details as { issues: Array<{ path: string[]; message: string }> }).issues[0]!
  return { field: issue.path.at(-1)!, message: issue.message }
}

describe('values checked where they are written', () => {
  it('a French postal code has five digits, a website is a web address', async () => {
    const store = await testStore()
    const base = { name: 'Menuiserie Test', profileCode: 'entreprise' }
    await expect(refusal(createOrganisation(store.db, { ...base, postalCode: '7501' }))).resolves.toEqual({ field: 'postalCode', message: 'Code postal : 5 chiffres attendus (par exemple 94120)' })
    await expect(refusal(createOrganisation(store.db, { ...base, postalCode: '94 120' }))).resolves.toMatchObject({ field: 'postalCode' })
    await expect(refusal(createOrganisation(store.db, { ...base, website: 'www exemple' }))).resolves.toEqual({
      field: 'website',
      message: 'Site internet : adresse web attendue (par exemple https://exemple.fr)',
    })
    await expect(refusal(createOrganisation(store.db, { ...base, website: 'exemple' }))).resolves.toMatchObject({ field: 'website' })
    for (const website of ['https://www.exemple.fr', 'www.exemple.fr', 'http://mairie-nogent.fr/agenda?mois=12', 'menuiserie-écologique.fr']) {
      await expect(createOrganisation(store.db, { ...base, name: `Menuiserie ${website}`, postalCode: '94130', website })).resolves.toBeGreaterThan(0)
    }
  })

  it('a joining date cannot be in the future', async () => {
    const store = await testStore()
    await expect(refusal(createPerson(store.db, { firstName: 'Inès', lastName: 'Martin', profileCode: 'parent', status: 'vitawiner', joinedOn: tomorrow() }))).resolves.toEqual({
      field: 'joinedOn',
      message: "Date d'adhésion : la date ne peut pas être dans le futur",
    })
    await expect(createPerson(store.db, { firstName: 'Inès', lastName: 'Martin', profileCode: 'parent', status: 'vitawiner', joinedOn: todayIso() })).resolves.toBeGreaterThan(0)
  })

  it('a follow-up cannot be due before its exchange, and the journal knows its most frequent kind', async () => {
    const { store, club } = await storeWithActors({ club: { name: 'Club Gravelle Entreprendre', profileCode: 'association' } })
    const entry = { actor: `o${club}`, kind: 'appel' as const, occurredOn: '2026-03-10', animator: 'Claire', summary: 'Point', nextStep: 'Relancer' }
    await expect(refusal(addInteraction(store.db, { ...entry, nextStepDueOn: '2026-03-09' }))).resolves.toEqual({
      field: 'nextStepDueOn',
      message: "Échéance : la prochaine étape ne peut pas être due avant la date de l'échange",
    })
    await expect(usualInteractionKind(store.db)).resolves.toBeNull()
    await addInteraction(store.db, { ...entry, nextStepDueOn: '2026-03-10' })
    await addInteraction(store.db, { ...entry, kind: 'visite' })
    await addInteraction(store.db, { ...entry, kind: 'visite' })
    await expect(usualInteractionKind(store.db)).resolves.toBe('visite')
  })

  it('a programme session is not « réalisée » in the future; a satisfaction out of 1 to 5 is refused, never brought back into range', () => {
    const session = { sequenceId: 1, heldOn: todayIso(), status: 'realisee' as const }
    expect(sessionInput.safeParse(session).success).toBe(true)
    const future = sessionInput.safeParse({ ...session, heldOn: tomorrow() })
    expect(future.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['status', 'Statut : une séance datée dans le futur ne peut pas être « Réalisée »']])
    expect(sessionInput.safeParse({ ...session, heldOn: tomorrow(), status: 'planifiee' }).success).toBe(true)
    for (const satisfaction of [7, 0, 5.5]) {
      expect(sessionInput.safeParse({ ...session, satisfaction }).error?.issues[0]?.message).toBe('Satisfaction : une note de 1 à 5 est attendue')
    }
    expect(sessionInput.parse({ ...session, satisfaction: 4.5 }).satisfaction).toBe(4.5)
  })

  it('the API refuses with the same messages, each with its field', async () => {
    const { store, club } = await storeWithActors({ club: { name: 'Club Gravelle Entreprendre', profileCode: 'association' } })
    const result = await dispatch({ store, appVersion: 'test', files: new FileRegistry(tempDir()) }, 'journal.add', {
      actor: `o${club}`,
      kind: 'appel',
      occurredOn: '2026-03-10',
      animator: 'Claire',
      summary: '',
      nextStepDueOn: '2026-03-01',
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid_input')
    expect((result.error.details as { issues: Array<{ path: string[] }> }).issues.map((issue) => issue.path.join('.'))).toEqual(['summary', 'nextStepDueOn'])
    expect(result.error.message).toContain('Le résumé est obligatoire')
  })
})
