import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core'
import { IconInbox } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../format'
import { REQUEST_KIND_LABELS, REQUEST_STATUS_COLORS, REQUEST_STATUS_LABELS } from './labels'

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
            <EmptyState
              icon={IconInbox}
              title={scope === 'open' ? 'Aucune demande à traiter' : 'Aucune demande'}
              actions={
                <Button component={Link} to="/acteurs" variant="default">
                  Ouvrir l'annuaire
                </Button>
              }
            >
              Une demande (intervenants pour une classe, places de stage, une visite…) se note sur la fiche de l'établissement ou de la personne qui la
              formule, onglet « Offres et demandes » ; elle arrive ici, où on la rapproche des offres d'engagement de l'annuaire.
            </EmptyState>
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
                      <Table.Td>{REQUEST_KIND_LABELS[row.kind]}</Table.Td>
                      <Table.Td>{row.schoolLevel ? (reference.lookups.schoolLevels.get(row.schoolLevel) ?? row.schoolLevel) : '—'}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(row.quantity)}</Table.Td>
                      <Table.Td>{formatDate(row.wantedOn)}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(row.contacted)}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(row.accepted)}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={REQUEST_STATUS_COLORS[row.status]}>
                          {REQUEST_STATUS_LABELS[row.status]}
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
