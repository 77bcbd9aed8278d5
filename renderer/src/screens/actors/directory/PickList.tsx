import { Button, Checkbox, Combobox, Group, InputBase, Text, useCombobox } from '@mantine/core'
import { useId, useState } from 'react'

// A pick-list filter: a field of fixed size that says what is picked (« Entreprises, Vincennes »,
// or « Tous »), and a list of checkboxes, searchable when long. Unlike a multi-select with
// pills, it keeps its height and width whatever is picked.

export interface PickItem {
  value: string
  label: string
}

export interface PickGroup {
  group: string
  items: PickItem[]
}

export function PickList({
  label,
  data,
  value,
  onChange,
  none,
  searchable = false,
  w,
}: {
  label: string
  data: PickItem[] | PickGroup[]
  value: string[]
  onChange: (value: string[]) => void
  /** What an empty pick means: « Tous », « Toutes ». */
  none: string
  searchable?: boolean
  w: number
}) {
  const id = useId()
  const [search, setSearch] = useState('')
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption()
      setSearch('')
    },
    onDropdownOpen: () => (searchable ? combobox.focusSearchInput() : undefined),
  })
  const groups: PickGroup[] = data.length > 0 && 'group' in data[0]! ? (data as PickGroup[]) : [{ group: '', items: data as PickItem[] }]
  const labels = new Map(groups.flatMap((group) => group.items.map((item) => [item.value, item.label] as const)))
  const picked = value.map((each) => labels.get(each) ?? each)
  const summary = picked.join(', ')
  const wanted = search.trim().toLocaleLowerCase('fr')
  const shown = groups
    .map((group) => ({ ...group, items: wanted ? group.items.filter((item) => item.label.toLocaleLowerCase('fr').includes(wanted)) : group.items }))
    .filter((group) => group.items.length > 0)
  const option = (item: PickItem) => (
    <Combobox.Option value={item.value} key={item.value} active={value.includes(item.value)} aria-selected={value.includes(item.value)}>
      <Group gap="xs" wrap="nowrap">
        {/* A picture of a checkbox, not a control inside the option. */}
        <Checkbox.Indicator checked={value.includes(item.value)} size="xs" aria-hidden />
        <span>{item.label}</span>
      </Group>
    </Combobox.Option>
  )
  return (
    <Combobox
      store={combobox}
      withinPortal
      width={Math.max(w, 260)}
      position="bottom-start"
      onOptionSubmit={(chosen) => onChange(value.includes(chosen) ? value.filter((each) => each !== chosen) : [...value, chosen])}
    >
      <Combobox.Target targetType="button">
        <InputBase
          component="button"
          type="button"
          pointer
          label={label}
          labelProps={{ id: `${id}-label` }}
          aria-labelledby={`${id}-label ${id}-value`}
          rightSection={<Combobox.Chevron />}
          rightSectionPointerEvents="none"
          onClick={() => combobox.toggleDropdown()}
          title={summary || undefined}
          w={w}
        >
          <Text span size="sm" id={`${id}-value`} truncate="end" display="block" c={summary ? undefined : 'gray.7'}>
            {summary || none}
          </Text>
        </InputBase>
      </Combobox.Target>
      <Combobox.Dropdown>
        {searchable && (
          <Combobox.Search value={search} onChange={(event) => setSearch(event.currentTarget.value)} placeholder="Rechercher…" aria-label={`Rechercher dans la liste « ${label} »`} />
        )}
        <Combobox.Options mah={320} style={{ overflowY: 'auto' }} aria-label={label} tabIndex={0}>
          {shown.length === 0 && <Combobox.Empty>Aucune valeur ne correspond.</Combobox.Empty>}
          {shown.map((group) =>
            group.group ? (
              <Combobox.Group label={group.group} key={group.group}>
                {group.items.map(option)}
              </Combobox.Group>
            ) : (
              group.items.map(option)
            ),
          )}
        </Combobox.Options>
        {value.length > 0 && (
          <Combobox.Footer>
            <Button variant="subtle" size="compact-xs" onClick={() => onChange([])}>
              Tout décocher
            </Button>
          </Combobox.Footer>
        )}
      </Combobox.Dropdown>
    </Combobox>
  )
}
