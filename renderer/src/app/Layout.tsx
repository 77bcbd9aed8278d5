import { AppShell, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core'
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router'
import { useApiQuery } from '../api/hooks'
import { GlobalSearch } from '../components/GlobalSearch'
import { AnimatorPrompt } from './AnimatorPrompt'
import { useDatabase } from './database'
import { DemoBanner } from './DemoBanner'
import { NAVIGATION } from './navigation'
import { RecoveryPanel } from './RecoveryPanel'

const BANNER_HEIGHT = 44

const BLOCKING_ERRORS = new Set(['database_damaged', 'database_too_new', 'database_history_mismatch', 'io_error', 'database_readonly'])

export function Layout() {
  const location = useLocation()
  const info = useApiQuery('system.info')
  // This machine's animator, asked with the app's first calls: « À relancer » opens on their
  // follow-ups and would otherwise ask for it only once its chunk is loaded.
  useApiQuery('settings.get')
  const database = useDatabase()
  // The database that could not be opened (the host says why); a server that goes away later only fails the calls, the page stays.
  const blocking = database.data?.openError ?? (info.error && BLOCKING_ERRORS.has(info.error.code) ? info.error : null)
  const demo = database.data?.kind === 'demo'

  return (
    <AppShell navbar={{ width: 240, breakpoint: 0 }} header={{ height: demo ? 52 + BANNER_HEIGHT : 52 }} padding="lg">
      <a
        href="#contenu"
        className="skip-link no-print"
        onClick={(event) => {
          event.preventDefault()
          document.getElementById('contenu')?.focus()
        }}
      >
        Aller au contenu
      </a>
      <AppShell.Header className="no-print">
        {demo && (
          <div style={{ height: BANNER_HEIGHT }}>
            <DemoBanner />
          </div>
        )}
        <Group h={52} px="md" justify="space-between">
          <Title order={4} c="teal.9">
            Vitawin Back-office
          </Title>
          <Group gap="md">
            {!blocking && <GlobalSearch />}
            {info.data && (
              <Text size="xs" c="dimmed">
                Version {info.data.appVersion}
              </Text>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" className="no-print" aria-label="Navigation principale">
        <ScrollArea>
          {NAVIGATION.map((entry) => {
            const active = entry.path === '/' ? location.pathname === '/' : location.pathname.startsWith(entry.path)
            return (
              <NavLink
                key={entry.path}
                component={RouterLink}
                to={entry.path}
                label={entry.label}
                leftSection={<entry.icon size={18} stroke={1.6} />}
                active={active}
                variant="light"
              />
            )
          })}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="contenu" tabIndex={-1} style={{ display: 'flex', flexDirection: 'column', height: '100dvh', outline: 'none' }}>
        {blocking ? (
          <RecoveryPanel error={blocking} database={database.data} />
        ) : (
          <>
            <Outlet />
            {database.data?.kind === 'real' && <AnimatorPrompt />}
          </>
        )}
      </AppShell.Main>
    </AppShell>
  )
}
