import { Anchor, Button, Group, Select, Stack, Text } from '@mantine/core'
import { IconBriefcase, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { currentSchoolYear } from '../../../../db/rules/school-year'
import { call } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { SchoolCell } from './SchoolCell'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, plural } from '../../../../db/rules/format'
import { PLACEMENT_STATUS_COLORS } from './labels'
import { PlacementModal } from './PlacementModal'
import { schoolYearOptions } from './PupilFields'
import { RecordTable } from '../../components/RecordTable'
import { RowActions } from '../../components/RowActions'
import { PLACEMENT_KIND, PLACEMENT_STATUS } from '../../../../db/rules/programme-values'
import { actorPath, organisationKey } from '../../../../db/rules/actor-keys'
import { ValueBadge } from '../../components/ValueBadge'

type Placement = ApiResult<'programmes.placements'>[number]

/** Internships and work-study placements of a school year: named pupils (with consent) and anonymous ones. */
export function PlacementsScreen() {
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
        {(rows) => (
          <RecordTable
            label="Stages et alternance"
            highlightOnHover
            columns={[{ label: 'Type', width: 170 }, 'Élève', 'Établissement', "Structure d'accueil", { label: 'Dates', nowrap: true }, 'Tuteur', 'Édition ou demande', { label: 'Statut', width: 100 }, { label: '', width: 70 }]}
            rows={rows}
            framed={{
              summary: (
                <>
                  {plural(rows.length, 'stage')} : {plural(rows.filter((row) => row.named).length, 'élève nommé', 'élèves nommés')}, {plural(rows.filter((row) => !row.named).length, 'anonyme')}.
                </>
              ),
            }}
            empty={
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
            }
            rowProps={() => ({ 'data-testid': 'placement' })}
            cells={(row) => [
              PLACEMENT_KIND.label(row.kind),
              row.named ? (
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
              ),
              <SchoolCell schoolName={row.schoolName} levelCode={row.levelCode} />,
              <>
                <Anchor component={Link} to={actorPath(organisationKey(row.hostOrganisationId))} size="sm">
                  {row.hostName}
                </Anchor>
                {row.hostTown && (
                  <Text size="xs" c="dimmed">
                    {row.hostTown}
                  </Text>
                )}
              </>,
              <>
                {formatDate(row.startedOn)}
                {row.endedOn ? ` → ${formatDate(row.endedOn)}` : ''}
              </>,
              <Text size="sm">{row.tutor ?? '—'}</Text>,
              row.editionId ? (
                <Anchor component={Link} to={`/programmes/editions/${row.editionId}`} size="sm">
                  {row.editionTitle}
                </Anchor>
              ) : row.requestId ? (
                <Anchor component={Link} to={`/programmes/demandes/${row.requestId}`} size="sm">
                  Demande
                </Anchor>
              ) : (
                '—'
              ),
              <ValueBadge list={PLACEMENT_STATUS} colors={PLACEMENT_STATUS_COLORS} value={row.status} size="sm" />,
              <RowActions
                what="le stage"
                onEdit={() => setEditing({ value: row })}
                onDelete={() => remove.mutate({ id: row.id, version: row.version })}
                confirm={`Le stage chez « ${row.hostName} » sera supprimé (la fiche de l'élève nommé reste dans « Élèves nommés »).`}
              />,
            ]}
          />
        )}
      </QueryState>
      {editing && <PlacementModal placement={editing.value} onClose={() => setEditing(null)} />}
    </Stack>
  )
}
