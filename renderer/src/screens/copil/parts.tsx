import { useState } from 'react'
import { Anchor, Badge, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { Link } from 'react-router'
import type { DecisionStatus } from '../../../../db/schema'
import { ActorPicker } from '../../components/ActorPicker'
import { DECISION_STATUS_COLORS, DECISION_STATUS_LABELS, SESSION_STATUS_COLORS, SESSION_STATUS_LABELS, type SessionStatus } from './labels'

// Small pieces shared by the COPIL screens.

export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  return (
    <Badge variant="light" color={DECISION_STATUS_COLORS[status]} style={{ flexShrink: 0 }}>
      {DECISION_STATUS_LABELS[status]}
    </Badge>
  )
}

export function OverdueBadge() {
  return (
    <Badge variant="filled" color="red" size="sm" style={{ flexShrink: 0 }}>
      En retard
    </Badge>
  )
}

export function SessionStatusBadge({ status }: { status: SessionStatus }) {
  return (
    <Badge variant="light" color={SESSION_STATUS_COLORS[status]}>
      {SESSION_STATUS_LABELS[status]}
    </Badge>
  )
}

export function DecisionStatusCell({ status, overdue }: { status: DecisionStatus; overdue: boolean }) {
  return (
    <Stack gap={4} align="flex-start" style={{ minWidth: 'max-content' }}>
      <DecisionStatusBadge status={status} />
      {overdue && <OverdueBadge />}
    </Stack>
  )
}

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
}: {
  label: string
  value: ActorOrNameValue
  onChange: (value: ActorOrNameValue) => void
  kinds?: ('organisation' | 'person')[]
  freeLabel?: string
  freePlaceholder?: string
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
        <ActorPicker aria-label={label} kinds={kinds} value={value.actor} initialLabel={value.actorLabel} onChange={(actor, actorLabel) => onChange({ actor, actorLabel, name: '' })} />
      ) : (
        <TextInput aria-label={label} placeholder={freePlaceholder} value={value.name} onChange={(event) => onChange({ actor: null, actorLabel: null, name: event.currentTarget.value })} />
      )}
    </Stack>
  )
}

/** A decision's owner, linked to the actor's page when it is in the directory. */
export function Owner({ decision }: { decision: { owner: string | null; ownerKey: string | null } }) {
  if (!decision.owner) return <Text size="sm" c="dimmed">—</Text>
  if (!decision.ownerKey) return <Text size="sm">{decision.owner}</Text>
  return (
    <Anchor component={Link} to={`/acteurs/${decision.ownerKey}`} size="sm">
      {decision.owner}
    </Anchor>
  )
}
