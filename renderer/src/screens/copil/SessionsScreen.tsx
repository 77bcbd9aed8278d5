import { Anchor, Autocomplete, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { IconPlus, IconSitemap } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { call, errorMessage } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useHasRecords } from '../../app/database'
import { DateField } from '../../components/DateField'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../format'
import { options, SESSION_STATUS_LABELS, type SessionStatus } from './labels'
import { SessionStatusBadge } from './parts'
import { ModalFooter } from '../../components/ModalFooter'

/** « Séances »: every COPIL session, the latest first. */
export function SessionsScreen() {
  const navigate = useNavigate()
  const sessions = useApiQuery('copil.sessions')
  const [creating, setCreating] = useState(false)
  const membersDeclared = useHasRecords('copil_members')
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed">
          Les séances du comité de pilotage. Ouvrez une séance pour la préparer, noter l'ordre du jour, les présences, les décisions et le compte rendu.
        </Text>
        <Group gap="xs" wrap="nowrap">
          {(sessions.data?.length ?? 0) > 0 && <ExportButton run={() => call('copil.exportSessions')} />}
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Nouvelle séance
          </Button>
        </Group>
      </Group>
      <QueryState query={sessions}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState
              icon={IconSitemap}
              title="Aucune séance pour l'instant"
              actions={
                <>
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                    Créer la prochaine séance
                  </Button>
                  {membersDeclared === false && (
                    <Button variant="default" component={Link} to="/copil/membres">
                      Déclarer les membres
                    </Button>
                  )}
                </>
              }
            >
              Une séance se prépare ici : ordre du jour, présences, décisions et compte rendu ; son onglet Préparation rappelle ce qui a été décidé
              la fois précédente et ce qui s'est passé depuis.
              {membersDeclared === false && ' Déclarez d’abord les membres du COPIL : ils forment la feuille de présence de chaque séance.'}
            </EmptyState>
          ) : (
            <Card withBorder p={0}>
              <Table striped highlightOnHover aria-label="Séances du COPIL">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Référence</Table.Th>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Lieu</Table.Th>
                    <Table.Th>Statut</Table.Th>
                    <Table.Th ta="right">Présents</Table.Th>
                    <Table.Th ta="right">Décisions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/copil/seances/${row.id}`)}>
                      <Table.Td>
                        <Anchor component={Link} to={`/copil/seances/${row.id}`} size="sm" fw={500} onClick={(event) => event.stopPropagation()}>
                          {row.reference}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDate(row.heldOn)}</Table.Td>
                      <Table.Td>{row.place ?? '—'}</Table.Td>
                      <Table.Td>
                        <SessionStatusBadge status={row.status} />
                      </Table.Td>
                      <Table.Td className="numeric">{row.status === 'tenue' || row.present > 0 ? formatInteger(row.present) : '—'}</Table.Td>
                      <Table.Td className="numeric">{formatInteger(row.decisions)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="xs" c="dimmed" p="xs">
                {formatInteger(rows.length)} séance{rows.length > 1 ? 's' : ''}, dont {formatInteger(rows.filter((row) => row.status === 'tenue').length)} tenue
                {rows.filter((row) => row.status === 'tenue').length > 1 ? 's' : ''}.
              </Text>
            </Card>
          )
        }
      </QueryState>
      {creating && (
        <NewSessionModal
          places={[...new Set((sessions.data ?? []).map((row) => row.place).filter((place): place is string => Boolean(place)))]}
          onClose={() => setCreating(false)}
          onCreated={(id) => navigate(`/copil/seances/${id}`)}
        />
      )}
    </Stack>
  )
}

function NewSessionModal({ places, onClose, onCreated }: { places: string[]; onClose: () => void; onCreated: (id: number) => void }) {
  const save = useApiMutation('copil.saveSession', { silentErrors: true })
  const [heldOn, setHeldOn] = useState<string | null>(null)
  const [place, setPlace] = useState('')
  const [status, setStatus] = useState<SessionStatus>('prevue')
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    setError(null)
    if (!heldOn) return setError('Indiquez la date de la séance.')
    try {
      const result = await save.mutateAsync({ id: null, values: { heldOn, place, status } })
      onClose()
      onCreated(result.id)
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }
  return (
    <Modal opened onClose={onClose} title="Nouvelle séance du COPIL" size="lg">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <DateField label="Date" required value={heldOn} onChange={setHeldOn} />
          <Select label="Statut" data={options(SESSION_STATUS_LABELS)} value={status} onChange={(value) => value && setStatus(value as SessionStatus)} allowDeselect={false} />
        </SimpleGrid>
        <Autocomplete label="Lieu" placeholder="Ex. : Hôtel de territoire, Nogent-sur-Marne" data={places} value={place} onChange={setPlace} />
        <Text size="xs" c="dimmed">
          La référence de la séance (par exemple COPIL-2026-03) est attribuée d'après sa date. L'ordre du jour et les présences se complètent ensuite depuis la séance.
        </Text>
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={error} confirmLabel="Créer la séance" />
      </Stack>
    </Modal>
  )
}
