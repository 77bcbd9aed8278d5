import { Group, Stack, Tabs, Title } from '@mantine/core'
import { Outlet, useLocation, useNavigate } from 'react-router'

const TABS = [
  { value: '/copil', label: 'Séances' },
  { value: '/copil/decisions', label: 'Registre des décisions' },
  { value: '/copil/membres', label: 'Membres' },
]

/** The steering committee: its sessions, its decision register and its members. */
export function CopilLayout() {
  const location = useLocation()
  const navigate = useNavigate()
  const current = TABS.find((tab) => tab.value === location.pathname)?.value ?? null
  return (
    <Stack gap="sm" h="100%">
      <Group justify="space-between" className="no-print">
        <Title order={2}>COPIL</Title>
      </Group>
      <Tabs value={current} onChange={(value) => value && navigate(value)} className="no-print">
        <Tabs.List>
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </Stack>
  )
}
