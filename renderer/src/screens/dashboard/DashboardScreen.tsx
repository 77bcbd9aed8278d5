import { Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useApiQuery } from '../../api/hooks'
import { QueryState } from '../../components/QueryState'
import { formatInteger } from '../../format'

function Figure({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <Card withBorder padding="md" radius="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} className="numeric" ta="left" data-testid={`figure-${label}`}>
        {formatInteger(value)}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  )
}

export function DashboardScreen() {
  const overview = useApiQuery('dashboard.overview')
  return (
    <Stack>
      <Title order={2}>Tableau de bord</Title>
      <QueryState query={overview}>
        {(data) => (
          <Stack>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Figure label="Organisations" value={data.organisations} />
              <Figure label="Vitawiners" value={data.vitawinerOrganisations} hint="organisations membres du réseau" />
              <Figure label="Personnes" value={data.people} />
              <Figure label="Communes" value={data.towns} hint="du territoire" />
            </SimpleGrid>
            <Card withBorder padding="md" radius="md" maw={560}>
              <Title order={4} mb="sm">
                Organisations par profil
              </Title>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Profil</Table.Th>
                    <Table.Th ta="right">Organisations</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.byProfile.map((row) => (
                    <Table.Tr key={row.code}>
                      <Table.Td>{row.label}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(row.organisations)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          </Stack>
        )}
      </QueryState>
    </Stack>
  )
}
