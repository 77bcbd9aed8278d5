import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform, type Readable } from 'node:stream'
import { AppError } from '../../db/errors'
import type { SheetSpec, WriteOptions } from '../files/table-output'
import { writeTableWorkbook } from '../files/xlsx-writer'

// The API never takes a path from the page. Files enter as handles: a path the user chose in a
// native dialog (Electron), an upload (browser mode) or a command-line argument (CLI); exports
// are written to a private folder and handed back as a handle that the shell saves where the user
// says.

export interface FileHandle {
  id: string
  name: string
  path: string
  size: number
}

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024

function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const base = path.basename(name).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim()
  return base.slice(0, 180) || 'fichier'
}

const FOLDER_PREFIX = 'vitawin-files-'
const STALE_FOLDER = new RegExp(`^${FOLDER_PREFIX}(?:(\\d+)-)?[A-Za-z0-9]{6}$`)
const DAY_MS = 24 * 3600 * 1000

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the private folders that a process which ended without closing (a crash, a kill) left
 * in the temporary folder: they may hold exports of personal data. A folder is left alone while
 * the process named in it runs; a folder without a process number, once a day old.
 */
export function sweepStaleFolders(parent: string, now = Date.now()): string[] {
  const removed: string[] = []
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(parent, { withFileTypes: true })
  } catch {
    return removed
  }
  for (const entry of entries) {
    const match = entry.isDirectory() ? STALE_FOLDER.exec(entry.name) : null
    if (!match) continue
    const folder = path.join(parent, entry.name)
    try {
      const stale = match[1] ? Number(match[1]) !== process.pid && !processAlive(Number(match[1])) : now - fs.statSync(folder).mtimeMs > DAY_MS
      if (!stale) continue
      fs.rmSync(folder, { recursive: true, force: true })
      removed.push(folder)
    } catch {
      // Another user's folder, or one being removed: not ours to clean.
    }
  }
  return removed
}

export class FileRegistry {
  private readonly handles = new Map<string, FileHandle>()
  private readonly folder: string

  constructor(folder?: string) {
    if (!folder) sweepStaleFolders(os.tmpdir())
    this.folder = folder ?? fs.mkdtempSync(path.join(os.tmpdir(), `${FOLDER_PREFIX}${process.pid}-`))
    fs.mkdirSync(this.folder, { recursive: true })
  }

  /** Registers a file the user chose (never copied). */
  register(filePath: string, name?: string): FileHandle {
    const resolved = path.resolve(filePath)
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) {
      throw new AppError('not_found', `Fichier introuvable : ${resolved}`)
    }
    const handle = { id: crypto.randomBytes(16).toString('hex'), name: name ?? path.basename(resolved), path: resolved, size: fs.statSync(resolved).size }
    this.handles.set(handle.id, handle)
    return handle
  }

  resolve(id: string): FileHandle {
    const handle = this.handles.get(id)
    if (!handle || !fs.existsSync(handle.path)) {
      throw new AppError('not_found', 'Fichier introuvable ou expiré : choisissez-le à nouveau.')
    }
    return { ...handle, size: fs.statSync(handle.path).size }
  }

  /** The name of a registered file, or null (the audit trail names the files it imported). */
  nameOf(id: unknown): string | null {
    return typeof id === 'string' ? (this.handles.get(id)?.name ?? null) : null
  }

  /** A new file in the private folder, for an export; registered once written. */
  createOutput(name: string): { path: string; complete(): FileHandle } {
    const id = crypto.randomBytes(16).toString('hex')
    const folder = path.join(this.folder, id)
    fs.mkdirSync(folder)
    const filePath = path.join(folder, safeName(name))
    return {
      path: filePath,
      complete: () => {
        const handle = { id, name: safeName(name), path: filePath, size: fs.statSync(filePath).size }
        this.handles.set(id, handle)
        return handle
      },
    }
  }

  /** Writes an export into the private folder; its handle exists only once the writing succeeded. */
  async writeOutput(name: string, write: (path: string) => Promise<{ rows: number }>): Promise<{ fileId: string; name: string; rows: number }> {
    const output = this.createOutput(name)
    const { rows } = await write(output.path)
    const handle = output.complete()
    return { fileId: handle.id, name: handle.name, rows }
  }

  /** Writes an export workbook, one sheet per table (writeTableWorkbook), into the private folder. */
  writeWorkbook(name: string, sheets: SheetSpec[], options?: WriteOptions): Promise<{ fileId: string; name: string; rows: number }> {
    return this.writeOutput(name, (file) => writeTableWorkbook(file, sheets, options))
  }

  /** Stores an upload (browser mode), refusing files beyond the size limit. */
  async saveUpload(source: Readable, name: string, maxBytes = MAX_UPLOAD_BYTES): Promise<FileHandle> {
    const output = this.createOutput(name)
    let size = 0
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length
        if (size > maxBytes) callback(new AppError('file_invalid', 'Le fichier est trop volumineux.'))
        else callback(null, chunk)
      },
    })
    try {
      await pipeline(source, limit, fs.createWriteStream(output.path))
    } catch (error) {
      fs.rmSync(path.dirname(output.path), { recursive: true, force: true })
      if (error instanceof AppError) throw error
      throw new AppError('io_error', "Le fichier n'a pas pu être reçu en entier.")
    }
    return output.complete()
  }

  dispose(): void {
    this.handles.clear()
    fs.rmSync(this.folder, { recursive: true, force: true })
  }
}
