import { Group, Stack, Tabs, Title } from '@mantine/core'
import { Outlet, useLocation, useNavigate } from 'react-router'

/** A section of the app with its title and tabs, one route per tab. */
export function SectionLayout({ title, tabs }: { title: string; tabs: { value: string; label: string }[] }) {
  const location = useLocation()
  const navigate = useNavigate()
  // The tab whose route is the longest prefix of the page's (a request page belongs to « Demandes »).
  const current =
    [...tabs]
      .sort((a, b) => b.value.length - a.value.length)
      .find((tab) => location.pathname === tab.value || location.pathname.startsWith(`${tab.value}/`))?.value ?? null
  return (
    <Stack gap="sm" h="100%">
      <Group justify="space-between" className="no-print">
        <Title order={2}>{title}</Title>
      </Group>
      <Tabs value={current} onChange={(value) => value && navigate(value)} className="no-print">
        <Tabs.List>
          {tabs.map((tab) => (
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
