import { Anchor, Badge, Select, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { COPIL_SESSION_STATUS, DECISION_STATUS, type CopilSessionStatus, type DecisionStatus } from '../../../../db/rules/copil-values'
import { COPIL_SESSION_STATUS_COLORS, DECISION_STATUS_COLORS } from './labels'
import { ValueBadge } from '../../components/ValueBadge'

// Small pieces shared by the COPIL screens.

export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  return (
    <ValueBadge list={DECISION_STATUS} colors={DECISION_STATUS_COLORS} value={status} style={{ flexShrink: 0 }} />
  )
}

/** A session's status, in its creation and in its edition. */
export function SessionStatusSelect({ value, onChange, error }: { value: CopilSessionStatus; onChange: (status: CopilSessionStatus) => void; error?: string }) {
  return <Select label="Statut" data={COPIL_SESSION_STATUS.options} value={value} onChange={(next) => next && onChange(next as CopilSessionStatus)} allowDeselect={false} error={error} />
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
    <ValueBadge list={COPIL_SESSION_STATUS} colors={COPIL_SESSION_STATUS_COLORS} value={status} />
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
