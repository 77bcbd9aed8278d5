import { Alert, Anchor, Autocomplete, Badge, Button, Card, Group, NumberInput, Progress, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Textarea, Title, Tooltip } from '@mantine/core'
import { IconArrowLeft, IconPlus, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { todayIso } from '../../../../db/rules/dates'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { ActorPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import { CANDIDATE_RESPONSE_COLORS, REQUEST_STATUS_COLORS } from './labels'
import { PlacementModal } from './PlacementModal'
import { INTERACTION_KIND, REQUEST_KIND, REQUEST_STATUS } from '../../../../db/rules/actor-values'
import { CANDIDATE_RESPONSE, PLACEMENT_KIND, PLACEMENT_STATUS } from '../../../../db/rules/programme-values'
import { useDialogSave } from '../../components/useDialogSave'
import { ValueBadge } from '../../components/ValueBadge'
import { SectionCard } from '../../components/RecordTable'
import { FormModal } from '../../components/FormModal'

type Matching = ApiResult<'programmes.request'>
type Candidate = Matching['candidates'][number]

interface Target {
  actor: string
  name: string
  offerId: number | null
}

function ContactModal({ matching, target, onClose }: { matching: Matching; target: Target; onClose: () => void }) {
  const settings = useApiQuery('settings.get')
  const animators = useApiQuery('journal.animators')
  const contact = useApiMutation('programmes.contactCandidate', { successMessage: 'Sollicitation notée au journal.', silentErrors: true })
  const [contactedOn, setContactedOn] = useState<string | null>(todayIso())
  const [animator, setAnimator] = useState('')
  const [kind, setKind] = useState<string>('appel')
  const [summary, setSummary] = useState('')
  const [followUpOn, setFollowUpOn] = useState<string | null>(null)
  const dialog = useDialogSave(onClose)
  const { error, fail: setError, submit: saveAndClose } = dialog
  useEffect(() => {
    if (settings.data?.animator) setAnimator((current) => current || settings.data.animator || '')
  }, [settings.data])
  const choices = [...new Set([...(animators.data ?? []), ...(settings.data?.animator ? [settings.data.animator] : [])])]
  return (
    <FormModal opened onClose={onClose} title={`Solliciter ${target.name}`} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          La sollicitation est notée au journal de {target.name} ; sa réponse se note ensuite dans la liste des sollicités.
        </Text>
        <SimpleGrid cols={3}>
          <DateField label="Le" required value={contactedOn} onChange={setContactedOn} error={dialog.fieldError('contactedOn', contactedOn)} />
          <Select label="Par" data={INTERACTION_KIND.options} value={kind} onChange={(value) => value && setKind(value)} allowDeselect={false} error={dialog.fieldError('kind', kind)} />
          <Autocomplete label="Animateur ou animatrice" data={choices} value={animator} onChange={setAnimator} required error={dialog.fieldError('animator', animator)} />
        </SimpleGrid>
        <Textarea
          label="Résumé pour le journal"
          placeholder={`Sollicité pour la demande « ${matching.request.title} » de ${matching.request.requesterName}.`}
          autosize
          minRows={2}
          value={summary}
          onChange={(event) => setSummary(event.currentTarget.value)}
          error={dialog.fieldError('summary', summary)}
        />
        <DateField label="Relancer le (si pas de réponse)" value={followUpOn} onChange={setFollowUpOn} w={240} error={dialog.fieldError('followUpOn', [contactedOn, followUpOn])} />
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              setError(null)
              if (!contactedOn) return dialog.refuse('contactedOn', 'Indiquez la date de la sollicitation.')
              await saveAndClose(() => contact.mutateAsync({ requestId: matching.request.id, actor: target.actor, offerId: target.offerId, contactedOn, animator, kind: kind as never, summary, followUpOn }))
            }} busy={contact.isPending} error={error} confirmLabel="Noter la sollicitation" />
      </Stack>
    </FormModal>
  )
}

function ResponseModal({ candidate, onClose }: { candidate: Candidate; onClose: () => void }) {
  const record = useApiMutation('programmes.recordResponse', { successMessage: 'Réponse enregistrée.', silentErrors: true })
  const [response, setResponse] = useState<string>(candidate.response === 'en_attente' ? 'accepte' : candidate.response)
  const [quantity, setQuantity] = useState<number | null>(candidate.quantity)
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  return (
    <FormModal opened onClose={onClose} title={`Réponse de ${candidate.actorName}`} size="md">
      <Stack gap="sm">
        <SegmentedControl aria-label="Réponse" data={CANDIDATE_RESPONSE.options} value={response} onChange={setResponse} />
        {response === 'accepte' && (
          <NumberInput
            label="Nombre accepté"
            description="Intervenants, places de stage… (1 si vide)"
            min={1}
            allowDecimal={false}
            value={quantity ?? ''}
            onChange={(value) => setQuantity(value === '' ? null : Number(value))}
            w={220}
            error={dialog.fieldError('quantity', quantity)}
          />
        )}
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              await saveAndClose(() => record.mutateAsync({ candidateId: candidate.id, response: response as never, quantity }))
            }} busy={record.isPending} error={error} confirmLabel="Enregistrer la réponse" />
      </Stack>
    </FormModal>
  )
}

export function RequestScreen() {
  const { id = '' } = useParams()
  const matching = useApiQuery('programmes.request', { id: Number(id) }, { enabled: /^\d+$/.test(id) })
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/programmes/demandes" size="sm" className="no-print">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Toutes les demandes
        </Group>
      </Anchor>
      <QueryState query={matching}>{(data) => <RequestPage matching={data} />}</QueryState>
    </Stack>
  )
}

function RequestPage({ matching }: { matching: Matching }) {
  const reference = useReference()
  const { request, candidates, ranked, placements } = matching
  const [target, setTarget] = useState<Target | null>(null)
  const [answering, setAnswering] = useState<Candidate | null>(null)
  const [other, setOther] = useState<{ key: string; label: string } | null>(null)
  const [placing, setPlacing] = useState<Candidate | null>(null)
  const [allCandidates, setAllCandidates] = useState(false)
  // A satisfied request keeps its ranked candidates out of the way, one click from view.
  const [rankedAnyway, setRankedAnyway] = useState(false)
  const rankedHidden = request.status === 'satisfaite' && !rankedAnyway
  const shownRanked = allCandidates ? ranked : ranked.slice(0, 10)
  const remove = useApiMutation('programmes.deleteCandidate', { successMessage: 'Sollicitation retirée.' })
  const level = request.schoolLevel ? (reference.lookups.schoolLevels.get(request.schoolLevel) ?? request.schoolLevel) : null
  const asked = request.quantity ?? 1
  const placementKind = request.schoolLevel === '3e' ? 'stage_3e' : request.schoolLevel === 'seconde' ? 'stage_seconde' : request.schoolLevel === 'bts' ? 'bts' : request.kind === 'alternance' ? 'alternance' : 'pfmp'
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{request.title}</Title>
          <Group gap="xs">
            <ValueBadge list={REQUEST_STATUS} colors={REQUEST_STATUS_COLORS} value={request.status} />
            <Text size="sm" c="dimmed">
              <Anchor component={Link} to={`/acteurs/${request.requesterKey}`} size="sm">
                {request.requesterName}
              </Anchor>{' '}
              · {[REQUEST_KIND.label(request.kind), level, request.quantity ? plural(request.quantity, 'demandé') : null, request.wantedOn ? `pour le ${formatDate(request.wantedOn)}` : null].filter(Boolean).join(' · ')}
            </Text>
          </Group>
          {request.description && <Text size="sm">{request.description}</Text>}
        </Stack>
        <Stack gap={4} w={260}>
          <Text size="sm" ta="right">
            Trouvés : <b>{formatInteger(request.acceptedQuantity)}</b> sur {formatInteger(asked)}
          </Text>
          <Progress value={Math.min(100, (request.acceptedQuantity / asked) * 100)} color={request.acceptedQuantity >= asked ? 'teal' : 'indigo'} aria-label="Avancement de la demande" />
        </Stack>
      </Group>

      <SectionCard title={`Sollicités (${formatInteger(candidates.length)})`}>
        {candidates.length === 0 ? (
          <Text size="sm" c="dimmed">
            Personne n'a encore été sollicité : choisissez un candidat ci-dessous et notez la sollicitation.
          </Text>
        ) : (
          <Table striped aria-label="Sollicités">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Acteur</Table.Th>
                <Table.Th>Offre</Table.Th>
                <Table.Th w={120}>Sollicité le</Table.Th>
                <Table.Th>Par</Table.Th>
                <Table.Th w={110}>Réponse</Table.Th>
                <Table.Th ta="right" w={90}>
                  Nombre
                </Table.Th>
                <Table.Th w={230} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {candidates.map((row) => (
                <Table.Tr key={row.id} data-testid="candidate">
                  <Table.Td>
                    <Anchor component={Link} to={`/acteurs/${row.actorKey}`} size="sm">
                      {row.actorName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{row.offerTypeLabel ?? '—'}</Table.Td>
                  <Table.Td>{formatDate(row.contactedOn)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{[row.interactionKind ? INTERACTION_KIND.label(row.interactionKind) : null, row.animator].filter(Boolean).join(' — ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <ValueBadge list={CANDIDATE_RESPONSE} colors={CANDIDATE_RESPONSE_COLORS} value={row.response} size="sm" />
                  </Table.Td>
                  <Table.Td className="numeric">{row.response === 'accepte' ? formatInteger(row.quantity ?? 1) : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap" className="no-print">
                      {row.response === 'accepte' && (request.kind === 'stage' || request.kind === 'alternance') && row.organisationId && (
                        <Button size="compact-xs" variant="subtle" onClick={() => setPlacing(row)}>
                          Placer un élève
                        </Button>
                      )}
                      <Button size="compact-xs" variant="light" onClick={() => setAnswering(row)}>
                        {row.response === 'en_attente' ? 'Noter la réponse' : 'Modifier la réponse'}
                      </Button>
                      <Tooltip label="Retirer la sollicitation (le journal la garde)">
                        <Button size="compact-xs" variant="subtle" color="red" aria-label={`Retirer ${row.actorName}`} onClick={() => remove.mutate({ id: row.id })}>
                          <IconTrash size={12} />
                        </Button>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {placements.length > 0 && (
          <Text size="sm" mt="xs">
            <b>Stages issus de la demande :</b>{' '}
            {placements.map((row) => `${PLACEMENT_KIND.label(row.kind)} chez ${row.hostName} le ${formatDate(row.startedOn)} (${PLACEMENT_STATUS.label(row.status)?.toLowerCase()})`).join(' ; ')}
          </Text>
        )}
      </SectionCard>

      <Card withBorder>
        <Group justify="space-between" mb="xs" align="flex-end">
          <Stack gap={2}>
            <Title order={4}>Candidats proposés</Title>
            <Text size="sm" c="dimmed">
              Classés selon le type d'offre, le niveau, la commune, la capacité restante cette année et l'engagement passé.
            </Text>
          </Stack>
          <Group gap="xs" align="flex-end" className="no-print">
            <ActorPicker label="Solliciter un autre acteur" value={other?.key ?? null} onChange={(key, label) => setOther(key ? { key, label: label ?? '' } : null)} w={320} />
            <Button
              variant="light"
              leftSection={<IconPlus size={14} />}
              disabled={!other}
              onClick={() => {
                if (other) setTarget({ actor: other.key, name: other.label, offerId: null })
                setOther(null)
              }}
            >
              Solliciter
            </Button>
          </Group>
        </Group>
        {rankedHidden ? (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              La demande est satisfaite : les candidats proposés sont masqués.
            </Text>
            <Button variant="subtle" size="xs" onClick={() => setRankedAnyway(true)} className="no-print">
              Afficher les candidats proposés
            </Button>
          </Group>
        ) : ranked.length === 0 ? (
          <Alert color="gray" title="Aucune offre ne correspond">
            Aucune offre d'engagement active de ce type dans l'annuaire (ou toutes ont déjà été sollicitées). Sollicitez un acteur choisi à la main.
          </Alert>
        ) : (
          <Table striped highlightOnHover aria-label="Candidats proposés" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>#</Table.Th>
                <Table.Th w="24%">Acteur</Table.Th>
                <Table.Th w="22%">Offre</Table.Th>
                <Table.Th>Pourquoi</Table.Th>
                <Table.Th ta="right" w={100}>
                  <Tooltip
                    multiline
                    w={280}
                    label="Des points pour le type d'offre, le niveau accepté, la même commune, la capacité restante et les engagements passés de l'acteur : élevée à partir de 80 points, moyenne à partir de 50. La liste va de la plus pertinente à la moins pertinente."
                  >
                    <span style={{ cursor: 'help', borderBottom: '1px dotted' }}>Pertinence</span>
                  </Tooltip>
                </Table.Th>
                <Table.Th w={110} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shownRanked.map((row, index) => (
                <Table.Tr key={row.offerId} data-testid="ranked-offer" style={row.capacityLeft === 0 ? { opacity: 0.6 } : undefined}>
                  <Table.Td className="numeric">{index + 1}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/acteurs/${row.actorKey}`} size="sm" fw={500}>
                      {row.actorName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {[reference.lookups.profiles.get(row.profileCode), row.townName].filter(Boolean).join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{row.offerTypeLabel}</Text>
                    <Text size="xs" c="dimmed">
                      {[row.schoolLevels.length ? row.schoolLevels.map((code) => reference.lookups.schoolLevels.get(code) ?? code).join(', ') : 'tous niveaux', row.availability].filter(Boolean).join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{row.reasons.join(' · ')}</Text>
                  </Table.Td>
                  <Table.Td className="numeric">
                    <Badge variant="light" color={row.score >= 80 ? 'teal' : row.score >= 50 ? 'indigo' : 'gray'} title={`${row.score} points`} data-score={row.score}>
                      {row.score >= 80 ? 'Élevée' : row.score >= 50 ? 'Moyenne' : 'Faible'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="light" onClick={() => setTarget({ actor: row.actorKey, name: row.actorName, offerId: row.offerId })} aria-label={`Solliciter ${row.actorName}`}>
                      Solliciter
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {!rankedHidden && ranked.length > 10 && (
          <Button variant="subtle" size="xs" mt="xs" w="fit-content" onClick={() => setAllCandidates(!allCandidates)} className="no-print">
            {allCandidates ? 'Afficher les 10 premiers seulement' : `Afficher les ${ranked.length - 10} autres candidats`}
          </Button>
        )}
      </Card>
      {target && <ContactModal matching={matching} target={target} onClose={() => setTarget(null)} />}
      {answering && <ResponseModal candidate={answering} onClose={() => setAnswering(null)} />}
      {placing && (
        <PlacementModal
          placement={null}
          defaults={{ requestId: request.id, hostKey: placing.actorKey, hostLabel: placing.actorName, schoolKey: request.requesterKey.startsWith('o') ? request.requesterKey : null, schoolLabel: request.requesterName, levelCode: request.schoolLevel, kind: placementKind }}
          onClose={() => setPlacing(null)}
        />
      )}
    </Stack>
  )
}
