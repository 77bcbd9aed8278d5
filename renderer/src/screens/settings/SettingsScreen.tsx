import { Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useApiQuery } from '../../api/hooks'
import { QueryState } from '../../components/QueryState'
import { formatInteger } from '../../format'

export function SettingsScreen() {
  const territory = useApiQuery('territory.get')
  const info = useApiQuery('system.info')
  return (
    <Stack>
      <Title order={2}>Paramètres</Title>
      <Card withBorder padding="md" radius="md" maw={900}>
        <QueryState query={territory}>
          {(data) => (
            <Stack gap="sm">
              <Group justify="space-between" align="baseline">
                <Title order={3}>Territoire : {data.name}</Title>
                <Text size="sm" c="dimmed">
                  {data.kind} · SIREN {data.code}
                </Text>
              </Group>
              <Text size="sm">
                {formatInteger(data.towns.length)} communes, {formatInteger(data.population)} habitants (population municipale).
              </Text>
              <Table striped highlightOnHover aria-label="Communes du territoire">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Commune</Table.Th>
                    <Table.Th>Code INSEE</Table.Th>
                    <Table.Th>Codes postaux</Table.Th>
                    <Table.Th ta="right">Population</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.towns.map((town) => (
                    <Table.Tr key={town.inseeCode}>
                      <Table.Td>{town.name}</Table.Td>
                      <Table.Td>{town.inseeCode}</Table.Td>
                      <Table.Td>{town.postalCodes.join(', ')}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(town.population)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="xs" c="dimmed">
                Source : {data.source} (découpage administratif publié par Etalab).
              </Text>
            </Stack>
          )}
        </QueryState>
      </Card>
      <Card withBorder padding="md" radius="md" maw={900}>
        <Title order={3} mb="sm">
          À propos
        </Title>
        <QueryState query={info}>
          {(data) => (
            <Table variant="vertical" withTableBorder={false}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={220}>Version de l'application</Table.Th>
                  <Table.Td>{data.appVersion}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Version du schéma de données</Table.Th>
                  <Table.Td>{data.schemaVersion}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Fichier de données</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{data.file}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      </Card>
    </Stack>
  )
}
