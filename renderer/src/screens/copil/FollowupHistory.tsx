import { Anchor, Group, Text, Timeline } from '@mantine/core'
import { Link } from 'react-router'
import { formatDate } from '../../../../db/rules/format'
import type { Decision } from './DecisionModal'
import { DecisionStatusBadge } from './parts'

/** A decision's follow-up history, oldest first, starting with the session that took it. */
export function FollowupHistory({ decision }: { decision: Decision }) {
  return (
    <Timeline bulletSize={14} lineWidth={2} active={decision.history.length}>
      <Timeline.Item
        title={
          <Text size="sm" fw={500}>
            Décidée le {formatDate(decision.sessionHeldOn)}
          </Text>
        }
      >
        <Text size="xs" c="dimmed">
          Séance{' '}
          <Anchor component={Link} to={`/copil/seances/${decision.sessionId}`} size="xs">
            {decision.sessionReference}
          </Anchor>
          {decision.groupName ? ` · issue du groupe de travail « ${decision.groupName} »` : ''}
        </Text>
      </Timeline.Item>
      {decision.history.map((followup) => (
        <Timeline.Item
          key={followup.id}
          title={
            <Group gap="xs">
              <Text size="sm" fw={500}>
                {formatDate(followup.recordedOn)}
              </Text>
              <DecisionStatusBadge status={followup.status} />
            </Group>
          }
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {followup.note}
          </Text>
          <Text size="xs" c="dimmed">
            {followup.sessionReference ? `Noté à la séance ${followup.sessionReference}` : 'Noté entre deux séances'}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  )
}
