import { ActionIcon, Anchor, Card, Group, Stack, Text, Timeline as MantineTimeline, Tooltip } from '@mantine/core'
import { IconPencil } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { TimelineEvent } from '../../../../db/actors/timeline'
import { TIMELINE_SOURCE, type TimelineSource } from '../../../../db/rules/actor-values'
import { formatDate } from '../../../../db/rules/format'
import { ValueBadge } from '../../components/ValueBadge'

const TIMELINE_SOURCE_COLORS: Record<TimelineSource, string> = {
  journal: 'teal',
  affiliation: 'gray',
  offer: 'cyan',
  request: 'orange',
  group: 'grape',
  copil: 'indigo',
  programme: 'blue',
}

/** An actor's whole history, newest first. */
export function Timeline({ events, onEditInteraction }: { events: TimelineEvent[]; onEditInteraction?: (id: number) => void }) {
  if (events.length === 0) {
    return (
      <Card withBorder>
        <Text size="sm" c="dimmed">
          Rien dans la chronologie pour l'instant. Notez un premier échange avec le bouton « Noter un échange ».
        </Text>
      </Card>
    )
  }
  return (
    <MantineTimeline bulletSize={14} lineWidth={2} aria-label="Chronologie">
      {events.map((event, position) => (
        <MantineTimeline.Item key={`${event.source}-${event.interactionId ?? position}`} color={TIMELINE_SOURCE_COLORS[event.source]}>
          <Stack gap={2} data-testid="timeline-event">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {formatDate(event.date)}
              </Text>
              <ValueBadge list={TIMELINE_SOURCE} colors={TIMELINE_SOURCE_COLORS} value={event.source} size="xs" />
              {event.link ? (
                <Anchor component={Link} to={event.link} size="sm">
                  {event.title}
                </Anchor>
              ) : (
                <Text size="sm">{event.title}</Text>
              )}
              {event.interactionId !== undefined && onEditInteraction && (
                <Tooltip label="Modifier cet échange">
                  <ActionIcon variant="subtle" size="sm" aria-label="Modifier cet échange" onClick={() => onEditInteraction(event.interactionId!)}>
                    <IconPencil size={12} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            {event.detail && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {event.detail}
              </Text>
            )}
          </Stack>
        </MantineTimeline.Item>
      ))}
    </MantineTimeline>
  )
}
