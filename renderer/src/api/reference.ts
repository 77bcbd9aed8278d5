import { useMemo } from 'react'
import { useApiQuery } from './hooks'

/** Reference data (profiles, towns, fields…) with code → label lookups. */
export function useReference() {
  const query = useApiQuery('reference.get', undefined, { staleTime: 5 * 60_000 })
  const lookups = useMemo(() => {
    const data = query.data
    const map = (items: { code: string; label: string }[] | undefined) => new Map((items ?? []).map((item) => [item.code, item.label]))
    return {
      profiles: map(data?.profiles),
      towns: map(data?.towns),
      fields: map(data?.fields),
      offerTypes: map(data?.offerTypes),
      schoolLevels: map(data?.schoolLevels),
    }
  }, [query.data])
  return { ...query, lookups }
}

export type ReferenceLookups = ReturnType<typeof useReference>['lookups']
