import { Alert, Anchor, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { IconFileImport } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import type { ColumnMapping, ImportTarget } from '../../../../db/rules/import-fields'
import { call, errorMessage } from '../../api/client'
import { pickFile } from '../../api/files'
import { useReference } from '../../api/reference'
import { ColumnsCard } from './import/ColumnsCard'
import { PreviewCard, ReportSummary } from './import/PreviewCard'
import { ProgressLine, useProgress } from './import/progress'
import { SireneCard } from './import/SireneCard'
import { TableCard } from './import/TableCard'
import { UndoImport } from './import/UndoImport'
import { ValuesCard, type ValueMapping } from './import/ValuesCard'

// Importing the team's own spreadsheets: choose the file; check the table found (sheet, header
// row, kind of file), the columns and the values of the lists; the preview runs the very import
// and rolls it back; the import; its undo.

type Inspection = ApiResult<'actors.import.inspect'>
type Report = ApiResult<'actors.import.preview'>

interface Choices {
  target: ImportTarget
  mapping: ColumnMapping
  values: ValueMapping
  defaultProfile: string
}

export function ImportScreen() {
  const client = useQueryClient()
  const reference = useReference()
  const [file, setFile] = useState<{ fileId: string; name: string } | null>(null)
  const [inspection, setInspection] = useState<Inspection | null>(null)
  const [choices, setChoices] = useState<Choices>({ target: 'contacts', mapping: {}, values: {}, defaultProfile: 'entreprise' })
  const [report, setReport] = useState<Report | null>(null)
  const [stale, setStale] = useState(false)
  const [done, setDone] = useState<Report | null>(null)
  const [skipInvalid, setSkipInvalid] = useState(false)
  const [skipHiddenRows, setSkipHiddenRows] = useState(false)
  const [mappingName, setMappingName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [progress, onProgress, clearProgress] = useProgress()

  const preview = async (chosen: { fileId: string }, found: Inspection, next: Choices, hiddenRows = skipHiddenRows) => {
    setBusy(true)
    setError(null)
    try {
      const result = await call(
        'actors.import.preview',
        { fileId: chosen.fileId, ...next, sheet: found.sheet, headerRow: found.headerRowNumber ?? undefined, skipInvalid, skipHiddenRows: hiddenRows },
        { onProgress },
      )
      setReport(result)
      setStale(false)
    } catch (caught) {
      setReport(null)
      setError(errorMessage(caught))
    } finally {
      setBusy(false)
      clearProgress()
    }
  }

  /** Reads the file's start (again), then previews the import with what it guessed. */
  const inspect = async (chosen: { fileId: string; name: string }, args: { target?: ImportTarget; sheet?: string; headerRow?: number }) => {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const found = await call('actors.import.inspect', { fileId: chosen.fileId, ...args })
      // A saved mapping of this file's columns is taken up, unless the user chose the kind of file.
      const saved = found.saved && (!args.target || found.saved.target === args.target) ? found.saved : null
      const next: Choices = saved
        ? { target: saved.target, mapping: saved.mapping, values: saved.values, defaultProfile: saved.defaultProfile ?? choices.defaultProfile }
        : { target: found.target, mapping: found.guessed, values: args.target || args.sheet || args.headerRow ? choices.values : {}, defaultProfile: choices.defaultProfile }
      setInspection(found)
      setChoices(next)
      setMappingName(saved?.name ?? '')
      await preview(chosen, found, next)
    } catch (caught) {
      setInspection(null)
      setReport(null)
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  const choose = async () => {
    try {
      const chosen = await pickFile({ title: 'Fichier à importer', extensions: ['xlsx', 'ods', 'csv', 'txt'], kindLabel: 'Classeur Excel ou LibreOffice, ou fichier CSV' })
      if (!chosen) return
      setFile(chosen)
      setInspection(null)
      setReport(null)
      await inspect(chosen, {})
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }

  const change = (next: Partial<Choices>) => {
    setChoices({ ...choices, ...next })
    setStale(true)
  }

  const commit = async () => {
    if (!file || !inspection) return
    setBusy(true)
    setError(null)
    try {
      const result = await call(
        'actors.import.commit',
        {
          fileId: file.fileId,
          ...choices,
          sheet: inspection.sheet,
          headerRow: inspection.headerRowNumber ?? undefined,
          skipInvalid,
          skipHiddenRows,
          saveMappingAs: mappingName.trim() || undefined,
        },
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

  const restart = () => {
    setFile(null)
    setInspection(null)
    setReport(null)
    setDone(null)
    setError(null)
  }

  return (
    <Stack gap="md" maw={1400}>
      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>Importer un classeur ou un fichier CSV</Title>
          <Text size="sm" c="dimmed">
            Un classeur Excel (.xlsx), LibreOffice (.ods) ou un fichier CSV (séparateur point-virgule ou virgule). Le tableau est repéré sous ses lignes de titre, les colonnes
            et les valeurs sont reconnues d'après les mots usuels ; rien n'est enregistré avant la confirmation, et un import s'annule depuis le journal des modifications.
          </Text>
          <Group align="flex-end">
            <Button leftSection={<IconFileImport size={16} />} onClick={() => void choose()} loading={busy && !inspection}>
              Choisir un fichier…
            </Button>
            <Select
              label="Profil des lignes qui n'en indiquent pas (et dont le nom n'en dit rien)"
              w={420}
              data={(reference.data?.profiles ?? []).map((profile) => ({ value: profile.code, label: profile.label }))}
              value={choices.defaultProfile}
              onChange={(value) => value && change({ defaultProfile: value })}
              allowDeselect={false}
            />
          </Group>
          {file && (
            <Text size="sm">
              Fichier : <b>{file.name}</b>
            </Text>
          )}
        </Stack>
      </Card>

      {error && (
        <Alert color="red" title="Import impossible" role="alert">
          {error}
        </Alert>
      )}

      {inspection && file && !done && (
        <>
          <TableCard
            inspection={inspection}
            target={choices.target}
            busy={busy}
            onChange={(args) =>
              void inspect(file, { target: args.target ?? choices.target, sheet: args.sheet ?? inspection.sheet, headerRow: args.sheet ? undefined : (args.headerRow ?? inspection.headerRowNumber ?? undefined) })
            }
          />
          <ColumnsCard inspection={inspection} target={choices.target} mapping={choices.mapping} savedName={inspection.saved?.name ?? null} onChange={(mapping) => change({ mapping })} />
          {report && <ValuesCard report={report} target={choices.target} values={choices.values} defaultProfile={choices.defaultProfile} onChange={(values) => change({ values })} />}
          {report ? (
            <PreviewCard
              report={report}
              stale={stale}
              busy={busy}
              skipInvalid={skipInvalid}
              mappingName={mappingName}
              onSkipInvalid={setSkipInvalid}
              skipHiddenRows={skipHiddenRows}
              onSkipHiddenRows={(value) => {
                setSkipHiddenRows(value)
                void preview(file, inspection, choices, value)
              }}
              onMappingName={setMappingName}
              onRecheck={() => void preview(file, inspection, choices)}
              onImport={() => void commit()}
              progress={<ProgressLine progress={progress} />}
            />
          ) : (
            <Group>
              <Button onClick={() => void preview(file, inspection, choices)} loading={busy}>
                Vérifier le fichier
              </Button>
              <ProgressLine progress={progress} />
            </Group>
          )}
        </>
      )}

      {done && (
        <Card withBorder>
          <Stack gap="sm">
            <Title order={4}>Import terminé</Title>
            <ReportSummary report={done} done />
            <Text size="sm">
              Chaque fiche créée ou modifiée figure dans son historique et au{' '}
              <Anchor component={Link} to="/parametres?onglet=journal">
                journal des modifications
              </Anchor>
              .
            </Text>
            <Group>
              {done.operationId !== null && <UndoImport operationId={done.operationId} label={`L'import de « ${file?.name ?? ''} »`} />}
              <Button variant="default" onClick={restart}>
                Importer un autre fichier
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      <SireneCard />
    </Stack>
  )
}
