import { ActionIcon, Alert, Anchor, Badge, Button, Card, Drawer, Group, NumberInput, Select, Stack, Table, Tabs, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core'
import { IconInfoCircle, IconPencil } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { todayIso } from '../../../../db/rules/dates'
import { call } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useHasRecords } from '../../app/database'
import { useLoadedVersion } from '../../components/StaleRecord'
import { DateField } from '../../components/DateField'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatDecimal, formatInteger } from '../../../../db/rules/format'
import { TerritoryMap } from './TerritoryMap'
import { usePeriod } from './usePeriod'
import { ModalFooter } from '../../components/ModalFooter'
import { FormModal } from '../../components/FormModal'
import { useDialogSave, type DialogSave } from '../../components/useDialogSave'

type Table = ApiResult<'indicators.table'>
type Row = Table['indicators'][number]

function RecordsDrawer({ row, onClose }: { row: Row; onClose: () => void }) {
  const records = useApiQuery('indicators.records', { code: row.code, period: row.period })
  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={`${row.name} — ${row.period}`}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {row.description}
        </Text>
        <QueryState query={records}>
          {(data) => (
            <Stack gap="xs">
              <Text fw={600}>
                Valeur : {data.value === null ? '—' : formatDecimal(data.value)} {row.unit}
              </Text>
              {data.records.length > 0 && (
                <Text size="sm" c="dimmed">
                  {data.records.length === 1 ? "L'enregistrement à l'origine du chiffre :" : `Les ${formatInteger(data.records.length)} enregistrements à l'origine du chiffre :`}
                </Text>
              )}
              {data.records.length === 0 ? (
                <Text size="sm" c="dimmed">Aucun enregistrement pour cette période.</Text>
              ) : (
                <Table striped aria-label="Enregistrements à l'origine du chiffre">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={110}>Date</Table.Th>
                      <Table.Th>Quoi</Table.Th>
                      <Table.Th>Détail</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.records.slice(0, 1000).map((record, index) => (
                      <Table.Tr key={index}>
                        <Table.Td>{formatDate(record.date)}</Table.Td>
                        <Table.Td>{record.link ? <Anchor component={Link} to={record.link} size="sm">{record.label}</Anchor> : record.label}</Table.Td>
                        <Table.Td>{record.detail ?? ''}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Drawer>
  )
}

function EditModal({ row, onClose }: { row: Row; onClose: () => void }) {
  const setTarget = useApiMutation('indicators.setTarget', { silentErrors: true })
  const setValue = useApiMutation('indicators.setValue', { silentErrors: true })
  const targetVersion = useLoadedVersion(row.targetVersion)
  const valueVersion = useLoadedVersion(row.valueVersion)
  const [target, setTargetValue] = useState<number | string>(row.target ?? '')
  const [value, setValueValue] = useState<number | string>(row.source === 'manual' ? (row.value ?? '') : '')
  const [source, setSource] = useState(row.valueSource ?? '')
  const [measuredOn, setMeasuredOn] = useState<string | null>(row.measuredOn ?? todayIso())
  const dialog = useDialogSave(onClose)
  const save = () =>
    dialog.submit(async () => {
      await setTarget.mutateAsync({ indicatorCode: row.code, period: row.period, target: target === '' ? null : Number(target), version: targetVersion })
      if (row.source === 'manual') {
        await setValue.mutateAsync({ indicatorCode: row.code, period: row.period, value: value === '' ? null : Number(value), source, measuredOn: measuredOn ?? undefined, version: valueVersion })
      }
    })
  return (
    <FormModal opened onClose={onClose} title={`${row.name} — ${row.period}`} size="lg">
      <Stack gap="sm">
        <NumberInput label={`Cible (${row.unit})`} value={target} onChange={setTargetValue} min={0} decimalSeparator="," thousandSeparator=" " error={dialog.fieldError('target', target)} />
        {row.source === 'manual' && (
          <>
            <NumberInput label={`Valeur mesurée (${row.unit})`} value={value} onChange={setValueValue} decimalSeparator="," thousandSeparator=" " error={dialog.fieldError('value', value)} />
            <TextInput label="Source" placeholder="Ex. : enquête annuelle auprès des partenaires" value={source} onChange={(event) => setSource(event.currentTarget.value)} error={dialog.fieldError('source', source)} />
            <DateField label="Date de la mesure" value={measuredOn} onChange={setMeasuredOn} error={dialog.fieldError('measuredOn', measuredOn)} />
          </>
        )}
        <ModalFooter onCancel={onClose} onConfirm={() => void save()} busy={setTarget.isPending || setValue.isPending} error={dialog.error} />
      </Stack>
    </FormModal>
  )
}

function Narrative({ dimension, period }: { dimension: Table['dimensions'][number]; period: string }) {
  const [text, setText] = useState(dimension.narrative)
  // The text the field was loaded with, and its version: the one a save names.
  const [loaded, setLoaded] = useState({ text: dimension.narrative, version: dimension.narrativeVersion })
  const save = useApiMutation('indicators.setNarrative', { successMessage: 'Récit enregistré.', silentErrors: true })
  // Refusals on the field, a text changed meanwhile under it (« Fermer » puts the message away); nothing typed is lost.
  const saving: DialogSave = useDialogSave(() => saving.fail(null))
  useEffect(() => {
    // A text read again (another animator's) takes the field's place only when nothing was typed
    // since (or when it is what was typed: this field's own save); otherwise the save is refused,
    // saying who changed it, and nothing typed is lost.
    if (text !== loaded.text && text !== dimension.narrative) return
    setText(dimension.narrative)
    setLoaded({ text: dimension.narrative, version: dimension.narrativeVersion })
  }, [dimension.narrative, dimension.narrativeVersion])
  return (
    <Stack
      component="form"
      gap={4}
      onSubmit={(event) => {
        event.preventDefault()
        void saving.submit(() => save.mutateAsync({ dimensionCode: dimension.code, period, text, version: loaded.version }))
      }}
    >
      <Textarea
        label={`Récit — ${dimension.label}`}
        description={dimension.description}
        autosize
        minRows={3}
        maxRows={16}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        error={saving.fieldError('text', text)}
      />
      {typeof saving.error === 'string' ? (
        <Text c="red" size="sm" role="alert">
          {saving.error}
        </Text>
      ) : (
        saving.error
      )}
      <Group justify="flex-end">
        <Button type="submit" size="xs" variant="light" disabled={text === dimension.narrative} loading={save.isPending}>
          Enregistrer le récit
        </Button>
      </Group>
    </Stack>
  )
}

function Catalogue({ period }: { period: string }) {
  const table = useApiQuery('indicators.table', { period })
  const [params] = useSearchParams()
  const [drill, setDrill] = useState<Row | null>(null)
  const [editing, setEditing] = useState<Row | null>(null)
  const wanted = params.get('indicateur')
  useEffect(() => {
    if (wanted && table.data) setDrill(table.data.indicators.find((row) => row.code === wanted) ?? null)
  }, [wanted, table.data])
  return (
    <QueryState query={table}>
      {(data) => (
        <Stack>
          {data.dimensions.map((dimension) => (
            <Card withBorder key={dimension.code}>
              <Title order={3} mb="xs">
                {dimension.label}
              </Title>
              {/* Fixed column widths: the tables of the three dimensions line up. */}
              <Table striped layout="fixed" aria-label={`Indicateurs — ${dimension.label}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Indicateur</Table.Th>
                    <Table.Th ta="right" w={100}>
                      Valeur
                    </Table.Th>
                    <Table.Th ta="right" w={90}>
                      Cible
                    </Table.Th>
                    <Table.Th w={150}>Unité</Table.Th>
                    <Table.Th w={150}>Période</Table.Th>
                    <Table.Th w={220}>Source</Table.Th>
                    <Table.Th w={50} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.indicators
                    .filter((row) => row.dimensionCode === dimension.code)
                    .map((row) => (
                      <Table.Tr key={row.code}>
                        <Table.Td>
                          <Tooltip label={row.description} multiline w={360}>
                            <Text size="sm">{row.name}</Text>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td className="numeric">
                          <Anchor component="button" size="sm" onClick={() => setDrill(row)} aria-label={`Détail de ${row.name}`}>
                            {row.value === null ? '—' : formatDecimal(row.value)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td className="numeric">{row.target === null ? '—' : formatDecimal(row.target)}</Table.Td>
                        <Table.Td>{row.unit}</Table.Td>
                        <Table.Td>{/^\d{4}$/.test(row.period) ? `Année civile ${row.period}` : row.period}</Table.Td>
                        <Table.Td>
                          {row.source === 'manual' ? (
                            <Text size="xs">{row.valueSource ? `${row.valueSource} (${formatDate(row.measuredOn)})` : <Badge color="orange" variant="light">À saisir</Badge>}</Text>
                          ) : (
                            <Text size="xs" c="dimmed">
                              Calculé
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <ActionIcon variant="subtle" aria-label={`Modifier la cible de ${row.name}`} onClick={() => setEditing(row)}>
                            <IconPencil size={14} />
                          </ActionIcon>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
              <Narrative dimension={dimension} period={data.period} />
            </Card>
          ))}
          {drill && <RecordsDrawer row={drill} onClose={() => setDrill(null)} />}
          {editing && <EditModal row={editing} onClose={() => setEditing(null)} />}
        </Stack>
      )}
    </QueryState>
  )
}

function FunderReport({ period, setPeriod, choices }: { period: string; setPeriod: (period: string) => void; choices: string[] }) {
  return (
    <Card withBorder maw={800}>
      <Stack gap="sm">
        <Title order={3}>Rapport pour les financeurs</Title>
        <Text size="sm">
          Un classeur Excel pour la période {period}, lisible sans l'application : Synthèse (chiffres clés et cibles, récits Performance, Innovation, Confiance),
          Indicateurs (chaque indicateur sur trois périodes), Actions (programmes, éditions, séances), Acteurs engagés par commune et par profil, Participations.
        </Text>
        <Alert color="gray">Les chiffres du rapport sont ceux du tableau de bord pour la même période : ils sont calculés de la même façon.</Alert>
        <Group align="flex-end">
          <Select label="Période du rapport" data={choices} value={period} onChange={(value) => value && setPeriod(value)} allowDeselect={false} w={180} />
          <ExportButton label={`Exporter le rapport ${period} (Excel)`} run={() => call('indicators.exportFunder', { period })} variant="filled" />
        </Group>
      </Stack>
    </Card>
  )
}

const TABS = [
  { value: 'catalogue', label: 'Indicateurs' },
  { value: 'carte', label: 'Carte du territoire' },
  { value: 'rapport', label: 'Rapport financeurs' },
]

/** On a database with nothing to count yet: where the figures will come from, instead of rows of zeros without a word. */
function NothingCountedYet() {
  const counted = useHasRecords('organisations', 'people', 'pupils', 'editions', 'placements', 'mentoring_pairs', 'working_groups', 'interactions', 'indicator_values')
  if (counted !== false) return null
  return (
    <Alert color="blue" icon={<IconInfoCircle />} title="Rien n'est encore compté">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          Les indicateurs se calculent à partir de l'annuaire, des programmes (séances, classes, participants), des stages et du mentorat ; ils sont à
          zéro tant que rien n'y est enregistré. Les indicateurs saisis à la main (une enquête) et les cibles de l'année se notent dès maintenant avec le
          crayon de chaque ligne.
        </Text>
        <Group gap="xs">
          <Button size="xs" variant="white" component={Link} to="/acteurs/import">
            Importer l'annuaire
          </Button>
          <Button size="xs" variant="white" component={Link} to="/programmes">
            Ouvrir une édition de programme
          </Button>
        </Group>
      </Stack>
    </Alert>
  )
}

export function IndicatorsScreen() {
  const [period, setPeriod, choices] = usePeriod()
  const location = useLocation()
  const navigate = useNavigate()
  const tab = location.pathname.endsWith('/carte') ? 'carte' : location.pathname.endsWith('/rapport') ? 'rapport' : 'catalogue'
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Indicateurs</Title>
        <Select aria-label="Année scolaire" data={choices} value={period} onChange={(value) => value && setPeriod(value)} allowDeselect={false} w={160} />
      </Group>
      <Tabs value={tab} onChange={(value) => navigate(`/indicateurs${value === 'catalogue' ? '' : `/${value}`}?periode=${period}`)}>
        <Tabs.List>
          {TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <NothingCountedYet />
      {tab === 'catalogue' && <Catalogue period={period} />}
      {tab === 'carte' && <TerritoryMap period={period} />}
      {tab === 'rapport' && <FunderReport period={period} setPeriod={setPeriod} choices={choices} />}
    </Stack>
  )
}
