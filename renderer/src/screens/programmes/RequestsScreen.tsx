import { Alert, Anchor, Badge, Card, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../../../db/rules/format'
import { REQUEST_STATUS_COLORS } from './labels'
import { REQUEST_KIND, REQUEST_STATUS } from '../../../../db/rules/actor-values'

/** The requests of the directory (schools asking for speakers, internships, visits…) and where their matching stands. */
export function RequestsScreen() {
  const navigate = useNavigate()
  const reference = useReference()
  const [scope, setScope] = useState<'open' | 'all'>('open')
  const requests = useApiQuery('programmes.requests', { statuses: scope === 'open' ? ['ouverte', 'en_cours'] : null })
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Les demandes se saisissent sur la fiche du demandeur (onglet « Offres et demandes ») ; on les rapproche ici des offres d'engagement.
        </Text>
        <SegmentedControl
          aria-label="Demandes affichées"
          data={[
            { value: 'open', label: 'À traiter' },
            { value: 'all', label: 'Toutes' },
          ]}
          value={scope}
          onChange={(value) => setScope(value as 'open' | 'all')}
        />
      </Group>
      <QueryState query={requests}>
        {(rows) =>
          rows.length === 0 ? (
            <Alert color="gray" title={scope === 'open' ? 'Aucune demande à traiter' : 'Aucune demande'}>
              Notez une demande (intervenants, places de stage, visite…) sur la fiche de l'établissement qui la formule.
            </Alert>
          ) : (
            <Card withBorder p={0}>
              <Table striped highlightOnHover aria-label="Demandes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Demande</Table.Th>
                    <Table.Th>Demandeur</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>Niveau</Table.Th>
                    <Table.Th ta="right">Nombre</Table.Th>
                    <Table.Th>Souhaitée pour le</Table.Th>
                    <Table.Th ta="right">Sollicités</Table.Th>
                    <Table.Th ta="right">Trouvés</Table.Th>
                    <Table.Th w={110}>Statut</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/programmes/demandes/${row.id}`)} data-testid="request">
                      <Table.Td>
                        <Anchor component={Link} to={`/programmes/demandes/${row.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                          {row.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{row.requesterName}</Text>
                        {row.town && (
                          <Text size="xs" c="dimmed">
                            {row.town}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{REQUEST_KIND.label(row.kind)}</Table.Td>
                      <Table.Td>{row.schoolLevel ? (reference.lookups.schoolLevels.get(row.schoolLevel) ?? row.schoolLevel) : '—'}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(row.quantity)}</Table.Td>
                      <Table.Td>{formatDate(row.wantedOn)}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(row.contacted)}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(row.accepted)}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={REQUEST_STATUS_COLORS[row.status]}>
                          {REQUEST_STATUS.label(row.status)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )
        }
      </QueryState>
    </Stack>
  )
}
