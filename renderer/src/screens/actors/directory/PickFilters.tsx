import { Button, Group, Select } from '@mantine/core'
import type { ReactNode } from 'react'
import { IconFilterOff } from '@tabler/icons-react'
import { STATUS_LABELS } from '../../../../../db/rules/actor-columns'
import type { useReference } from '../../../api/reference'
import type { ReadField, Row } from './columns'
import { PickList } from './PickList'

// The directory's pick-list filters, above the grid: type, profile, town and status. A profile is
// picked for organisations or for people: « Entreprises » gives the companies, « Entreprises
// (personnes) » the people of that world, so that a town's companies come without the people
// working there.

export type ActorType = 'tous' | 'organisation' | 'person'

export interface PickFilters {
  type: ActorType
  /** 'organisation:entreprise', 'person:entreprise'… */
  profiles: string[]
  /** INSEE codes, OUTSIDE or NO_TOWN. */
  towns: string[]
  statuses: string[]
}

export const NO_PICKS: PickFilters = { type: 'tous', profiles: [], towns: [], statuses: [] }
const OUTSIDE = 'hors'
const NO_TOWN = 'aucune'

export function hasPicks(picks: PickFilters): boolean {
  return picks.type !== 'tous' || picks.profiles.length > 0 || picks.towns.length > 0 || picks.statuses.length > 0
}

/** A saved view's filters, as stored (older views have none). */
export function picksOf(value: unknown): PickFilters {
  const stored = (value ?? {}) as Partial<PickFilters>
  const list = (items: unknown) => (Array.isArray(items) ? items.filter((item): item is string => typeof item === 'string') : [])
  return {
    type: stored.type === 'organisation' || stored.type === 'person' ? stored.type : 'tous',
    profiles: list(stored.profiles),
    towns: list(stored.towns),
    statuses: list(stored.statuses),
  }
}

/** The test a row must pass, built once per change of the filters. */
export function pickTest(picks: PickFilters, read: ReadField): (row: Row | undefined) => boolean {
  const profiles = new Set(picks.profiles)
  const towns = new Set(picks.towns)
  const statuses = new Set(picks.statuses)
  return (row) => {
    const kind = String(read(row, 'kind'))
    if (picks.type !== 'tous' && kind !== picks.type) return false
    if (profiles.size > 0 && !profiles.has(`${kind}:${read(row, 'profileCode')}`)) return false
    if (statuses.size > 0 && !statuses.has(String(read(row, 'status')))) return false
    if (towns.size > 0) {
      const code = read(row, 'townCode')
      const town = code ? String(code) : read(row, 'outsideTown') ? OUTSIDE : NO_TOWN
      if (!towns.has(town)) return false
    }
    return true
  }
}

type Reference = ReturnType<typeof useReference>['data']

export function PickFilterBar({
  picks,
  onChange,
  reference,
  children,
}: {
  picks: PickFilters
  onChange: (picks: PickFilters) => void
  reference: Reference
  /** What comes first in the bar (the directory's text filter). */
  children?: ReactNode
}) {
  const profiles = reference?.profiles ?? []
  const profileGroups = [
    {
      group: 'Organisations',
      items: profiles.filter((profile) => profile.usualKind === 'organisation').map((profile) => ({ value: `organisation:${profile.code}`, label: profile.label })),
    },
    {
      group: 'Personnes',
      items: profiles.map((profile) => ({ value: `person:${profile.code}`, label: profile.usualKind === 'person' ? profile.label : `${profile.label} (personnes)` })),
    },
  ].filter((group) => picks.type === 'tous' || group.group === (picks.type === 'organisation' ? 'Organisations' : 'Personnes'))
  const towns = [
    ...(reference?.towns ?? []).map((town) => ({ value: town.code, label: town.label })),
    { value: OUTSIDE, label: 'Hors territoire' },
    { value: NO_TOWN, label: 'Commune non renseignée' },
  ]
  const set = (change: Partial<PickFilters>) => onChange({ ...picks, ...change })
  return (
    <Group gap="xs" align="flex-end" className="no-print" wrap="wrap">
      {children}
      <Select
        size="sm"
        label="Type"
        data={[
          { value: 'tous', label: 'Tous' },
          { value: 'organisation', label: 'Organisations' },
          { value: 'person', label: 'Personnes' },
        ]}
        value={picks.type}
        allowDeselect={false}
        onChange={(value) => {
          const type = (value ?? 'tous') as ActorType
          // The profiles picked for the other type would leave nothing.
          set({ type, profiles: type === 'tous' ? picks.profiles : picks.profiles.filter((profile) => profile.startsWith(`${type}:`)) })
        }}
        w={130}
      />
      <PickList label="Profil" none="Tous" data={profileGroups} value={picks.profiles} onChange={(selected) => set({ profiles: selected })} w={180} />
      <PickList label="Commune" none="Toutes" data={towns} value={picks.towns} onChange={(selected) => set({ towns: selected })} searchable w={180} />
      <PickList
        label="Statut"
        none="Tous"
        data={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        value={picks.statuses}
        onChange={(selected) => set({ statuses: selected })}
        w={150}
      />
      {hasPicks(picks) && (
        <Button size="sm" variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={() => onChange(NO_PICKS)} aria-label="Effacer les filtres">
          Effacer
        </Button>
      )}
    </Group>
  )
}
