import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core'
import { IconArrowLeft, IconPencil, IconPlus, IconTrash, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { call, errorMessage } from '../../api/client'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ExportButton } from '../../components/ExportButton'
import { Markdown } from '../../components/Markdown'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatDecimal, formatInteger } from '../../../../db/rules/format'
import { EDITION_STATUS_COLORS, PLACEMENT_STATUS_COLORS, SEQUENCE_STATUS_COLORS, PROGRAMME_SESSION_STATUS_COLORS, placeAndTown } from './labels'
import { PlacementModal } from './PlacementModal'
import { PartnerModal } from './ProgrammesScreen'
import { ProgrammeSessionModal } from './ProgrammeSessionModal'
import { plural } from '../../../../db/rules/format'
import { confirmDanger } from '../../components/confirmDanger'
import { EDITION_PARTNER_ROLE, EDITION_STATUS, PARTICIPANT_ROLE, PLACEMENT_KIND, PLACEMENT_STATUS, PROGRAMME_SESSION_STATUS, SEQUENCE_STATUS } from '../../../../db/rules/programme-values'

type Edition = ApiResult<'programmes.edition'>
type Sequence = Edition['sequences'][number]
type Session = Sequence['sessions'][number]

function EditionModal({ edition, onClose }: { edition: Edition; onClose: () => void }) {
  const save = useApiMutation('programmes.saveEdition', { successMessage: 'Édition enregistrée.', silentErrors: true })
  const [title, setTitle] = useState(edition.title)
  const [status, setStatus] = useState<string>(edition.status)
  const [notes, setNotes] = useState(edition.notes ?? '')
  const [error, setError] = useState<string | null>(null)
  return (
    <Modal opened onClose={onClose} title="Modifier l'édition" size="lg">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <TextInput label="Titre" required value={title} onChange={(event) => setTitle(event.currentTarget.value)} />
          <Select label="Statut" data={EDITION_STATUS.options} value={status} onChange={(value) => value && setStatus(value)} allowDeselect={false} />
        </SimpleGrid>
        <Textarea label="Notes" description="Mise en forme : « ## Titre », « - point », « **gras** »" autosize minRows={4} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} />
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              try {
                await save.mutateAsync({ id: edition.id, values: { title, status: status as never, notes } })
                onClose()
              } catch (caught) {
                setError(errorMessage(caught))
              }
            }} busy={save.isPending} error={error} />
      </Stack>
    </Modal>
  )
}

function SequenceModal({ edition, sequence, onClose }: { edition: Edition; sequence: Sequence | null; onClose: () => void }) {
  const save = useApiMutation('programmes.saveSequence', { successMessage: 'Étape enregistrée.', silentErrors: true })
  const nextOrder = Math.max(0, ...edition.sequences.map((item) => item.stepOrder)) + 1
  const [stepOrder, setStepOrder] = useState<number>(sequence?.stepOrder ?? nextOrder)
  const [title, setTitle] = useState(sequence?.title ?? '')
  const [description, setDescription] = useState(sequence?.description ?? '')
  const [status, setStatus] = useState<string>(sequence?.status ?? 'a_planifier')
  const [error, setError] = useState<string | null>(null)
  return (
    <Modal opened onClose={onClose} title={sequence ? "Modifier l'étape" : 'Nouvelle étape'} size="lg">
      <Stack gap="sm">
        <Group grow align="flex-start">
          <NumberInput label="N°" min={1} max={99} allowDecimal={false} value={stepOrder} onChange={(value) => setStepOrder(Number(value) || 1)} maw={100} />
          <TextInput label="Intitulé" required value={title} onChange={(event) => setTitle(event.currentTarget.value)} style={{ flexGrow: 4 }} />
        </Group>
        <Textarea label="Description" autosize minRows={2} value={description} onChange={(event) => setDescription(event.currentTarget.value)} />
        <Select
          label="Statut"
          description="Il suit les séances : planifiée tant qu'une séance est à venir, réalisée quand toutes le sont."
          data={SEQUENCE_STATUS.options}
          value={status}
          onChange={(value) => value && setStatus(value)}
          allowDeselect={false}
        />
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              try {
                await save.mutateAsync({ id: sequence?.id ?? null, values: { editionId: edition.id, stepOrder, title, description, status: status as never } })
                onClose()
              } catch (caught) {
                setError(errorMessage(caught))
              }
            }} busy={save.isPending} error={error} />
      </Stack>
    </Modal>
  )
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" className="numeric" ta="left">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  )
}

function SessionsTable({ sequence, onEdit }: { sequence: Sequence; onEdit: (session: Session) => void }) {
  const remove = useApiMutation('programmes.deleteSession', { successMessage: 'Séance supprimée.' })
  if (sequence.sessions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Aucune séance pour cette étape.
      </Text>
    )
  }
  return (
    <Table striped aria-label={`Séances — ${sequence.title}`} verticalSpacing={6} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={100}>Date</Table.Th>
          <Table.Th w={105}>Statut</Table.Th>
          <Table.Th>Lieu</Table.Th>
          <Table.Th>Classes</Table.Th>
          <Table.Th>Entreprises et intervenants</Table.Th>
          <Table.Th w={150}>Bilan</Table.Th>
          <Table.Th w={72} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sequence.sessions.map((session) => (
          <Table.Tr key={session.id} data-testid="session">
            <Table.Td>{formatDate(session.heldOn)}</Table.Td>
            <Table.Td>
              <Badge size="sm" variant="light" color={PROGRAMME_SESSION_STATUS_COLORS[session.status]}>
                {PROGRAMME_SESSION_STATUS.label(session.status)}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{placeAndTown(session.place, session.townName)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {session.classes.length === 0
                  ? '—'
                  : session.classes.map((row) => `${row.classLabel ?? row.levelCode ?? 'classe'}${row.pupilsCount !== null ? ` (${row.pupilsCount})` : ''}`).join(', ')}
              </Text>
              {session.classes.length > 0 && (
                <Text size="xs" c="dimmed">
                  {[...new Set(session.classes.map((row) => row.schoolName))].join(' · ')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {session.participants.length === 0
                  ? '—'
                  : session.participants.map((row, index) => (
                      <span key={row.id}>
                        {index > 0 && ', '}
                        <Anchor component={Link} to={`/acteurs/${row.actorKey}`} size="sm" title={PARTICIPANT_ROLE.label(row.role)}>
                          {row.actorName}
                        </Anchor>
                      </span>
                    ))}
              </Text>
            </Table.Td>
            <Table.Td>
              <SessionFigures session={session} />
            </Table.Td>
            <Table.Td>
              <Group gap={2} justify="flex-end" wrap="nowrap" className="no-print">
                <Tooltip label="Modifier la séance">
                  <ActionIcon variant="subtle" aria-label={`Modifier la séance du ${formatDate(session.heldOn)}`} onClick={() => onEdit(session)}>
                    <IconPencil size={14} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Supprimer la séance">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Supprimer la séance du ${formatDate(session.heldOn)}`}
                    onClick={() =>
                      confirmDanger({
                        title: 'Supprimer la séance',
                        children: <Text size="sm">La séance du {formatDate(session.heldOn)}, ses classes et ses intervenants seront supprimés.</Text>,
                        confirmLabel: 'Supprimer',
                        onConfirm: () => remove.mutate({ id: session.id }),
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
  )
}

export function EditionScreen() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const edition = useApiQuery('programmes.edition', { id: Number(id) }, { enabled: /^\d+$/.test(id) })
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/programmes" size="sm" className="no-print">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Tous les programmes
        </Group>
      </Anchor>
      <QueryState query={edition}>{(data) => <EditionPage edition={data} onDeleted={() => navigate('/programmes')} />}</QueryState>
    </Stack>
  )
}

function EditionPage({ edition, onDeleted }: { edition: Edition; onDeleted: () => void }) {
  const [editing, setEditing] = useState(false)
  const [sequence, setSequence] = useState<{ value: Sequence | null } | null>(null)
  const [session, setSession] = useState<{ sequence: Sequence; value: Session | null } | null>(null)
  const [addingPartner, setAddingPartner] = useState(false)
  const [placing, setPlacing] = useState(false)
  const placements = useApiQuery('programmes.placements', { editionId: edition.id })
  const deleteEdition = useApiMutation('programmes.deleteEdition', { successMessage: 'Édition supprimée.' })
  const deleteSequence = useApiMutation('programmes.deleteSequence', { successMessage: 'Étape supprimée.' })
  const savePartner = useApiMutation('programmes.saveEditionPartner', { successMessage: 'Partenaire ajouté.', silentErrors: true })
  const deletePartner = useApiMutation('programmes.deleteEditionPartner', { successMessage: 'Partenaire retiré.' })
  const summary = edition.summary

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2}>{edition.title}</Title>
          <Group gap="xs">
            <Badge variant="light" color={EDITION_STATUS_COLORS[edition.status]}>
              {EDITION_STATUS.label(edition.status)}
            </Badge>
            <Text size="sm" c="dimmed">
              {edition.programmeName} · année scolaire {edition.schoolYear}
            </Text>
          </Group>
          {edition.copiedFromId && (
            <Text size="sm" c="dimmed">
              Reprise de l'édition{' '}
              <Anchor component={Link} to={`/programmes/editions/${edition.copiedFromId}`} size="sm">
                {edition.copiedFromTitle}
              </Anchor>{' '}
              (partenaires et étapes)
            </Text>
          )}
        </Stack>
        <Group gap="xs" className="no-print" wrap="nowrap" style={{ flexShrink: 0 }}>
          <ExportButton run={() => call('programmes.exportEdition', { id: edition.id })} />
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            Modifier
          </Button>
          <Tooltip label="Supprimer l'édition">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Supprimer l'édition"
              onClick={() =>
                confirmDanger({
                  title: "Supprimer l'édition",
                  children: <Text size="sm">L'édition « {edition.title} », ses étapes et ses séances seront supprimées.</Text>,
                  confirmLabel: 'Supprimer',
                  onConfirm: () => deleteEdition.mutate({ id: edition.id }, { onSuccess: onDeleted }),
                })
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 3, lg: 6 }} aria-label="Chiffres de l'édition">
        <Figure label="Séances réalisées" value={formatInteger(summary.sessionsDone)} hint={summary.sessionsPlanned ? `${formatInteger(summary.sessionsPlanned)} à venir` : undefined} />
        <Figure label="Élèves touchés" value={formatInteger(summary.pupils)} hint="chaque classe comptée une fois" />
        <Figure label="Enseignants présents" value={formatInteger(summary.teachers)} />
        <Figure label="Heures d'intervention" value={formatDecimal(summary.hours)} />
        <Figure label="Satisfaction moyenne" value={summary.satisfaction === null ? '—' : `${formatDecimal(summary.satisfaction)} / 5`} />
        <Figure label="Stages" value={formatInteger(summary.placements)} hint={summary.pairs ? `${formatInteger(summary.pairs)} binômes de mentorat` : undefined} />
      </SimpleGrid>

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Partenaires, référents et établissements</Title>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAddingPartner(true)} className="no-print">
            Ajouter
          </Button>
        </Group>
        {edition.partners.length === 0 ? (
          <Text size="sm" c="dimmed">
            Aucun partenaire pour cette édition.
          </Text>
        ) : (
          <Group gap="xs">
            {edition.partners.map((partner) => (
              <Badge
                key={partner.id}
                variant="light"
                size="lg"
                color={partner.role === 'referent' ? 'grape' : partner.role === 'etablissement' ? 'cyan' : 'blue'}
                style={{ textTransform: 'none', fontWeight: 500 }}
                rightSection={
                  <ActionIcon size="xs" variant="transparent" color="gray" aria-label={`Retirer ${partner.actorName}`} onClick={() => deletePartner.mutate({ id: partner.id })} className="no-print">
                    <IconX size={10} />
                  </ActionIcon>
                }
              >
                <Anchor component={Link} to={`/acteurs/${partner.actorKey}`} inherit>
                  {partner.actorName}
                </Anchor>{' '}
                · {EDITION_PARTNER_ROLE.label(partner.role)}
              </Badge>
            ))}
          </Group>
        )}
      </Card>

      <Group justify="space-between">
        <Title order={3}>Étapes</Title>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setSequence({ value: null })} className="no-print">
          Ajouter une étape
        </Button>
      </Group>
      {edition.sequences.length === 0 && (
        <Alert color="gray" title="Aucune étape">
          Ajoutez les étapes de l'édition avec « Ajouter une étape », puis leurs séances.
        </Alert>
      )}
      {edition.sequences.map((item) => (
        <Card withBorder key={item.id} data-testid="sequence" aria-label={`Étape ${item.stepOrder} — ${item.title}`}>
          <Group justify="space-between" mb="xs" align="flex-start" wrap="nowrap">
            <Stack gap={2}>
              <Group gap="xs">
                <Title order={4}>
                  {item.stepOrder}. {item.title}
                </Title>
                <Badge variant="light" color={SEQUENCE_STATUS_COLORS[item.status]}>
                  {SEQUENCE_STATUS.label(item.status)}
                </Badge>
              </Group>
              {item.description && (
                <Text size="sm" c="dimmed">
                  {item.description}
                </Text>
              )}
            </Stack>
            <Group gap={4} wrap="nowrap" className="no-print">
              <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setSession({ sequence: item, value: null })}>
                Ajouter une séance
              </Button>
              <Tooltip label="Modifier l'étape">
                <ActionIcon variant="subtle" aria-label={`Modifier l'étape ${item.stepOrder}`} onClick={() => setSequence({ value: item })}>
                  <IconPencil size={14} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Supprimer l'étape">
                <ActionIcon variant="subtle" color="red" aria-label={`Supprimer l'étape ${item.stepOrder}`} onClick={() => deleteSequence.mutate({ id: item.id })}>
                  <IconTrash size={14} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
          <SessionsTable sequence={item} onEdit={(value) => setSession({ sequence: item, value })} />
          {item.sessions.some((row) => row.feedback) && (
            <Stack gap={2} mt="xs">
              {item.sessions
                .filter((row) => row.feedback)
                .map((row) => (
                  <Text key={row.id} size="sm" c="dimmed">
                    <b>{formatDate(row.heldOn)} :</b> {row.feedback}
                  </Text>
                ))}
            </Stack>
          )}
        </Card>
      ))}

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Stages et alternance de l'édition</Title>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setPlacing(true)} className="no-print">
            Placer un élève
          </Button>
        </Group>
        {(placements.data ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            Aucun stage rattaché à cette édition.
          </Text>
        ) : (
          <Table striped aria-label="Stages de l'édition">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Élève</Table.Th>
                <Table.Th>Établissement</Table.Th>
                <Table.Th>Structure d'accueil</Table.Th>
                <Table.Th>Dates</Table.Th>
                <Table.Th>Statut</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(placements.data ?? []).map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{PLACEMENT_KIND.label(row.kind)}</Table.Td>
                  <Table.Td>{row.named ? `${row.pupilFirstName} ${row.pupilLastName}` : <Text span c="dimmed" size="sm">Anonyme</Text>}</Table.Td>
                  <Table.Td>{row.schoolName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/acteurs/o${row.hostOrganisationId}`} size="sm">
                      {row.hostName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {formatDate(row.startedOn)}
                    {row.endedOn ? ` → ${formatDate(row.endedOn)}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={PLACEMENT_STATUS_COLORS[row.status]}>
                      {PLACEMENT_STATUS.label(row.status)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      {(edition.notes || edition.actions.length > 0) && (
        <Card withBorder>
          {edition.notes && (
            <>
              <Title order={4} mb="xs">
                Notes
              </Title>
              <Markdown>{edition.notes}</Markdown>
            </>
          )}
          {edition.actions.length > 0 && (
            <Text size="sm" mt={edition.notes ? 'sm' : 0}>
              <b>Issue des pistes d'actions :</b>{' '}
              {edition.actions.map((action, index) => (
                <span key={action.id}>
                  {index > 0 && ' · '}« {action.title} » (
                  <Anchor component={Link} to={`/groupes/${action.groupId}`} size="sm">
                    {action.groupName}
                  </Anchor>
                  )
                </span>
              ))}
            </Text>
          )}
        </Card>
      )}

      {editing && <EditionModal edition={edition} onClose={() => setEditing(false)} />}
      {sequence && <SequenceModal edition={edition} sequence={sequence.value} onClose={() => setSequence(null)} />}
      {session && <ProgrammeSessionModal edition={edition} sequence={session.sequence} session={session.value} onClose={() => setSession(null)} />}
      {placing && <PlacementModal placement={null} defaults={{ editionId: edition.id, schoolYear: edition.schoolYear }} onClose={() => setPlacing(false)} />}
      {addingPartner && (
        <PartnerModal
          title={`Partenaire de l'édition ${edition.title}`}
          roles={EDITION_PARTNER_ROLE}
          onSave={(actor, role) => savePartner.mutateAsync({ id: null, values: { editionId: edition.id, actor, role: role as never } })}
          onClose={() => setAddingPartner(false)}
        />
      )}
    </Stack>
  )
}

/** A session's figures, one a line: pupils, teachers, hours, satisfaction (those entered). */
function SessionFigures({ session }: { session: { pupilsCount: number | null; teachersCount: number | null; interventionHours: number | null; satisfaction: number | null } }) {
  const lines = [
    session.pupilsCount !== null ? plural(session.pupilsCount, 'élève') : null,
    session.teachersCount !== null ? plural(session.teachersCount, 'enseignant') : null,
    session.interventionHours !== null ? `${formatDecimal(session.interventionHours)} h d'intervention` : null,
    session.satisfaction !== null ? `Satisfaction ${formatDecimal(session.satisfaction)} / 5` : null,
  ].filter((line) => line !== null)
  if (lines.length === 0) return <Text size="sm">—</Text>
  return (
    <Stack gap={0}>
      {lines.map((line) => (
        <Text size="xs" key={line}>
          {line}
        </Text>
      ))}
    </Stack>
  )
}
