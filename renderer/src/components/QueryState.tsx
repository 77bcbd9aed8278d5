import { Alert, Center, Loader } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { errorMessage } from '../api/client'
import { isUnreachable, RetryNotice } from './RetryNotice'

/** Loading and error states of a query, the same everywhere. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; isFetching?: boolean; refetch?: () => unknown }
  children: (data: T) => ReactNode
}) {
  if (query.error) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title="Impossible d'afficher ces données">
        {isUnreachable(query.error) && query.refetch ? (
          <RetryNotice message={errorMessage(query.error)} onRetry={() => void query.refetch!()} retrying={query.isFetching} />
        ) : (
          errorMessage(query.error)
        )}
      </Alert>
    )
  }
  if (query.isPending || query.data === undefined) {
    return (
      <Center py="xl">
        <Loader size="sm" role="status" aria-label="Chargement" />
      </Center>
    )
  }
  return <>{children(query.data)}</>
}
