import { Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core'
import { textColor } from '../../app/theme'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { UNDOABLE_OPERATIONS } from '../../../../db/rules/import-fields'
import { useApiQuery } from '../../api/hooks'
import { AuditEntries } from '../../components/AuditEntries'
import { QueryState } from '../../components/QueryState'
import { formatDateTime, formatInteger } from '../../../../db/rules/format'
import { UndoImport } from '../actors/import/UndoImport'

type Operation = ApiResult<'audit.operations'>['operations'][number]

const PAGE = 50

/** Paramètres → Journal des modifications: the operations, and what each one changed. */
export function AuditPanel() {
  const [kind, setKind] = useState<'all' | 'imports'>('all')
  const [limit, setLimit] = useState(PAGE)
  const [selected, setSelected] = useState<Operation | null>(null)
  const operations = useApiQuery('audit.operations', { kind: kind === 'imports' ? 'imports' : undefined, limit })
  return (
    <Stack maw={1200}>
      <Card withBorder padding="md" radius="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={3}>Opérations</Title>
            <SegmentedControl
              aria-label="Opérations affichées"
              value={kind}
              onChange={(value) => {
                setKind(value as 'all' | 'imports')
                setSelected(null)
              }}
              data={[
                { value: 'all', label: 'Toutes' },
                { value: 'imports', label: 'Imports' },
              ]}
            />
          </Group>
          <QueryState query={operations}>
            {(data) =>
              data.operations.length === 0 ? (
                <Text c="dimmed">Aucune modification enregistrée.</Text>
              ) : (
                <>
                  <Table striped highlightOnHover aria-label="Opérations">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={170}>Quand</Table.Th>
                        <Table.Th w={160}>Qui</Table.Th>
                        <Table.Th>Opération</Table.Th>
                        <Table.Th ta="right">Créations</Table.Th>
                        <Table.Th ta="right">Modifications</Table.Th>
                        <Table.Th ta="right">Suppressions</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.operations.map((operation) => (
                        <Table.Tr
                          key={operation.id}
                          bg={selected?.id === operation.id ? 'var(--mantine-color-teal-light)' : undefined}
                          style={{ cursor: 'pointer' }}
                          onClick={() => setSelected(operation)}
                        >
                          <Table.Td>{formatDateTime(operation.startedAt)}</Table.Td>
                          <Table.Td>{operation.animator ?? '—'}</Table.Td>
                          <Table.Td>
                            <UnstyledButton onClick={() => setSelected(operation)} fz="sm" c={textColor('teal')}>
                              {operation.label}
                            </UnstyledButton>{' '}
                            <Text span size="xs" c="gray.7">
                              n° {operation.id}
                            </Text>
                            {operation.undoneBy !== null && (
                              <Badge size="xs" variant="light" color="gray" tt="none" ml={6}>
                                annulé
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td className="numeric">{formatInteger(operation.inserts)}</Table.Td>
                          <Table.Td className="numeric">{formatInteger(operation.updates)}</Table.Td>
                          <Table.Td className="numeric">{formatInteger(operation.deletes + operation.others)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  {data.total > data.operations.length && (
                    <Button variant="default" size="xs" w="fit-content" onClick={() => setLimit((current) => current + PAGE)}>
                      Afficher plus ({formatInteger(data.total - data.operations.length)} autres)
                    </Button>
                  )}
                </>
              )
            }
          </QueryState>
        </Stack>
      </Card>
      {selected !== null && (
        <Card withBorder padding="md" radius="md">
          <Stack gap="sm">
            <Title order={3}>Ce que l'opération a changé</Title>
            <Text size="sm">{selected.label}</Text>
            {UNDOABLE_OPERATIONS.includes(selected.kind) &&
              (selected.undoneBy === null ? (
                <UndoImport key={selected.id} operationId={selected.id} label={selected.label} />
              ) : (
                <Text size="sm" c="dimmed">
                  Cet import a été annulé (opération n° {selected.undoneBy}).
                </Text>
              ))}
            <AuditEntries operationId={selected.id} showOperation={false} />
          </Stack>
        </Card>
      )}
    </Stack>
  )
}
