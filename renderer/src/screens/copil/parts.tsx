import { Anchor, Badge, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { DecisionStatus } from '../../../../db/schema'
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
