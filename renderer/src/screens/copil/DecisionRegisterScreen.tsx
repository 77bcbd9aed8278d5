import { ActionIcon, Alert, Anchor, Button, Card, Checkbox, Drawer, Group, MultiSelect, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconChevronRight, IconGavel, IconMessagePlus, IconSearch } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { call } from '../../api/client'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import type { Decision } from './DecisionModal'
import { FollowupHistory } from './FollowupHistory'
import { FollowupModal } from './FollowupModal'
import { DecisionStatusCell, Owner } from './parts'
import { DECISION_KIND, DECISION_STATUS, type DecisionKind, type DecisionStatus } from '../../../../db/rules/copil-values'

function countLine(rows: Decision[], filtered: boolean, overdueOnly: boolean): string {
  if (rows.length === 0) return ' '
  if (overdueOnly) return `${plural(rows.length, 'décision')} en retard`
  const late = rows.filter((row) => row.overdue).length
  return `${plural(rows.length, 'décision')}${filtered ? ` correspondant aux filtres` : ''}${late > 0 ? `, dont ${formatInteger(late)} en retard` : ''}`
}

/** The decision register across every session, filterable, each decision with its follow-up history. */
export function DecisionRegisterScreen() {
  const [params, setParams] = useSearchParams()
  // Filters live in the page (instant) and in the address (kept when coming back from a session).
  const [statuses, setStatuses] = useState<DecisionStatus[]>(() =>
    (params.get('statuts')?.split(',') ?? []).filter((value): value is DecisionStatus => DECISION_STATUS.has(value)),
  )
  const [kind, setKind] = useState<DecisionKind | null>(() => (params.get('nature') as DecisionKind | null) ?? null)
  const [overdue, setOverdue] = useState(() => params.get('retard') === '1')
  const [owner, setOwner] = useState(() => params.get('responsable') ?? '')
  const [debouncedOwner] = useDebouncedValue(owner.trim(), 250)
  useEffect(() => {
    const next = new URLSearchParams()
    if (statuses.length > 0) next.set('statuts', statuses.join(','))
    if (debouncedOwner) next.set('responsable', debouncedOwner)
    if (overdue) next.set('retard', '1')
    if (kind) next.set('nature', kind)
    setParams(next, { replace: true })
    // Not on setParams: it changes with the location, and running again as the page is left would
    // navigate back to the register.
  }, [statuses, debouncedOwner, overdue, kind])
  const filter = {
    ...(statuses.length > 0 ? { statuses } : {}),
    ...(debouncedOwner ? { owner: debouncedOwner } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(kind ? { kind } : {}),
  }
  const filtered = Object.keys(filter).length > 0
  const decisions = useApiQuery('copil.decisions', filter, { placeholderData: (previous) => previous })
  // Whether the register holds anything at all, whatever the filters.
  const everything = useApiQuery('copil.decisions', {})
  const registerEmpty = everything.data?.length === 0
  const [openId, setOpenId] = useState<number | null>(null)
  const [lastOpen, setLastOpen] = useState<Decision | null>(null)
  const [following, setFollowing] = useState<Decision | null>(null)
  const open = (openId !== null ? decisions.data?.find((row) => row.id === openId) : null) ?? (openId !== null ? lastOpen : null)

  const clear = () => {
    setStatuses([])
    setKind(null)
    setOverdue(false)
    setOwner('')
  }

  return (
    <Stack gap="sm">
      <Card withBorder p="sm" className="no-print">
        <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm" verticalSpacing="xs">
          <MultiSelect
            label="Statut"
            placeholder={statuses.length === 0 ? 'Tous les statuts' : undefined}
            data={DECISION_STATUS.options}
            value={statuses}
            onChange={(value) => setStatuses(value as DecisionStatus[])}
            clearable
          />
          <TextInput
            label="Responsable"
            placeholder="Organisation ou personne"
            leftSection={<IconSearch size={14} />}
            value={owner}
            onChange={(event) => setOwner(event.currentTarget.value)}
          />
          <Select label="Nature" placeholder="Toutes les natures" data={DECISION_KIND.options} value={kind} onChange={(value) => setKind(value as DecisionKind | null)} clearable />
          <Stack gap={0} justify="flex-end">
            <Checkbox label="En retard seulement" checked={overdue} onChange={(event) => setOverdue(event.currentTarget.checked)} mb={8} />
          </Stack>
        </SimpleGrid>
      </Card>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="register-count">
          {decisions.data ? countLine(decisions.data, filtered, overdue) : ' '}
        </Text>
        <Group gap="xs">
          {filtered && (
            <Button variant="subtle" color="gray" onClick={clear}>
              Effacer les filtres
            </Button>
          )}
          <ExportButton
            label={filtered ? 'Exporter la sélection (Excel)' : 'Exporter (Excel)'}
            run={() => call('copil.exportDecisions', filter)}
            disabled={decisions.data?.length === 0}
          />
        </Group>
      </Group>
      <QueryState query={decisions}>
        {(rows) =>
          rows.length === 0 ? (
            filtered && !registerEmpty ? (
              <Alert color="gray" title="Aucune décision ne correspond aux filtres">
                Élargissez la recherche : retirez un statut, videz le responsable ou décochez « En retard seulement ».
              </Alert>
            ) : (
              <EmptyState
                icon={IconGavel}
                title="Le registre est vide"
                actions={
                  <Button component={Link} to="/copil">
                    Ouvrir les séances
                  </Button>
                }
              >
                Les décisions se notent pendant une séance du COPIL (la séance, onglet « Décisions »), avec leur responsable et leur échéance. Elles
                apparaissent ici, toutes séances confondues, avec leur suivi d'une séance à l'autre.
              </EmptyState>
            )
          ) : (
            <Card withBorder p={0}>
              <Table striped highlightOnHover aria-label="Registre des décisions" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Référence et séance</Table.Th>
                    <Table.Th>Décision et nature</Table.Th>
                    <Table.Th>Responsable</Table.Th>
                    <Table.Th>Échéance et statut</Table.Th>
                    <Table.Th>Dernier suivi</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr
                      key={row.id}
                      style={{ cursor: 'pointer' }}
                      onClick={() => {
                        setOpenId(row.id)
                        setLastOpen(row)
                      }}
                    >
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" fw={500}>
                          {row.reference}
                        </Text>
                        <Text size="xs" c="dimmed">
                          séance du{' '}
                          <Anchor component={Link} to={`/copil/seances/${row.sessionId}`} size="xs" onClick={(event) => event.stopPropagation()}>
                            {formatDate(row.sessionHeldOn)}
                          </Anchor>
                        </Text>
                      </Table.Td>
                      <Table.Td miw={220}>
                        <Text size="sm" lineClamp={3}>
                          {row.text}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {DECISION_KIND.label(row.kind)}
                          {row.groupName && ` · issue du groupe « ${row.groupName} »`}
                        </Text>
                      </Table.Td>
                      <Table.Td miw={140} onClick={(event) => event.stopPropagation()}>
                        <Owner decision={row} />
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4} align="flex-start">
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {formatDate(row.dueOn)}
                          </Text>
                          <DecisionStatusCell status={row.status} overdue={row.overdue} />
                        </Stack>
                      </Table.Td>
                      <Table.Td miw={160} maw={300}>
                        {row.lastFollowup ? (
                          <>
                            <Text size="xs" c="dimmed">
                              {formatDate(row.lastFollowup.recordedOn)}
                            </Text>
                            <Text size="sm" lineClamp={2}>
                              {row.lastFollowup.note}
                            </Text>
                          </>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Aucun suivi
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td onClick={(event) => event.stopPropagation()}>
                        <Stack gap={2} align="center">
                          <Tooltip label="Ajouter un suivi">
                            <ActionIcon variant="subtle" aria-label={`Ajouter un suivi à ${row.reference}`} onClick={() => setFollowing(row)}>
                              <IconMessagePlus size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Historique">
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={`Historique de ${row.reference}`}
                              onClick={() => {
                                setOpenId(row.id)
                                setLastOpen(row)
                              }}
                            >
                              <IconChevronRight size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )
        }
      </QueryState>
      <Drawer opened={open !== null} onClose={() => setOpenId(null)} position="right" size="lg" title={open ? `Décision ${open.reference}` : ''}>
        {open && (
          <Stack gap="md">
            <Text>{open.text}</Text>
            <Table verticalSpacing={4}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={140} fw={500} c="dimmed">
                    Nature
                  </Table.Th>
                  <Table.Td>{DECISION_KIND.label(open.kind)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th fw={500} c="dimmed">
                    Responsable
                  </Table.Th>
                  <Table.Td>
                    <Owner decision={open} />
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th fw={500} c="dimmed">
                    Échéance
                  </Table.Th>
                  <Table.Td>{formatDate(open.dueOn)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th fw={500} c="dimmed">
                    Statut
                  </Table.Th>
                  <Table.Td>
                    <DecisionStatusCell status={open.status} overdue={open.overdue} />
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Group justify="space-between">
              <Title order={5}>Historique du suivi</Title>
              <Button size="xs" variant="light" leftSection={<IconMessagePlus size={14} />} onClick={() => setFollowing(open)}>
                Ajouter un suivi
              </Button>
            </Group>
            <FollowupHistory decision={open} />
          </Stack>
        )}
      </Drawer>
      {following && <FollowupModal decision={following} onClose={() => setFollowing(null)} />}
    </Stack>
  )
}
