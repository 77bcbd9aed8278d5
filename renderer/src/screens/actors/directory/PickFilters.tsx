import { Button, Group, Select } from '@mantine/core'
import type { ReactNode } from 'react'
import { IconFilterOff } from '@tabler/icons-react'
import { ACTOR_KIND, ACTOR_STATUS } from '../../../../../db/rules/actor-values'
import type { useReference } from '../../../api/reference'
import { hasPicks, NO_PICKS, NO_TOWN, OUTSIDE, type ActorType, type PickFilters } from '../../../../../db/rules/directory-filter'
import { PickList } from './PickList'

// The directory's pick-list filters, above the grid: type, profile, town and status. A profile is
// picked for organisations or for people: « Entreprises » gives the companies, « Entreprises
// (personnes) » the people of that world, so that a town's companies come without the people
// working there.

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
        data={[{ value: 'tous', label: 'Tous' }, ...ACTOR_KIND.options.map(({ value, label }) => ({ value, label: `${label}s` }))]}
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
        data={ACTOR_STATUS.options}
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
