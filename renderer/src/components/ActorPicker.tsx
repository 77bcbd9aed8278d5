import { Select, Stack, Text, type SelectProps } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState, type ComponentProps } from 'react'
import { useApiQuery } from '../api/hooks'

/** Chooses an organisation or a person of the directory by typing a few letters of its name. */
export function ActorPicker({
  value,
  initialLabel,
  onChange,
  kinds = ['organisation', 'person'],
  profile,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange'> & {
  value: string | null
  initialLabel?: string | null
  onChange: (key: string | null, label: string | null) => void
  kinds?: ('organisation' | 'person')[]
  /** Profile label the subtitle must mention (e.g. « Associations »). */
  profile?: string
}) {
  const [search, setSearch] = useState('')
  const [label, setLabel] = useState<string | null>(initialLabel ?? null)
  const [debounced] = useDebouncedValue(search, 200)
  const results = useApiQuery('search.query', { query: debounced, limit: 30 }, { enabled: debounced.trim().length >= 2 })
  const hits = (results.data ?? []).filter(
    (hit) => (hit.kind === 'organisation' || hit.kind === 'person') && kinds.includes(hit.kind) && (!profile || hit.subtitle.startsWith(profile)),
  )
  // The list shows each name with its profile and town; once chosen, the field shows the name.
  const subtitles = new Map(hits.map((hit) => [hit.actorKey, hit.subtitle]))
  const options = [
    ...(value && label ? [{ value, label }] : []),
    ...hits.filter((hit) => hit.actorKey !== value).map((hit) => ({ value: hit.actorKey, label: hit.title })),
  ]
  return (
    <Select
      placeholder="Tapez le nom…"
      {...props}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm">{option.label}</Text>
          {subtitles.get(option.value) && (
            <Text size="xs" c="dimmed">
              {subtitles.get(option.value)}
            </Text>
          )}
        </Stack>
      )}
      searchable
      clearable
      data={options}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(next, option) => {
        setLabel(option?.label ?? null)
        onChange(next, option?.label ?? null)
      }}
      nothingFoundMessage={debounced.trim().length >= 2 ? (results.isFetching ? 'Recherche…' : 'Aucun résultat') : 'Tapez au moins deux lettres'}
      filter={({ options: items }) => items}
    />
  )
}

/** An ActorPicker limited to schools (organisations of the « Éducation nationale » profile). */
export function SchoolPicker(props: Omit<ComponentProps<typeof ActorPicker>, 'kinds' | 'profile'>) {
  // In a table's cell the column header shows what it is: the field is named by its aria-label only.
  return <ActorPicker label={props['aria-label'] ? undefined : 'Établissement'} {...props} kinds={['organisation']} profile="Éducation nationale" />
}
