import { Button, type ButtonProps } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconFileSpreadsheet } from '@tabler/icons-react'
import { useState } from 'react'
import { errorMessage } from '../api/client'
import { saveFile } from '../api/files'
import { plural } from '../../../db/rules/format'

/** Runs an export call (which returns a file handle) and saves the file where the user says. */
export function ExportButton({
  run,
  label = 'Exporter (Excel)',
  noun = ['ligne', 'lignes'],
  ...props
}: ButtonProps & { run: () => Promise<{ fileId: string; name: string; rows: number }>; label?: string; noun?: [string, string] }) {
  const [busy, setBusy] = useState(false)
  return (
    <Button
      variant="default"
      leftSection={<IconFileSpreadsheet size={16} />}
      loading={busy}
      {...props}
      onClick={async () => {
        setBusy(true)
        try {
          const result = await run()
          if (await saveFile(result.fileId, result.name)) notifications.show({ color: 'teal', message: `Export enregistré (${plural(result.rows, ...noun)}).` })
        } catch (error) {
          notifications.show({ color: 'red', title: 'Export impossible', message: errorMessage(error) })
        } finally {
          setBusy(false)
        }
      }}
    >
      {label}
    </Button>
  )
}
