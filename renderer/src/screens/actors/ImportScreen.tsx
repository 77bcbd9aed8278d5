import { Alert, Badge, Button, Card, Checkbox, Group, Progress, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { IconBuildingFactory2, IconFileImport } from '@tabler/icons-react'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { IMPORT_FIELDS, type ColumnMapping, type ImportTarget } from '../../../../db/rules/import-fields'
import { call, errorMessage, type ProgressListener } from '../../api/client'
import { pickFile } from '../../api/files'
import { useReference } from '../../api/reference'
import { formatInteger } from '../../format'
import { plural } from '../../../../db/rules/programme-labels'

type Inspection = ApiResult<'actors.import.inspect'>
type Report = ApiResult<'actors.import.preview'>

interface ProgressState {
  phase: string
  done: number
  total?: number
}

function ProgressLine({ progress }: { progress: ProgressState | null }) {
  if (!progress) return null
  const percent = progress.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null
  return (
    <Stack gap={4} aria-live="polite">
      <Text size="sm">
        {progress.phase}
        {percent !== null ? ` — ${percent} %` : ` — ${formatInteger(progress.done)}`}
      </Text>
      <Progress value={percent ?? 100} animated={percent === null} />
    </Stack>
  )
}

function useProgress(): [ProgressState | null, ProgressListener, () => void] {
  const [progress, setProgress] = useState<ProgressState | null>(null)
  return [progress, (next) => setProgress(next), () => setProgress(null)]
}

function SireneCard() {
  const client = useQueryClient()
  const [progress, onProgress, clear] = useProgress()
  const [result, setResult] = useState<ApiResult<'actors.import.sirene'> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [running, setRunning] = useState(false)
  const start = async () => {
    setError(null)
    setResult(null)
    const file = await pickFile({ title: 'Fichier SIRENE StockEtablissement', extensions: ['csv'], kindLabel: 'Fichier SIRENE (CSV)' }).catch((caught: unknown) => {
      setError(errorMessage(caught))
      return null
    })
    if (!file) return
    setRunning(true)
    try {
      setResult(await call('actors.import.sirene', { fileId: file.fileId }, { onProgress }))
      await client.invalidateQueries()
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setRunning(false)
      clear()
    }
  }
  return (
    <Card withBorder id="import-sirene">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Registre des entreprises (SIRENE)</Title>
          <Button variant="light" leftSection={<IconBuildingFactory2 size={16} />} onClick={() => void start()} loading={running}>
            Importer un fichier SIRENE…
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Le fichier « StockEtablissement » de l'INSEE (national ou départemental). Les établissements actifs du territoire deviennent des prospects ;
          un nouvel import met à jour ceux déjà connus et signale ceux qui ont fermé.
        </Text>
        <ProgressLine progress={progress} />
        {error && (
          <Alert color="red" title="Import SIRENE impossible">
            {error}
          </Alert>
        )}
        {result && (
          <Alert color="teal" title="Import SIRENE terminé">
            {formatInteger(result.linesRead)} lignes lues, {formatInteger(result.inTerritory)} établissements du territoire : {formatInteger(result.created)} ajoutés,{' '}
            {formatInteger(result.updated)} mis à jour, {formatInteger(result.closed)} fermetures signalées.
          </Alert>
        )}
      </Stack>
    </Card>
  )
}

export function ImportScreen() {
  const client = useQueryClient()
  const reference = useReference()
  const [target, setTarget] = useState<ImportTarget>('organisations')
  const [defaultProfile, setDefaultProfile] = useState<string>('entreprise')
  const [file, setFile] = useState<{ fileId: string; name: string } | null>(null)
  const [inspection, setInspection] = useState<Inspection | null>(null)
  const [mapping, setMapping] = useState<ColumnMapping>({})
  const [report, setReport] = useState<Report | null>(null)
  const [done, setDone] = useState<Report | null>(null)
  const [skipInvalid, setSkipInvalid] = useState(false)
  const [mappingName, setMappingName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [progress, onProgress, clearProgress] = useProgress()

  const reset = () => {
    setReport(null)
    setDone(null)
    setError(null)
  }

  const inspect = async (chosen: { fileId: string; name: string }, forTarget: ImportTarget) => {
    reset()
    setBusy(true)
    try {
      const result = await call('actors.import.inspect', { fileId: chosen.fileId, target: forTarget })
      setInspection(result)
      setMapping(result.saved?.mapping ?? result.guessed)
      if (result.saved?.defaultProfile) setDefaultProfile(result.saved.defaultProfile)
      setMappingName(result.saved?.name ?? '')
    } catch (caught) {
      setInspection(null)
      setError(errorMessage(caught))
    } finally {
      setBusy(false)
    }
  }

  const choose = async () => {
    try {
      const chosen = await pickFile({ title: 'Fichier à importer', extensions: ['xlsx', 'csv'], kindLabel: 'Classeur Excel ou CSV' })
      if (!chosen) return
      setFile(chosen)
      await inspect(chosen, target)
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }

  const args = () => ({ fileId: file!.fileId, target, mapping, defaultProfile, sheet: inspection?.sheet, skipInvalid })

  const check = async () => {
    reset()
    setBusy(true)
    try {
      setReport(await call('actors.import.preview', args(), { onProgress }))
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setBusy(false)
      clearProgress()
    }
  }

  const commit = async () => {
    setError(null)
    setBusy(true)
    try {
      const result = await call(
        'actors.import.commit',
        { ...args(), saveMappingAs: mappingName.trim() || undefined, headers: inspection?.headers },
        { onProgress },
      )
      setDone(result)
      setReport(null)
      await client.invalidateQueries()
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setBusy(false)
      clearProgress()
    }
  }

  const fieldOptions = [{ value: '', label: '— Ne pas importer —' }, ...IMPORT_FIELDS[target].map((field) => ({ value: field.id, label: field.required ? `${field.label} *` : field.label }))]
  const problems = report?.rows.filter((row) => row.action === 'error') ?? []

  return (
    <Stack gap="md" maw={1200}>
      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>Importer un classeur Excel ou un fichier CSV</Title>
          <SimpleGrid cols={3}>
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                Le fichier contient des
              </Text>
              <SegmentedControl
                value={target}
                onChange={(value) => {
                  setTarget(value as ImportTarget)
                  if (file) void inspect(file, value as ImportTarget)
                }}
                data={[
                  { value: 'organisations', label: 'Organisations' },
                  { value: 'people', label: 'Personnes' },
                ]}
              />
            </Stack>
            <Select
              label="Profil des lignes qui n'en indiquent pas"
              data={(reference.data?.profiles ?? []).map((profile) => ({ value: profile.code, label: profile.label }))}
              value={defaultProfile}
              onChange={(value) => value && setDefaultProfile(value)}
              allowDeselect={false}
            />
            <Stack gap={4} justify="flex-end">
              <Button leftSection={<IconFileImport size={16} />} onClick={() => void choose()} loading={busy && !inspection}>
                Choisir un fichier…
              </Button>
            </Stack>
          </SimpleGrid>
          {file && (
            <Text size="sm">
              Fichier : <b>{file.name}</b>
              {inspection?.rowCountEstimate ? ` — environ ${formatInteger(inspection.rowCountEstimate)} lignes` : ''}
            </Text>
          )}
        </Stack>
      </Card>

      {error && (
        <Alert color="red" title="Import impossible" role="alert">
          {error}
        </Alert>
      )}

      {inspection && !done && (
        <Card withBorder>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={4}>Correspondance des colonnes</Title>
              {inspection.saved && <Badge variant="light">Correspondance « {inspection.saved.name} » reprise</Badge>}
            </Group>
            <Text size="sm" c="dimmed">
              Chaque colonne du fichier est associée à un champ de la fiche (deviné d'après son titre ; modifiable). Les colonnes marquées « Ne pas importer » sont ignorées.
            </Text>
            <Table withTableBorder aria-label="Correspondance des colonnes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Colonne du fichier</Table.Th>
                  <Table.Th>Exemples</Table.Th>
                  <Table.Th w={300}>Champ de la fiche</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {inspection.headers.map((header, column) => (
                  <Table.Tr key={column}>
                    <Table.Td>{header || <Text c="dimmed">(sans titre)</Text>}</Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {inspection.preview
                          .map((row) => row.cells[column])
                          .filter((cell) => cell !== null && cell !== undefined && cell !== '')
                          .slice(0, 3)
                          .map((cell) => (typeof cell === 'object' ? JSON.stringify(cell) : String(cell)))
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Champ pour la colonne ${header}`}
                        data={fieldOptions}
                        value={mapping[String(column)] ?? ''}
                        onChange={(value) => {
                          setMapping({ ...mapping, [String(column)]: value || null })
                          reset()
                        }}
                        allowDeselect={false}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group align="flex-end">
              <TextInput label="Enregistrer cette correspondance sous le nom (facultatif)" value={mappingName} onChange={(event) => setMappingName(event.currentTarget.value)} w={380} />
              <Button onClick={() => void check()} loading={busy && !report} variant="light">
                Vérifier le fichier
              </Button>
            </Group>
            <ProgressLine progress={progress} />
          </Stack>
        </Card>
      )}

      {report && (
        <Card withBorder>
          <Stack gap="sm">
            <Title order={4}>Aperçu de l'import</Title>
            <Group gap="xs" aria-label="Bilan de la vérification">
              <Badge color="teal" size="lg" variant="light">
                {formatInteger(report.created)} à créer
              </Badge>
              <Badge color="blue" size="lg" variant="light">
                {formatInteger(report.updated)} à mettre à jour
              </Badge>
              <Badge color={report.failed > 0 ? 'red' : 'gray'} size="lg" variant="light">
                {formatInteger(report.failed)} en erreur
              </Badge>
              {report.empty > 0 && (
                <Badge color="gray" size="lg" variant="light">
                  {formatInteger(report.empty)} vides
                </Badge>
              )}
            </Group>
            {problems.length > 0 && (
              <>
                <Alert color="orange" title="Lignes à corriger">
                  Corrigez ces lignes dans le fichier puis vérifiez-le de nouveau, ou importez les autres lignes en ignorant celles-ci.
                </Alert>
                <Table striped aria-label="Lignes en erreur">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={90}>Ligne</Table.Th>
                      <Table.Th w="30%">Fiche</Table.Th>
                      <Table.Th>Problème</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {problems.slice(0, 300).map((row) => (
                      <Table.Tr key={row.rowNumber}>
                        <Table.Td>{row.rowNumber}</Table.Td>
                        <Table.Td>{row.name || '—'}</Table.Td>
                        <Table.Td>{row.problems.join(' ')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Checkbox label="Importer les lignes valides et ignorer les lignes en erreur" checked={skipInvalid} onChange={(event) => setSkipInvalid(event.currentTarget.checked)} />
              </>
            )}
            <Group>
              <Button onClick={() => void commit()} loading={busy} disabled={report.created + report.updated === 0 || (problems.length > 0 && !skipInvalid)}>
                Importer {formatInteger(report.created + report.updated)} ligne{report.created + report.updated > 1 ? 's' : ''}
              </Button>
            </Group>
            <ProgressLine progress={progress} />
          </Stack>
        </Card>
      )}

      {done && (
        <Alert color="teal" title="Import terminé">
          {formatInteger(done.created)} fiche{done.created > 1 ? 's' : ''} créée{done.created > 1 ? 's' : ''}, {formatInteger(done.updated)} mise
          {done.updated > 1 ? 's' : ''} à jour{done.failed > 0 ? `, ${plural(done.failed, 'ligne ignorée', 'lignes ignorées')}` : ''}.
        </Alert>
      )}

      <SireneCard />
    </Stack>
  )
}
