import { Badge, Button, Checkbox, Group, Select, Stack, Text, Tooltip } from '@mantine/core'
import { IconPencil, IconSchool, IconUserOff } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { useLoadedVersion } from '../../components/StaleRecord'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { SchoolCell } from './SchoolCell'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { RecordTable } from '../../components/RecordTable'
import { pupilKey } from '../../../../db/rules/subject-keys'
import { formatDate, plural } from '../../../../db/rules/format'
import { PupilFields, schoolYearOptions, type PupilDraft, pupilValues } from './PupilFields'
import { confirmDanger } from '../../components/confirmDanger'
import { FormModal } from '../../components/FormModal'
import { useDialogSave } from '../../components/useDialogSave'

type Pupil = ApiResult<'programmes.pupils'>[number]

function PupilModal({ pupil, onClose }: { pupil: Pupil; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(pupil.version)
  const save = useApiMutation('programmes.savePupil', { successMessage: 'Fiche de l’élève enregistrée.', silentErrors: true })
  const [draft, setDraft] = useState<PupilDraft>({
    firstName: pupil.firstName,
    lastName: pupil.lastName,
    isMinor: pupil.isMinor,
    schoolKey: pupil.schoolId ? `o${pupil.schoolId}` : null,
    schoolLabel: pupil.schoolName,
    levelCode: pupil.levelCode,
    schoolYear: pupil.schoolYear,
    consentGivenBy: pupil.consentGivenBy ?? '',
    consentGivenOn: pupil.consentGivenOn,
    consentScope: pupil.consentScope ?? '',
    consentExpiresOn: pupil.consentExpiresOn,
  })
  const dialog = useDialogSave(onClose)
  return (
    <FormModal opened onClose={onClose} title={`${pupil.firstName} ${pupil.lastName}`} size="xl">
      <Stack gap="sm">
        <PupilFields value={draft} onChange={setDraft} fieldError={dialog.fieldError} />
        <ModalFooter onCancel={onClose} onConfirm={() => void dialog.submit(() => save.mutateAsync({ id: pupil.id, version: loadedVersion, values: pupilValues(draft) }))} busy={save.isPending} error={dialog.error} />
      </Stack>
    </FormModal>
  )
}

/** The pupils named because it was needed (interns, mentees), their parents' consent, and their anonymisation. */
export function PupilsScreen() {
  const [schoolYear, setSchoolYear] = useState<string | null>(null)
  const [withAnonymised, setWithAnonymised] = useState(false)
  const pupils = useApiQuery('programmes.pupils', { schoolYear, includeAnonymised: withAnonymised })
  // Erasure belongs to the privacy module: it also redacts the audit trail.
  const anonymise = useApiMutation('privacy.person.erase', { successMessage: 'Élève anonymisé.' })
  const [editing, setEditing] = useState<Pupil | null>(null)
  // « ?fiche=e3 » (a link from the purge preview): that pupil's record, open.
  const [params, setParams] = useSearchParams()
  const wanted = params.get('fiche')
  useEffect(() => {
    const found = wanted && pupils.data?.find((row) => pupilKey(row.id) === wanted)
    if (!found) return
    setEditing(found)
    setParams({}, { replace: true })
  }, [wanted, pupils.data, setParams])
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Seuls les élèves qu'il faut nommer (stagiaires, mentorés) ont une fiche ; les autres sont comptés par classe. Un élève mineur n'est nommé qu'avec le
        consentement de ses parents. Anonymisez les fiches à la fin de la période de conservation : l'établissement, le niveau et l'année restent pour les comptes.
      </Text>
      <Group justify="space-between">
        <Select aria-label="Année scolaire" placeholder="Toutes les années" data={schoolYearOptions()} value={schoolYear} onChange={setSchoolYear} clearable w={200} />
        <Checkbox label="Afficher les fiches anonymisées" checked={withAnonymised} onChange={(event) => setWithAnonymised(event.currentTarget.checked)} />
      </Group>
      <QueryState query={pupils}>
        {(rows) => (
          <RecordTable
            label="Élèves nommés"
            columns={['Élève', 'Établissement', { label: 'Année', width: 100 }, 'Consentement des parents', 'Nommé pour', { label: '', width: 90 }]}
            rows={rows}
            framed={{}}
            empty={
              <EmptyState
                icon={IconSchool}
                title="Aucun élève nommé"
                actions={
                  <>
                    <Button component={Link} to="/programmes/stages" variant="default">
                      Stages et alternance
                    </Button>
                    <Button component={Link} to="/programmes/mentorat" variant="default">
                      Mentorat
                    </Button>
                  </>
                }
              >
                Un élève n'est nommé que lorsqu'il le faut : quand on lui trouve un stage ou qu'il est mentoré. Sa fiche se crée alors depuis « Stages et
                alternance » (Placer un élève) ou « Mentorat » (Former un binôme) ; les autres élèves sont comptés par classe.
              </EmptyState>
            }
            rowProps={() => ({ 'data-testid': 'pupil' })}
            cells={(row) => [
              <Group gap="xs">
                <Text size="sm" fw={500} c={row.anonymisedAt ? 'dimmed' : undefined}>
                  {row.firstName} {row.lastName}
                </Text>
                {row.isMinor && (
                  <Badge size="xs" variant="light" color="grape">
                    mineur
                  </Badge>
                )}
              </Group>,
              <SchoolCell schoolName={row.schoolName} levelCode={row.levelCode} />,
              row.schoolYear,
              row.anonymisedAt ? (
                <Text size="sm" c="dimmed">
                  Fiche anonymisée le {formatDate(row.anonymisedAt)}
                </Text>
              ) : row.isMinor ? (
                <>
                  <Text size="sm">
                    {row.consentGivenBy}, le {formatDate(row.consentGivenOn)}
                    {row.consentExpiresOn ? ` (jusqu'au ${formatDate(row.consentExpiresOn)})` : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {row.consentScope}
                  </Text>
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  Majeur : non requis
                </Text>
              ),
              <Text size="sm">{[row.placements ? plural(row.placements, 'stage') : null, row.pairs ? 'mentorat' : null].filter(Boolean).join(', ') || '—'}</Text>,
              !row.anonymisedAt && (
                <Group gap={2} justify="flex-end" wrap="nowrap" className="no-print">
                  <Tooltip label="Modifier la fiche">
                    <Button size="compact-xs" variant="subtle" aria-label={`Modifier la fiche de ${row.firstName} ${row.lastName}`} onClick={() => setEditing(row)}>
                      <IconPencil size={14} />
                    </Button>
                  </Tooltip>
                  <Tooltip label="Anonymiser">
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Anonymiser ${row.firstName} ${row.lastName}`}
                      onClick={() =>
                        confirmDanger({
                          title: "Anonymiser l'élève",
                          children: (
                            <Text size="sm">
                              Le nom de {row.firstName} {row.lastName} et son consentement seront effacés définitivement ; ses stages et son mentorat restent, anonymes.
                            </Text>
                          ),
                          confirmLabel: 'Anonymiser',
                          onConfirm: () => anonymise.mutate({ subject: pupilKey(row.id), confirm: true }),
                        })
                      }
                    >
                      <IconUserOff size={14} />
                    </Button>
                  </Tooltip>
                </Group>
              ),
            ]}
          />
        )}
      </QueryState>
      {editing && <PupilModal pupil={editing} onClose={() => setEditing(null)} />}
    </Stack>
  )
}
