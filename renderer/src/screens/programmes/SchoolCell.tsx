import { Text } from '@mantine/core'
import { useReference } from '../../api/reference'

/** A pupil's school, then their level in grey (placements, pupils). */
export function SchoolCell({ schoolName, levelCode }: { schoolName: string | null; levelCode: string | null }) {
  const reference = useReference()
  return (
    <>
      <Text size="sm">{schoolName ?? '—'}</Text>
      {levelCode && (
        <Text size="xs" c="dimmed">
          {reference.lookups.schoolLevels.get(levelCode) ?? levelCode}
        </Text>
      )}
    </>
  )
}
