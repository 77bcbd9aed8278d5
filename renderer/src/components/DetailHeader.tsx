import { ActionIcon, Anchor, Button, Group, Menu, Stack, Text, Title } from '@mantine/core'
import { IconArrowLeft, IconDots, IconPencil, IconTrash } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { confirmDanger } from './confirmDanger'

/** « ← Tous les groupes »: the way back from a record's page to its list. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm" className="no-print">
      <Group gap={4}>
        <IconArrowLeft size={14} /> {children}
      </Group>
    </Anchor>
  )
}

/**
 * The top of a record's page (an actor, a group, a COPIL session): its name, its status and facts
 * under it, its main actions, « Modifier », and the deletion in a « Plus d'actions » menu that
 * asks first.
 */
export function DetailHeader({
  title,
  badge,
  facts,
  extra,
  actions,
  onEdit,
  remove,
  children,
}: {
  title: ReactNode
  badge?: ReactNode
  /** Short facts after the badge (empty ones left out), joined by « · ». */
  facts?: (string | null | undefined | false)[]
  /** More under the title, after the facts (a warning badge). */
  extra?: ReactNode
  /** The page's main actions, before « Modifier ». */
  actions?: ReactNode
  onEdit?: () => void
  /** The menu's red item and its confirmation: « Supprimer la fiche ». */
  remove?: { label: string; message: ReactNode; onConfirm: () => void }
  /** A line under the badge and the facts. */
  children?: ReactNode
}) {
  const shown = (facts ?? []).filter(Boolean)
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap">
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Title order={2}>{title}</Title>
        <Group gap="xs">
          {badge}
          {shown.length > 0 && (
            <Text size="sm" c="dimmed">
              {shown.join(' · ')}
            </Text>
          )}
          {extra}
        </Group>
        {children}
      </Stack>
      <Group gap="xs" className="no-print" wrap="nowrap" style={{ flexShrink: 0 }}>
        {actions}
        {onEdit && (
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={onEdit}>
            Modifier
          </Button>
        )}
        {remove && (
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label="Plus d'actions">
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => confirmDanger({ title: remove.label, children: <Text size="sm">{remove.message}</Text>, confirmLabel: 'Supprimer', onConfirm: remove.onConfirm })}
              >
                {remove.label}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
    </Group>
  )
}
