import { Accordion, Alert, Anchor, Badge, Button, Card, Group, List, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconShieldLock, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { call } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural, pluralWord } from '../../../../db/rules/format'
import { CONSENT_STATE, purgeSummary, type ConsentState } from '../../../../db/rules/safety-values'
import { subjectPath } from '../../../../db/rules/subject-keys'
import { confirmDanger } from '../../components/confirmDanger'
import { ValueBadge } from '../../components/ValueBadge'
import { useDialogSave } from '../../components/useDialogSave'

type Preview = ApiResult<'privacy.purge.preview'>

const CONSENT_STATE_COLORS: Record<ConsentState, string> = { expire: 'red', bientot: 'orange', sans_echeance: 'gray', valide: 'teal' }

function Register() {
  const register = useApiQuery('privacy.register')
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Registre des traitements</Title>
          <ExportButton run={() => call('privacy.register.export')} label="Exporter le registre (Excel)" />
        </Group>
        <QueryState query={register}>
          {(data) => (
            <Accordion variant="separated" multiple defaultValue={[data.activities[0]!.id]} aria-label="Registre des traitements">
              {data.activities.map((activity) => (
                <Accordion.Item key={activity.id} value={activity.id}>
                  <Accordion.Control>{activity.name}</Accordion.Control>
                  <Accordion.Panel>
                    <Stack gap="xs">
                      <Text size="sm">
                        <b>Finalité.</b> {activity.purpose}
                      </Text>
                      <Text size="sm">
                        <b>Base légale.</b> {activity.legalBasis}
                      </Text>
                      <Text size="sm">
                        <b>Personnes concernées.</b> {activity.dataSubjects}
                      </Text>
                      <Table withTableBorder fz="sm" aria-label={`Données et conservation : ${activity.name}`}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>Catégorie de données</Table.Th>
                            <Table.Th>Durée de conservation</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {activity.categories.map((category) => (
                            <Table.Tr key={category.category}>
                              <Table.Td>{category.category}</Table.Td>
                              <Table.Td>{category.retention}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                      <Text size="sm">
                        <b>Destinataires.</b> {activity.recipients}
                      </Text>
                      <Text size="sm">
                        <b>Sécurité.</b> {activity.safeguards}
                      </Text>
                    </Stack>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )}
        </QueryState>
      </Stack>
    </Card>
  )
}

/** A number field's value for the data layer: an empty field is no number (refused there, never taken as 0). */
const asNumber = (value: number | string) => (value === '' ? Number.NaN : Number(value))

function Retention() {
  const register = useApiQuery('privacy.register')
  const save = useApiMutation('privacy.retention.set', { successMessage: 'Durées de conservation enregistrées.', silentErrors: true })
  const saving = useDialogSave(() => setPreview(null))
  const [grace, setGrace] = useState<number | string>('')
  const [years, setYears] = useState<number | string>('')
  useEffect(() => {
    if (register.data) {
      setGrace(register.data.rules.pupilGraceMonths)
      setYears(register.data.rules.contactInactiveYears)
    }
  }, [register.data])
  const [preview, setPreview] = useState<Preview | null>(null)
  const [loading, setLoading] = useState(false)
  const purge = useApiMutation('privacy.purge.run')

  const showPreview = async () => {
    setLoading(true)
    try {
      setPreview(await call('privacy.purge.preview'))
    } finally {
      setLoading(false)
    }
  }
  const total = preview ? preview.pupils.length + preview.people.length : 0
  const confirmPurge = () =>
    preview &&
    confirmDanger({
      title: 'Appliquer la purge ?',
      children: (
        <Text size="sm">
          {plural(total, 'fiche')} de la liste affichée {pluralWord(total, 'sera', 'seront')} {pluralWord(total, 'anonymisée')} ou {pluralWord(total, 'supprimée')}, définitivement : leurs noms disparaissent du fichier de données et de l'index de recherche. Les participations
          restent comptées.
        </Text>
      ),
      confirmLabel: 'Purger',
      onConfirm: () =>
        purge.mutate(
          { fingerprint: preview.fingerprint },
          {
            onSuccess: (result) => {
              setPreview(null)
              notifications.show({
                color: 'teal',
                title: 'Purge faite',
                message: `${purgeSummary(result)}.`,
              })
            },
          },
        ),
    })
  const rows = preview ? [...preview.pupils, ...preview.people] : []
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Title order={3}>Durées de conservation et purge</Title>
        <form
          aria-label="Durées de conservation"
          onSubmit={(event) => {
            event.preventDefault()
            void saving.submit(() => save.mutateAsync({ pupilGraceMonths: asNumber(grace), contactInactiveYears: asNumber(years) }))
          }}
        >
        <Group align="flex-end">
          <NumberInput
            label="Élèves nommés : mois après la fin de l'année scolaire"
            min={0}
            max={60}
            value={grace}
            onChange={setGrace}
            w={320}
            error={saving.fieldError('pupilGraceMonths', grace)}
          />
          <NumberInput label="Contacts : années sans activité" min={1} max={20} value={years} onChange={setYears} w={240} error={saving.fieldError('contactInactiveYears', years)} />
          <Button type="submit" variant="default" loading={save.isPending}>
            Enregistrer
          </Button>
        </Group>
        </form>
        {saving.error && (
          <Text c="red" size="sm" role="alert">
            {saving.error}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          Les membres du réseau (Vitawiners) ne sont jamais purgés. Un contact compté quelque part (échanges, séances, réunions…) est anonymisé ; les
          autres sont supprimés. Un élève mineur dont le consentement a expiré est anonymisé.
        </Text>
        <Group>
          <Button variant="default" onClick={() => void showPreview()} loading={loading}>
            Aperçu de la purge
          </Button>
          {preview && total > 0 && (
            <Button color="red" leftSection={<IconTrash size={16} />} onClick={confirmPurge} loading={purge.isPending}>
              Purger ces {formatInteger(total)} fiches
            </Button>
          )}
        </Group>
        {preview && total === 0 && <Text size="sm">Rien à purger : aucune fiche n'a dépassé sa durée de conservation.</Text>}
        {preview && total > 0 && (
          <Table striped aria-label="Aperçu de la purge">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Fiche</Table.Th>
                <Table.Th>Raison</Table.Th>
                <Table.Th>Dernière activité</Table.Th>
                <Table.Th>Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.slice(0, 500).map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>
                    <Anchor component={Link} to={subjectPath(row.key)} size="sm">
                      {row.name}
                    </Anchor>{' '}
                    <Text span size="xs" c="dimmed">
                      ({row.kind})
                    </Text>
                  </Table.Td>
                  <Table.Td>{row.reason}</Table.Td>
                  <Table.Td>{formatDate(row.lastActivity)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={row.action === 'supprimer' ? 'red' : 'grape'}>
                      {row.action === 'supprimer' ? 'Supprimer' : 'Anonymiser'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {rows.length > 500 && <Text size="sm">… et {formatInteger(rows.length - 500)} autres fiches.</Text>}
      </Stack>
    </Card>
  )
}

function Consents() {
  const consents = useApiQuery('privacy.consents')
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Title order={3}>Consentements des élèves mineurs nommés</Title>
        <QueryState query={consents}>
          {(data) =>
            data.length === 0 ? (
              <Text c="dimmed">Aucun élève mineur n'est nommé.</Text>
            ) : (
              <Table striped aria-label="Consentements">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Élève</Table.Th>
                    <Table.Th>Établissement, année</Table.Th>
                    <Table.Th>Donné par</Table.Th>
                    <Table.Th>Le</Table.Th>
                    <Table.Th>Pour</Table.Th>
                    <Table.Th>Jusqu'au</Table.Th>
                    <Table.Th>État</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((consent) => (
                    <Table.Tr key={consent.pupilKey}>
                      <Table.Td>{consent.pupil}</Table.Td>
                      <Table.Td>{[consent.school, consent.schoolYear].filter(Boolean).join(' · ')}</Table.Td>
                      <Table.Td>{consent.givenBy ?? '—'}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(consent.givenOn)}</Table.Td>
                      <Table.Td>{consent.scope ?? '—'}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(consent.expiresOn)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <ValueBadge list={CONSENT_STATE} colors={CONSENT_STATE_COLORS} value={consent.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Stack>
    </Card>
  )
}

function PersonRequest() {
  const [query, setQuery] = useState('')
  const [subject, setSubject] = useState<string | null>(null)
  const found = useApiQuery('privacy.person.find', { query }, { enabled: query.trim().length >= 2 })
  const summary = useApiQuery('privacy.person.summary', { subject: subject ?? 'p1' }, { enabled: subject !== null })
  const erase = useApiMutation('privacy.person.erase')
  const confirmErase = (name: string, key: string) =>
    confirmDanger({
      title: `Effacer ${name} ?`,
      children: (
        <Text size="sm">
          Le nom, les coordonnées et les notes de {name} seront effacés partout : sa fiche, les échanges et les lignes qui le concernent, les mentions de son nom
          ailleurs, le journal des modifications, l'index de recherche. Ses participations restent comptées, sans son nom. Cette action est définitive
          (les sauvegardes déjà faites le contiennent encore jusqu'à leur rotation).
        </Text>
      ),
      confirmLabel: 'Effacer',
      onConfirm: () =>
        erase.mutate(
          { subject: key, confirm: true },
          {
            onSuccess: () => {
              notifications.show({ color: 'teal', title: 'Personne effacée', message: `${name} n'apparaît plus dans les données.` })
              setQuery('')
            },
          },
        ),
    })
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Title order={3}>Demande d'une personne (accès, effacement)</Title>
        <TextInput
          label="Nom ou courriel"
          placeholder="Contact ou élève"
          value={query}
          onChange={(event) => {
            setQuery(event.currentTarget.value)
            setSubject(null)
          }}
          maw={420}
        />
        {found.data && found.data.length === 0 && <Text size="sm">Personne ne correspond.</Text>}
        {found.data && found.data.length > 0 && (
          <Table highlightOnHover aria-label="Personnes trouvées" maw={800}>
            <Table.Tbody>
              {found.data.map((candidate) => (
                <Table.Tr key={candidate.key} bg={subject === candidate.key ? 'var(--mantine-color-teal-light)' : undefined}>
                  <Table.Td>
                    {candidate.name} {candidate.anonymised && <Badge size="xs">anonymisé</Badge>}
                  </Table.Td>
                  <Table.Td c="dimmed">
                    {candidate.kind} {candidate.detail && `· ${candidate.detail}`}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="default" onClick={() => setSubject(candidate.key)}>
                      Voir ce que l'application détient
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {subject && (
          <QueryState query={summary}>
            {(data) => (
              <Stack gap="xs">
                <Text fw={600}>
                  {data.subject.name} ({data.subject.kind})
                </Text>
                <List size="sm" aria-label="Données détenues">
                  {data.sections.map((section) => (
                    <List.Item key={`${section.table}.${section.via}`}>
                      {section.label}
                      {section.via ? '' : ' (la fiche)'} : {plural(section.rows, 'ligne')}
                    </List.Item>
                  ))}
                  <List.Item>Mentions de son nom ailleurs : {formatInteger(data.mentions.length)}</List.Item>
                  <List.Item>Journal des modifications : {plural(data.historyRows, 'ligne')}</List.Item>
                </List>
                <Group>
                  <ExportButton
                    run={() => call('privacy.person.export', { subject: data.subject.key })}
                    label="Exporter ses données (Excel)"
                  />
                  {!data.subject.anonymised && (
                    <Button color="red" variant="light" leftSection={<IconShieldLock size={16} />} onClick={() => confirmErase(data.subject.name, data.subject.key)} loading={erase.isPending}>
                      Effacer cette personne…
                    </Button>
                  )}
                </Group>
              </Stack>
            )}
          </QueryState>
        )}
      </Stack>
    </Card>
  )
}

/** Paramètres → Données personnelles. */
export function PrivacyPanel() {
  return (
    <Stack maw={1100}>
      <Alert color="blue" variant="light" icon={<IconShieldLock />}>
        Le réseau détient des données personnelles, dont celles d'élèves mineurs. Ne nommez un élève que si c'est nécessaire (stage, mentorat), avec le
        consentement de ses parents ; partout ailleurs, comptez-les.
      </Alert>
      <Register />
      <Retention />
      <Consents />
      <PersonRequest />
    </Stack>
  )
}
