import { Progress, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { ProgressListener } from '../../../api/client'
import { formatInteger } from '../../../../../db/rules/format'

export interface ProgressState {
  phase: string
  done: number
  total?: number
}

/** A long call's progress: its phase, and a bar (a percentage when the total is known). */
export function ProgressLine({ progress }: { progress: ProgressState | null }) {
  if (!progress) return null
  const percent = progress.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null
  return (
    <Stack gap={4} aria-live="polite">
      <Text size="sm">
        {progress.phase}
        {percent !== null ? ` — ${percent} %` : ` — ${formatInteger(progress.done)}`}
      </Text>
      <Progress value={percent ?? 100} animated={percent === null} aria-label={progress.phase} />
    </Stack>
  )
}

export function useProgress(): [ProgressState | null, ProgressListener, () => void] {
  const [progress, setProgress] = useState<ProgressState | null>(null)
  return [progress, (next) => setProgress(next), () => setProgress(null)]
}
