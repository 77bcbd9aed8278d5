import { ActionIcon, Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconBriefcase, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { currentSchoolYear } from '../../../../db/rules/school-year'
import { call } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../format'
import { PLACEMENT_KIND_LABELS, PLACEMENT_STATUS_COLORS, PLACEMENT_STATUS_LABELS } from './labels'
import { PlacementModal } from './PlacementModal'
import { schoolYearOptions } from './PupilFields'
import { plural } from '../../../../db/rules/programme-labels'
import { confirmDanger } from '../../components/confirmDanger'

type Placement = ApiResult<'programmes.placements'>[number]

/** Internships and work-study placements of a school year: named pupils (with consent) and anonymous ones. */
export function PlacementsScreen() {
  const reference = useReference()
  const [schoolYear, setSchoolYear] = useState<string | null>(currentSchoolYear())
  const placements = useApiQuery('programmes.placements', { schoolYear })
  const remove = useApiMutation('programmes.deletePlacement', { successMessage: 'Stage supprimé.' })
  const [editing, setEditing] = useState<{ value: Placement | null } | null>(null)
  const years = [...schoolYearOptions(), ...Array.from({ length: 8 }, (_, i) => `${Number(currentSchoolYear().slice(0, 4)) - 2 - i}-${Number(currentSchoolYear().slice(0, 4)) - 1 - i}`)].sort().reverse()
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Select aria-label="Année scolaire" placeholder="Toutes les années" data={years} value={schoolYear} onChange={setSchoolYear} clearable w={200} />
        <Group gap="xs" className="no-print">
          {(placements.data?.length ?? 0) > 0 && <ExportButton run={() => call('programmes.exportPlacements', { schoolYear })} />}
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ value: null })}>
            Placer un élève
          </Button>
        </Group>
      </Group>
      <QueryState query={placements}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState
              icon={IconBriefcase}
              title="Aucun stage pour cette année scolaire"
              actions={
                <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ value: null })}>
                  Placer un élève
                </Button>
              }
            >
              Notez chaque stage ou alternance trouvé chez une structure d'accueil de l'annuaire : l'élève est nommé (avec le consentement de ses parents
              s'il est mineur) ou compté sans son nom (établissement et niveau). Les stages alimentent les indicateurs.
            </EmptyState>
          ) : (
            <Card withBorder p={0}>
              <Text size="sm" c="dimmed" px="md" pt="sm">
                {formatInteger(rows.length)} stage{rows.length > 1 ? 's' : ''} : {plural(rows.filter((row) => row.named).length, 'élève nommé', 'élèves nommés')},{' '}
                {plural(rows.filter((row) => !row.named).length, 'anonyme')}.
              </Text>
              <Table striped highlightOnHover aria-label="Stages et alternance">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={170}>Type</Table.Th>
                    <Table.Th>Élève</Table.Th>
                    <Table.Th>Établissement</Table.Th>
                    <Table.Th>Structure d'accueil</Table.Th>
                    <Table.Th>Dates</Table.Th>
                    <Table.Th>Tuteur</Table.Th>
                    <Table.Th>Édition ou demande</Table.Th>
                    <Table.Th w={100}>Statut</Table.Th>
                    <Table.Th w={70} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.id} data-testid="placement">
                      <Table.Td>{PLACEMENT_KIND_LABELS[row.kind]}</Table.Td>
                      <Table.Td>
                        {row.named ? (
                          <>
                            <Text size="sm">
                              {row.pupilFirstName} {row.pupilLastName}
                            </Text>
                            {row.pupilIsMinor && (
                              <Text size="xs" c="dimmed">
                                mineur · consentement du {formatDate(row.consentGivenOn)}
                              </Text>
                            )}
                          </>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Anonyme
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{row.schoolName ?? '—'}</Text>
                        {row.levelCode && (
                          <Text size="xs" c="dimmed">
                            {reference.lookups.schoolLevels.get(row.levelCode) ?? row.levelCode}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/acteurs/o${row.hostOrganisationId}`} size="sm">
                          {row.hostName}
                        </Anchor>
                        {row.hostTown && (
                          <Text size="xs" c="dimmed">
                            {row.hostTown}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(row.startedOn)}
                        {row.endedOn ? ` → ${formatDate(row.endedOn)}` : ''}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{row.tutor ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        {row.editionId ? (
                          <Anchor component={Link} to={`/programmes/editions/${row.editionId}`} size="sm">
                            {row.editionTitle}
                          </Anchor>
                        ) : row.requestId ? (
                          <Anchor component={Link} to={`/programmes/demandes/${row.requestId}`} size="sm">
                            Demande
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={PLACEMENT_STATUS_COLORS[row.status]}>
                          {PLACEMENT_STATUS_LABELS[row.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={2} wrap="nowrap" justify="flex-end" className="no-print">
                          <Tooltip label="Modifier">
                            <ActionIcon variant="subtle" aria-label="Modifier le stage" onClick={() => setEditing({ value: row })}>
                              <IconPencil size={14} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Supprimer">
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label="Supprimer le stage"
                              onClick={() =>
                                confirmDanger({
                                  title: 'Supprimer le stage',
                                  children: <Text size="sm">Le stage chez « {row.hostName} » sera supprimé (la fiche de l'élève nommé reste dans « Élèves nommés »).</Text>,
                                  confirmLabel: 'Supprimer',
                                  onConfirm: () => remove.mutate({ id: row.id }),
                                })
                              }
                            >
                              <IconTrash size={14} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )
        }
      </QueryState>
      {editing && <PlacementModal placement={editing.value} onClose={() => setEditing(null)} />}
    </Stack>
  )
}
