import { Button, Group, Kbd, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { Spotlight, spotlight } from '@mantine/spotlight'
import { IconSearch } from '@tabler/icons-react'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useNavigate } from 'react-router'
import { SEARCH_HIT_KIND } from '../../../db/rules/actor-values'
import { useApiQuery } from '../api/hooks'
import { SEARCH_HIT_KIND_COLORS } from '../screens/actors/labels'
import { ValueBadge } from './ValueBadge'


/** Ctrl+K, from anywhere (a text field too): organisations, people, journal entries and meeting minutes, accent- and case-insensitive, by prefix. */
export function GlobalSearch() {
  const navigate = useNavigate()
  const [query, setQuery] = useState('')
  const [debounced] = useDebouncedValue(query, 120)
  const results = useApiQuery('search.query', { query: debounced, limit: 20 }, { enabled: debounced.trim().length >= 2, staleTime: 5_000 })
  const hits = debounced.trim().length >= 2 ? (results.data ?? []) : []
  // Enter opens the first result of what was typed, even when pressed before it arrived.
  const [openFirst, setOpenFirst] = useState(false)
  const ready = debounced === query && !results.isFetching
  useEffect(() => {
    if (!openFirst || !ready) return
    setOpenFirst(false)
    if (hits[0]) {
      spotlight.close()
      void navigate(hits[0].link)
    }
  }, [openFirst, ready, hits, navigate])
  // Spotlight highlights the first result shown at every keystroke, while that list is still the
  // one of the letters typed before (the new one comes after the debounce and the server's answer):
  // Enter opens the highlighted result only when the user moved to it with the arrow keys since
  // the last keystroke; else the first result of what was typed, once it is there.
  const chosen = useRef(false)
  const onQueryChange = (value: string) => {
    chosen.current = false
    setQuery(value)
  }
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') chosen.current = true
    if (event.key !== 'Enter') return
    const highlighted = document.querySelector('.mantine-Spotlight-action[data-selected]')
    if (chosen.current && highlighted) return
    // Runs before Spotlight's own Enter, which then finds nothing highlighted to open.
    highlighted?.removeAttribute('data-selected')
    setOpenFirst(query.trim().length >= 2)
  }
  return (
    <>
      <Button variant="default" size="xs" leftSection={<IconSearch size={14} />} onClick={() => spotlight.open()} aria-label="Rechercher">
        <Group gap={6}>
          <Text size="xs">Rechercher</Text>
          <Kbd size="xs">Ctrl</Kbd>
          <Kbd size="xs">K</Kbd>
        </Group>
      </Button>
      <Spotlight.Root query={query} onQueryChange={onQueryChange} shortcut={['mod + K']} tagsToIgnore={[]} triggerOnContentEditable scrollable maxHeight={480}>
        <Spotlight.Search
          placeholder="Rechercher une organisation, une personne, une note…"
          leftSection={<IconSearch size={18} />}
          aria-label="Recherche globale"
          onKeyDown={onSearchKey}
        />
        <Spotlight.ActionsList>
          {hits.length > 0 ? (
            hits.map((hit, position) => (
              <Spotlight.Action key={`${hit.kind}-${hit.actorKey}-${position}`} onClick={() => navigate(hit.link)}>
                <Group wrap="nowrap" w="100%" gap="sm">
                  <ValueBadge list={SEARCH_HIT_KIND} colors={SEARCH_HIT_KIND_COLORS} value={hit.kind} size="xs" w={100} />
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {hit.title}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {hit.subtitle}
                    </Text>
                  </div>
                </Group>
              </Spotlight.Action>
            ))
          ) : (
            <Spotlight.Empty>
              {debounced.trim().length < 2 ? 'Tapez au moins deux lettres.' : results.isFetching ? 'Recherche…' : 'Aucun résultat.'}
            </Spotlight.Empty>
          )}
        </Spotlight.ActionsList>
      </Spotlight.Root>
    </>
  )
}
