import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { FileNames, Handler } from './define'
import { operationLabel } from './define'
import { handlers } from './index'

// Every call that writes carries its French label in the audit trail (and its backup policy)
// where it is declared; the host reads them from there.

const entries = Object.entries(handlers) as [string, Handler<z.ZodType, unknown>][]
const noFiles: FileNames = { nameOf: () => null }

describe('the handlers that write', () => {
  it('each declare a French label, and only they do', () => {
    const writing = entries.filter(([, handler]) => handler.writes)
    expect(writing.length).toBeGreaterThan(70)
    for (const [name, handler] of entries) {
      if (!handler.writes) {
        expect(handler.audit, name).toBeUndefined()
        continue
      }
      expect(handler.audit?.label, name).toBeDefined()
      const label = operationLabel(handler, name, undefined, noFiles)
      // A label from arguments falls back to the call's name only when the arguments are invalid.
      if (typeof handler.audit!.label === 'string') {
        // French words, a capital first; no code name (« actors.delete », « createdAt »).
        expect(label, name).toMatch(/^[A-ZÀ-ÝÉ][a-zà-ÿ’' ]/)
        expect(label, name).not.toMatch(/[a-z][A-Z]|\w\.\w/)
      }
    }
  })

  it('name what they create or change from their arguments', () => {
    const label = (name: keyof typeof handlers, args: unknown, files = noFiles) => operationLabel(handlers[name] as Handler<z.ZodType, unknown>, name, args, files)
    const session = { sequenceId: 1, heldOn: '2026-01-13' }
    expect(label('programmes.saveSession', { id: null, values: session })).toBe('Création d’une séance de programme')
    expect(label('programmes.saveSession', { id: 4, values: session })).toBe('Modification d’une séance de programme')
    expect(label('copil.addFollowup', {})).toBe('Ajout d’un suivi de décision')
    expect(label('duplicates.merge', { kind: 'person', keepId: 3, removeId: 9, takeFromRemoved: [] })).toBe('Fusion de doublons (personnes) : fiche n° 9 fusionnée dans la fiche n° 3')
    const files = { nameOf: (id: unknown) => (id === 'f'.repeat(32) ? 'adherents.csv' : null) }
    const importArgs = { fileId: 'f'.repeat(32), target: 'organisations', mapping: {}, defaultProfile: 'entreprise' }
    expect(label('actors.import.commit', importArgs, files)).toBe('Import d’organisations depuis « adherents.csv »')
    expect(label('actors.import.sirene', { fileId: 'f'.repeat(32) }, files)).toBe('Import SIRENE depuis « adherents.csv »')
    expect(label('programmes.saveSession', { id: 'invalide' })).toBe('Modification (programmes.saveSession)')
  })

  it('take a backup first exactly for imports and merges', () => {
    const backups = Object.fromEntries(entries.filter(([, handler]) => handler.audit?.backup).map(([name, handler]) => [name, handler.audit!.backup]))
    expect(backups).toEqual({ 'actors.import.commit': 'avant-import', 'actors.import.sirene': 'avant-import', 'duplicates.merge': 'avant-fusion' })
  })

  it('have labels that tell the operations apart', () => {
    const labels = entries.filter(([, handler]) => typeof handler.audit?.label === 'string').map(([, handler]) => handler.audit!.label as string)
    const repeated = labels.filter((label, index) => labels.indexOf(label) !== index)
    expect(repeated).toEqual([])
  })
})
