import { Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import type { Icon } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { useHasRecords } from '../app/database'

/**
 * A list or a screen with nothing in it yet: what it will hold, and what to do next (the actions),
 * instead of an empty table or a row of zeros. `needsDirectory`: what the list takes from the
 * directory, said with a way there while the directory is still empty.
 */
export function EmptyState({
  icon: IconComponent,
  title,
  children,
  actions,
  needsDirectory,
}: {
  icon: Icon
  title: string
  children: ReactNode
  actions?: ReactNode
  needsDirectory?: string
}) {
  const directoryEmpty = useHasRecords('organisations', 'people') === false && needsDirectory !== undefined
  return (
    <Card withBorder padding="lg" radius="md" maw={820} data-testid="empty-state">
      <Group align="flex-start" wrap="nowrap" gap="md">
        <ThemeIcon variant="light" size={44} radius="xl" aria-hidden>
          <IconComponent size={24} stroke={1.6} />
        </ThemeIcon>
        <Stack gap="xs">
          <Title order={3} size="h4">
            {title}
          </Title>
          <Text size="sm" component="div">
            {children}
            {directoryEmpty && ` ${needsDirectory}`}
          </Text>
          {(actions || directoryEmpty) && (
            <Group gap="sm">
              {actions}
              {directoryEmpty && (
                <Button variant="default" component={Link} to="/acteurs">
                  Commencer par l'annuaire
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </Group>
    </Card>
  )
}
