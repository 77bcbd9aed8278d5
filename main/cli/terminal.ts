import type { Progress } from '../api/define'

const numberFormat = new Intl.NumberFormat('fr-FR')

/** Progress on a terminal: one rewritten line on a TTY, sparse lines otherwise. */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let lastPhase = ''
  let lastWrite = 0
  return {
    update(progress: Progress) {
      const now = Date.now()
      const phaseChanged = progress.phase !== lastPhase
      if (!phaseChanged && now - lastWrite < (stream.isTTY ? 100 : 2000)) return
      lastPhase = progress.phase
      lastWrite = now
      const amount =
        progress.total !== undefined && progress.total > 0
          ? `${numberFormat.format(progress.done)} / ${numberFormat.format(progress.total)} (${Math.floor((progress.done / progress.total) * 100)} %)`
          : numberFormat.format(progress.done)
      const line = `${progress.phase} : ${amount}`
      if (stream.isTTY) stream.write(`\r\x1b[2K${line}`)
      else stream.write(`${line}\n`)
    },
    done() {
      if (stream.isTTY && lastPhase) stream.write('\n')
      lastPhase = ''
    },
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`
  if (bytes < 1024 * 1024) return `${numberFormat.format(Math.round(bytes / 1024))} Ko`
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} Mo`
}

export { numberFormat }
