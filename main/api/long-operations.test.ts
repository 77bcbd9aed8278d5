import { describe, expect, it } from 'vitest'
import type { ApiEnvelope } from './envelope'
import { call, startHost } from '../../tests/helpers/api'
import { activityOf } from './long-operations'

// On a local file the host's write lock keeps a long operation alone: a write arriving meanwhile
// (browser mode's other tab, the command line through the host) waits, and says for what.
// (Across laptops, on a team database: db/postgres/locks.test.ts.)

describe('a long operation on a local file', () => {
  it('makes a write arriving meanwhile wait, saying who runs what since when, then go through', async () => {
    const host = await startHost()
    await call(host, 'settings.setAnimator', { animator: 'Camille' })
    const phases: string[] = []
    let second: Promise<ApiEnvelope> | undefined
    // The import's first step (its backup) is where the other write arrives: the import holds the lock then.
    const first = host.call('actors.import.commit', { fileId: 'absent' }, () => {
      second ??= host.call('actors.createOrganisation', { name: 'Garage des Vignes', profileCode: 'entreprise', townCode: '94080' }, (progress) => phases.push(progress.phase))
    })
    expect(await first).toMatchObject({ ok: false })
    expect(second).toBeDefined()
    expect(await second).toMatchObject({ ok: true })
    expect(phases[0]).toMatch(/^En attente : Camille importe des acteurs depuis \d\d h \d\d$/)
  })

  it('says what each long operation does', () => {
    expect(activityOf('actors.import.commit')).toBe('importe des acteurs')
    expect(activityOf('actors.import.sirene')).toBe('importe le fichier SIRENE')
    expect(activityOf('privacy.purge.run')).toBe('purge les données arrivées à échéance')
    expect(activityOf('backups.restore')).toBe('restaure une sauvegarde')
    expect(activityOf('team.move')).toBe('copie une base locale dans la base d’équipe')
    expect(activityOf('actors.createOrganisation')).toBe(undefined)
  })
})
