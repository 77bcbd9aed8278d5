import { notifications } from '@mantine/notifications'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import type { ApiArgs, ApiResult } from '../../../main/api'
import type { DatabaseKind } from '../../../main/api/host-services'
import { call, errorMessage, type ApiError } from '../api/client'
import { useApiQuery } from '../api/hooks'
import type { Progress } from '../../../main/api/define'
import { formatInteger, plural } from '../../../db/rules/format'

// Which database is open (the local file, the demo beside it, or the team's on a server) and the
// switch between them. After a
// switch nothing cached from the other file may show: every query starts again, and the page goes to
// the dashboard (a record's page would be another record, or none, in the other file) — except from
// Paramètres, where the switch was made.

export type DatabaseState = ApiResult<'database.get'>

export function useDatabase() {
  return useApiQuery('database.get')
}

/**
 * Whether the open database holds rows in any of these record tables (db/sqlite/maintenance.ts,
 * RECORD_TABLES); undefined while it is not known. Empty screens use it to tell « nothing yet, here
 * is how to start » from « nothing matches ».
 */
export function useHasRecords(...tables: string[]): boolean | undefined {
  const filled = useDatabase().data?.filled
  return filled ? tables.some((table) => filled.includes(table)) : undefined
}


/** « Copie : organisations — 1 200 / 5 000 lignes », the move's progress as the animator reads it. */
function copyPhase(progress: Progress): string {
  const of = progress.total ? ` — ${formatInteger(progress.done)} / ${plural(progress.total, 'ligne')}` : ''
  return progress.phase === 'Vérification' ? 'Vérification de la copie, table par table' : `${progress.phase}${of}`
}

export function useSwitchDatabase() {
  const client = useQueryClient()
  const navigate = useNavigate()
  const location = useLocation()
  const [phase, setPhase] = useState<string | null>(null)
  const restart = async () => {
    if (location.pathname !== '/parametres') navigate('/')
    await client.resetQueries()
  }
  const open = useMutation<ApiResult<'database.open'>, ApiError, DatabaseKind>({
    mutationFn: (kind) => call('database.open', { kind }, { onProgress: (progress) => setPhase(progress.phase) }),
    onSuccess: async (state) => {
      setPhase(null)
      await restart()
      notifications.show({
        color: state.kind === 'demo' ? 'yellow' : 'teal',
        message: state.kind === 'demo' ? 'Démonstration ouverte : les données affichées sont fictives.' : 'Vous êtes revenu à vos données.',
      })
    },
    onError: (error) => {
      setPhase(null)
      notifications.show({ color: 'red', title: 'Changement de base impossible', message: errorMessage(error), autoClose: 10_000 })
    },
  })
  const deleteDemo = useMutation<ApiResult<'database.deleteDemo'>, ApiError, void>({
    mutationFn: () => call('database.deleteDemo'),
    onSuccess: async () => {
      await restart()
      notifications.show({ color: 'teal', message: 'Démonstration supprimée. Vous êtes sur vos données.' })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Suppression impossible', message: errorMessage(error), autoClose: 10_000 }),
  })
  const connectTeam = useMutation<ApiResult<'database.connectTeam'>, ApiError, ApiArgs<'database.connectTeam'>>({
    mutationFn: (args) => call('database.connectTeam', args, { onProgress: (progress) => setPhase(copyPhase(progress)) }),
    onSuccess: async (state) => {
      setPhase(null)
      await restart()
      const copied = state.copied ? `Les données de ce poste y ont été copiées et vérifiées table par table (${plural(state.copied.rows, 'ligne')}). ` : ''
      notifications.show({ color: 'teal', message: `${copied}Vous travaillez sur la base de l'équipe (${state.team?.database} sur ${state.team?.host}).` })
    },
    onError: () => setPhase(null),
  })
  const backToLocal = useMutation<ApiResult<'database.useLocal'>, ApiError, void>({
    mutationFn: () => call('database.useLocal'),
    onSuccess: async () => {
      await restart()
      notifications.show({ color: 'teal', message: 'Vous êtes revenu à la base locale de ce poste.' })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Retour à la base locale impossible', message: errorMessage(error), autoClose: 10_000 }),
  })
  /** « Réessayer » when the database could not be opened (a team server that did not answer). */
  const reconnect = useMutation<ApiResult<'database.reconnect'>, ApiError, void>({
    mutationFn: () => call('database.reconnect'),
    onSuccess: restart,
  })
  return {
    open,
    deleteDemo,
    connectTeam,
    backToLocal,
    reconnect,
    phase,
    busy: open.isPending || deleteDemo.isPending || connectTeam.isPending || backToLocal.isPending || reconnect.isPending,
  }
}
