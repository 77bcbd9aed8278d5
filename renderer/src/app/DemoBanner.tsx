import { Button, Group, Text } from '@mantine/core'
import { IconFlask } from '@tabler/icons-react'
import { useEffect } from 'react'
import { useSwitchDatabase } from './database'

export const DEMO_BANNER_TITLE = 'Données de démonstration — fictives'

/**
 * Shown on every screen while the demo is open (a region landmark, so that it is announced and
 * found): the records are fictional, the team's own are untouched, one click goes back to them.
 */
export function DemoBanner() {
  const { open, busy } = useSwitchDatabase()
  useEffect(() => {
    const before = document.title
    document.title = `${before} — démonstration`
    return () => {
      document.title = before
    }
  }, [])
  return (
    <Group component="section" aria-labelledby="demo-banner-title" className="demo-banner" px="md" h="100%" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <IconFlask size={20} aria-hidden />
        <Text id="demo-banner-title" fw={700} size="sm">
          {DEMO_BANNER_TITLE}
        </Text>
        <Text size="sm" truncate>
          Tout ce que vous faites ici reste dans la démonstration ; vos données ne sont pas ouvertes.
        </Text>
      </Group>
      <Button size="xs" color="dark" onClick={() => open.mutate('real')} loading={busy}>
        Revenir à vos données
      </Button>
    </Group>
  )
}
