import { Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { ActorPicker } from './ActorPicker'

/** Who: an actor of the directory, or a free name (someone outside the directory). */
export interface ActorOrNameValue {
  actor: string | null
  actorLabel: string | null
  name: string
}

export function ActorOrName({
  label,
  value,
  onChange,
  kinds,
  freeLabel = 'Nom libre',
  freePlaceholder = 'Nom, fonction, organisation…',
  error,
}: {
  label: string
  value: ActorOrNameValue
  onChange: (value: ActorOrNameValue) => void
  kinds?: ('organisation' | 'person')[]
  freeLabel?: string
  freePlaceholder?: string
  /** The refusal's message, under the field (and the field marked). */
  error?: string
}) {
  const [mode, setMode] = useState<'annuaire' | 'libre'>(value.name && !value.actor ? 'libre' : 'annuaire')
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(next) => {
            setMode(next as 'annuaire' | 'libre')
            onChange(next === 'annuaire' ? { actor: value.actor, actorLabel: value.actorLabel, name: '' } : { actor: null, actorLabel: null, name: value.name })
          }}
          data={[
            { value: 'annuaire', label: "Dans l'annuaire" },
            { value: 'libre', label: freeLabel },
          ]}
          aria-label={`${label} : dans l'annuaire ou nom libre`}
        />
      </Group>
      {mode === 'annuaire' ? (
        <ActorPicker aria-label={label} kinds={kinds} value={value.actor} initialLabel={value.actorLabel} error={error} onChange={(actor, actorLabel) => onChange({ actor, actorLabel, name: '' })} />
      ) : (
        <TextInput aria-label={label} placeholder={freePlaceholder} error={error} value={value.name} onChange={(event) => onChange({ actor: null, actorLabel: null, name: event.currentTarget.value })} />
      )}
    </Stack>
  )
}
