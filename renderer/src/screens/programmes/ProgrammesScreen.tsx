import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, Radio, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { IconPlus, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { currentSchoolYear, nextSchoolYear } from '../../../../db/rules/school-year'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActorPicker } from '../../components/ActorPicker'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../../../db/rules/format'
import { EDITION_STATUS_COLORS } from './labels'
import type { ValueList } from '../../../../db/rules/value-list'
import { schoolYearOptions } from './PupilFields'
import { EDITION_STATUS, PROGRAMME_PARTNER_ROLE } from '../../../../db/rules/programme-values'
import { useDialogSave } from '../../components/useDialogSave'
import { ValueBadge } from '../../components/ValueBadge'
import { FormModal } from '../../components/FormModal'

type Programme = ApiResult<'programmes.list'>[number]

const SHOWN_EDITIONS = 4

/** A new edition of a programme: from the step template, as a copy of the latest edition, or empty. */
export function NewEditionModal({ programme, onClose }: { programme: Programme; onClose: () => void }) {
  const navigate = useNavigate()
  const create = useApiMutation('programmes.createEdition', { successMessage: 'Édition créée.', silentErrors: true })
  const latest = programme.editions[0]
  const suggested = latest ? nextSchoolYear(latest.schoolYear) : currentSchoolYear()
  const [schoolYear, setSchoolYear] = useState(suggested)
  const [from, setFrom] = useState<'copy' | 'template' | 'empty'>(latest ? 'copy' : programme.templateSteps.length ? 'template' : 'empty')
  const [title, setTitle] = useState('')
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  const years = [...new Set([...schoolYearOptions(), suggested])].sort()
  return (
    <FormModal opened onClose={onClose} title={`Nouvelle édition — ${programme.shortName}`} size="lg">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <Select label="Année scolaire" data={years} value={schoolYear} onChange={(value) => value && setSchoolYear(value)} allowDeselect={false} error={dialog.fieldError('schoolYear', schoolYear)} />
          <TextInput label="Titre" placeholder={`${programme.shortName} ${schoolYear}`} value={title} onChange={(event) => setTitle(event.currentTarget.value)} error={dialog.fieldError('title', title)} />
        </SimpleGrid>
        <Radio.Group label="Point de départ" value={from} onChange={(value) => setFrom(value as typeof from)}>
          <Stack gap="xs" mt={6}>
            {latest && (
              <Radio
                value="copy"
                label={`Reprendre l'édition « ${latest.title} »`}
                description="Ses partenaires et ses étapes, sans les séances ni les résultats."
              />
            )}
            {programme.templateSteps.length > 0 && (
              <Radio value="template" label={`Partir du modèle (${programme.templateSteps.length} étapes)`} description={programme.templateSteps.join(' · ')} />
            )}
            <Radio value="empty" label="Édition vide" description="Les étapes s'ajoutent ensuite une à une." />
          </Stack>
        </Radio.Group>
        <ModalFooter
          onCancel={onClose}
          onConfirm={() =>
            void saveAndClose(async () => {
              const result = await create.mutateAsync({ programmeId: programme.id, schoolYear, title: title || null, from, copyFromId: from === 'copy' ? (latest?.id ?? null) : null })
              navigate(`/programmes/editions/${result.id}`)
            })
          }
          busy={create.isPending}
          error={error}
          confirmLabel="Créer l'édition"
        />
      </Stack>
    </FormModal>
  )
}

/** Adds a partner or referent to a programme or to an edition. */
export function PartnerModal({ title, roles, onSave, onClose }: { title: string; roles: ValueList<string>; onSave: (actor: string, role: string) => Promise<unknown>; onClose: () => void }) {
  const [actor, setActor] = useState<string | null>(null)
  const [role, setRole] = useState<string>(roles.codes[0])
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  const [busy, setBusy] = useState(false)
  return (
    <FormModal opened onClose={onClose} title={title} size="lg">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <ActorPicker label="Organisation ou personne" value={actor} onChange={(key) => setActor(key)} error={dialog.fieldError('actor', actor)} />
          <Select label="Rôle" data={roles.options} value={role} onChange={(value) => value && setRole(value)} allowDeselect={false} error={dialog.fieldError('role', role)} />
        </SimpleGrid>
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              if (!actor) return dialog.refuse('actor', "Choisissez un acteur de l'annuaire.")
              setBusy(true)
              await saveAndClose(() => onSave(actor, role))
              setBusy(false)
            }} busy={busy} error={error} confirmLabel="Ajouter" />
      </Stack>
    </FormModal>
  )
}

function ProgrammeCard({ programme }: { programme: Programme }) {
  const [creating, setCreating] = useState(false)
  const [addingPartner, setAddingPartner] = useState(false)
  const [all, setAll] = useState(false)
  const savePartner = useApiMutation('programmes.savePartner', { successMessage: 'Partenaire ajouté.', silentErrors: true })
  const deletePartner = useApiMutation('programmes.deletePartner', { successMessage: 'Partenaire retiré.' })
  const shown = all ? programme.editions : programme.editions.slice(0, SHOWN_EDITIONS)
  return (
    <Card withBorder data-testid="programme" aria-label={programme.name}>
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <Stack gap={2}>
          <Title order={3}>{programme.name}</Title>
          {programme.description && (
            <Text size="sm" c="dimmed">
              {programme.description}
            </Text>
          )}
        </Stack>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} className="no-print" style={{ flexShrink: 0 }}>
          Nouvelle édition
        </Button>
      </Group>
      <Group gap="xs" mb="sm">
        <Text size="sm" fw={600}>
          Partenaires et référents :
        </Text>
        {programme.partners.length === 0 && (
          <Text size="sm" c="dimmed">
            aucun
          </Text>
        )}
        {programme.partners.map((partner) => (
          <Badge
            key={partner.id}
            variant="light"
            size="lg"
            color={partner.role === 'referent' ? 'grape' : 'blue'}
            rightSection={
              <ActionIcon size="xs" variant="transparent" color="gray" aria-label={`Retirer ${partner.actorName}`} onClick={() => deletePartner.mutate({ id: partner.id, version: partner.version })}>
                <IconX size={10} />
              </ActionIcon>
            }
            style={{ textTransform: 'none', fontWeight: 500 }}
          >
            <Anchor component={Link} to={`/acteurs/${partner.actorKey}`} inherit>
              {partner.actorName}
            </Anchor>
            {partner.role === 'referent' ? ' (référent)' : ''}
          </Badge>
        ))}
        <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => setAddingPartner(true)} className="no-print">
          Ajouter
        </Button>
      </Group>
      {programme.editions.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucune édition pour l'instant : créez la première avec « Nouvelle édition ».
        </Text>
      ) : (
        <Table striped highlightOnHover aria-label={`Éditions — ${programme.shortName}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>Année</Table.Th>
              <Table.Th>Édition</Table.Th>
              <Table.Th w={160}>Statut</Table.Th>
              <Table.Th ta="right" w={140}>
                Étapes réalisées
              </Table.Th>
              <Table.Th ta="right" w={150}>
                Séances réalisées
              </Table.Th>
              <Table.Th ta="right" w={130}>
                Élèves touchés
              </Table.Th>
              <Table.Th w={130}>Dernière date</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((edition) => (
              <Table.Tr key={edition.id}>
                <Table.Td>{edition.schoolYear}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/programmes/editions/${edition.id}`} size="sm" fw={500}>
                    {edition.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <ValueBadge list={EDITION_STATUS} colors={EDITION_STATUS_COLORS} value={edition.status} />
                </Table.Td>
                <Table.Td className="numeric">
                  {formatInteger(edition.sequencesDone)} / {formatInteger(edition.sequences)}
                </Table.Td>
                <Table.Td className="numeric">
                  {formatInteger(edition.sessionsDone)} / {formatInteger(edition.sessions)}
                </Table.Td>
                <Table.Td className="numeric">{edition.pupils ? formatInteger(edition.pupils) : '—'}</Table.Td>
                <Table.Td>{formatDate(edition.lastSessionOn)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {programme.editions.length > SHOWN_EDITIONS && (
        <Button variant="subtle" size="xs" mt="xs" onClick={() => setAll(!all)} w="fit-content" className="no-print">
          {all ? 'Afficher les éditions récentes seulement' : `Afficher les ${programme.editions.length - SHOWN_EDITIONS} éditions précédentes`}
        </Button>
      )}
      {creating && <NewEditionModal programme={programme} onClose={() => setCreating(false)} />}
      {addingPartner && (
        <PartnerModal
          title={`Partenaire ou référent — ${programme.shortName}`}
          roles={PROGRAMME_PARTNER_ROLE}
          onSave={(actor, role) => savePartner.mutateAsync({ id: null, values: { programmeId: programme.id, actor, role: role as never } })}
          onClose={() => setAddingPartner(false)}
        />
      )}
    </Card>
  )
}

export function ProgrammesScreen() {
  const programmes = useApiQuery('programmes.list')
  return (
    <QueryState query={programmes}>
      {(rows) =>
        rows.length === 0 ? (
          <Alert color="gray" title="Aucun programme">
            Les programmes du réseau (Q2ER, mentorat, conférences…) apparaissent ici.
          </Alert>
        ) : (
          <Stack gap="md">
            {rows.map((programme) => (
              <ProgrammeCard key={programme.id} programme={programme} />
            ))}
          </Stack>
        )
      }
    </QueryState>
  )
}
