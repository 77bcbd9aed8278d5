import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { IconBuildingFactory2 } from '@tabler/icons-react'
import { useState } from 'react'
import type { ApiResult } from '../../../../../main/api'
import { call, errorMessage } from '../../../api/client'
import { pickFile } from '../../../api/files'
import { formatInteger } from '../../../../../db/rules/format'
import { ProgressLine, useProgress } from './progress'

/** The INSEE register of establishments: the territory's active ones come in as prospects. */
export function SireneCard() {
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
