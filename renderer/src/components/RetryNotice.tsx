import { Button, Group, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import { ApiError } from '../api/client'

// The team database's server that does not answer (a network cut, a server restarting): the
// message says so, and « Réessayer » sends the same request again. Nothing typed is lost: the
// dialog stays open with its values. The same request goes with the same key: when the first one
// had been written before the cut, the host does not write it again (db/audit/replay.ts), and says
// so when it has not kept its result (isAlreadyDone): the dialog closes as saved.

/** True for a call refused because the team database's server could not be reached. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'server_unreachable'
}

/** True for a retry the host did not write again: the first attempt had been made (its answer lost with the connection). */
export function isAlreadyDone(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'already_done'
}

export function RetryNotice({ message, onRetry, retrying = false }: { message: string; onRetry: () => void; retrying?: boolean }) {
  return (
    <Group gap="sm" wrap="nowrap" align="center">
      <Text size="sm" style={{ flex: 1 }}>
        {message}
      </Text>
      <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={onRetry} loading={retrying}>
        Réessayer
      </Button>
    </Group>
  )
}
