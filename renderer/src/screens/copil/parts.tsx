import { Anchor, Badge, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { COPIL_SESSION_STATUS, DECISION_STATUS, type CopilSessionStatus, type DecisionStatus } from '../../../../db/rules/copil-values'
import { COPIL_SESSION_STATUS_COLORS, DECISION_STATUS_COLORS } from './labels'

// Small pieces shared by the COPIL screens.

export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  return (
    <Badge variant="light" color={DECISION_STATUS_COLORS[status]} style={{ flexShrink: 0 }}>
      {DECISION_STATUS.label(status)}
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

export function SessionStatusBadge({ status }: { status: CopilSessionStatus }) {
  return (
    <Badge variant="light" color={COPIL_SESSION_STATUS_COLORS[status]}>
      {COPIL_SESSION_STATUS.label(status)}
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
