import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query'
import { notifications } from '@mantine/notifications'
import type { ApiArgs, ApiName, ApiResult } from '../../../main/api'
import { call, errorMessage, type ApiError, type ProgressListener } from './client'
import { createElement } from 'react'
import { RetryNotice } from '../components/RetryNotice'

/** Reads through the API, cached by name and arguments. */
export function useApiQuery<Name extends ApiName>(
  name: Name,
  args?: ApiArgs<Name>,
  options: Omit<UseQueryOptions<ApiResult<Name>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<ApiResult<Name>, ApiError>({
    queryKey: [name, args ?? null],
    queryFn: () => call(name, args),
    ...options,
  })
}

/** Writes through the API; on success, every cached read is refreshed. Errors are shown in French. */
/** `silentErrors`: the screen shows the error itself (next to the form), no notification. */
export function useApiMutation<Name extends ApiName>(name: Name, options: { successMessage?: string; silentErrors?: boolean; onProgress?: ProgressListener } = {}) {
  const client = useQueryClient()
  const mutation = useMutation<ApiResult<Name>, ApiError, ApiArgs<Name>>({
    mutationFn: (args) => call(name, args, { onProgress: options.onProgress }),
    onSuccess: async () => {
      await client.invalidateQueries()
      if (options.successMessage) notifications.show({ color: 'teal', message: options.successMessage })
    },
    onError: async (error, args) => {
      if (error.code === 'already_done') {
        // A retry of a write made before the connection was cut: done, not written twice.
        await client.invalidateQueries()
        notifications.show({ color: 'teal', message: errorMessage(error) })
        return
      }
      if (options.silentErrors) return
      if (error.code === 'server_unreachable') {
        // The team database's server did not answer: the same call again, once it does.
        const id = notifications.show({
          color: 'red',
          title: 'Opération impossible',
          autoClose: false,
          message: createElement(RetryNotice, {
            message: errorMessage(error),
            onRetry: () => {
              notifications.hide(id)
              mutation.mutate(args)
            },
          }),
        })
        return
      }
      notifications.show({ color: 'red', title: 'Opération impossible', message: errorMessage(error) })
    },
  })
  return mutation
}
