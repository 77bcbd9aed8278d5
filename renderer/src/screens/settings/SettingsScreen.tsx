import { Card, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core'
import { useSearchParams } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { QueryState } from '../../components/QueryState'
import { formatInteger } from '../../../../db/rules/format'
import { AnimatorCard } from './AnimatorCard'
import { AuditPanel } from './AuditPanel'
import { BackupsPanel } from './BackupsPanel'
import { DatabaseCard } from './DatabaseCard'
import { PrivacyPanel } from './PrivacyPanel'

const TABS = ['general', 'sauvegardes', 'donnees-personnelles', 'journal'] as const

export function SettingsScreen() {
  const territory = useApiQuery('territory.get')
  const info = useApiQuery('system.info')
  const [params, setParams] = useSearchParams()
  const tab = TABS.find((value) => value === params.get('onglet')) ?? 'general'
  return (
    <Stack>
      <Title order={2}>Paramètres</Title>
      <Tabs value={tab} onChange={(value) => setParams(value && value !== 'general' ? { onglet: value } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="general">Général</Tabs.Tab>
          <Tabs.Tab value="sauvegardes">Sauvegardes</Tabs.Tab>
          <Tabs.Tab value="donnees-personnelles">Données personnelles</Tabs.Tab>
          <Tabs.Tab value="journal">Journal des modifications</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sauvegardes">
          <BackupsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="donnees-personnelles">
          <PrivacyPanel />
        </Tabs.Panel>
        <Tabs.Panel value="journal">
          <AuditPanel />
        </Tabs.Panel>
        <Tabs.Panel value="general">
          <Stack>
            <DatabaseCard />
            <AnimatorCard />
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
                      Source : découpage administratif des communes publié par Etalab (populations de l'INSEE).
                      {data.source !== '@etalab/decoupage-administratif' ? ` Référence : ${data.source}.` : ''}
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
                    </Table.Tbody>
                  </Table>
                )}
              </QueryState>
            </Card>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
