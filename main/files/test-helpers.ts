// Fixtures for the tests of main/files: temporary folders, workbooks written with exceljs, and a
// small independent zip reader/writer to take workbooks apart and build hostile ones.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import ExcelJS from 'exceljs'

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-test-files-'))
}

export async function writeWorkbook(file: string, build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook()
  build(workbook)
  await workbook.xlsx.writeFile(file)
  return file
}

export interface FixtureEntry {
  name: string
  /** The uncompressed content (used for the CRC and, unless `compressed` is given, the data). */
  data: Buffer
  /** Store instead of deflate. */
  store?: boolean
  /** Raw deflate data to write instead of compressing `data` (for bombs). */
  compressed?: Buffer
  /** Uncompressed size to declare instead of the real one. */
  declaredSize?: number
  crc32?: number
}

/** A zip from the entries, sizes in the local headers and the central directory. */
export function buildZip(entries: FixtureEntry[]): Buffer {
  const chunks: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const method = entry.store ? 0 : 8
    const body = entry.compressed ?? (entry.store ? entry.data : zlib.deflateRawSync(entry.data))
    const size = entry.declaredSize ?? entry.data.length
    const crc = entry.crc32 ?? zlib.crc32(entry.data)
    // The local header's fields from « version needed » on; the central record repeats them.
    const fields = Buffer.alloc(26)
    fields.writeUInt16LE(20, 0)
    fields.writeUInt16LE(method, 4)
    fields.writeUInt32LE(crc >>> 0, 10)
    fields.writeUInt32LE(body.length, 14)
    fields.writeUInt32LE(size, 18)
    fields.writeUInt16LE(name.length, 22)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    fields.copy(local, 4)
    chunks.push(local, name, body)
    const record = Buffer.alloc(46)
    record.writeUInt32LE(0x02014b50, 0)
    record.writeUInt16LE(20, 4)
    fields.copy(record, 6)
    record.writeUInt32LE(offset, 42)
    central.push(record, name)
    offset += 30 + name.length + body.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...chunks, directory, end])
}

/** The entries of a well-formed zip (as exceljs writes them), in order. */
export function unzip(buffer: Buffer): { name: string; data: Buffer }[] {
  let eocd = buffer.length - 22
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--
  const count = buffer.readUInt16LE(eocd + 10)
  let p = buffer.readUInt32LE(eocd + 16)
  const entries: { name: string; data: Buffer }[] = []
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(p + 10)
    const compressedSize = buffer.readUInt32LE(p + 20)
    const nameLength = buffer.readUInt16LE(p + 28)
    const extraLength = buffer.readUInt16LE(p + 30)
    const commentLength = buffer.readUInt16LE(p + 32)
    const offset = buffer.readUInt32LE(p + 42)
    const name = buffer.toString('utf8', p + 46, p + 46 + nameLength)
    const start = offset + 30 + buffer.readUInt16LE(offset + 26) + buffer.readUInt16LE(offset + 28)
    const raw = buffer.subarray(start, start + compressedSize)
    entries.push({ name: name.replace(/^\//, ''), data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) })
    p += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/** Raw deflate of the parts, `{ repeat, times }` standing for a buffer repeated (never held whole). */
export async function deflateParts(parts: Array<Buffer | { repeat: Buffer; times: number }>): Promise<Buffer> {
  const deflate = zlib.createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => out.push(chunk))
  const ended = new Promise((resolve) => deflate.on('end', resolve))
  for (const part of parts) {
    if (Buffer.isBuffer(part)) deflate.write(part)
    else for (let i = 0; i < part.times; i++) deflate.write(part.repeat)
  }
  deflate.end()
  await ended
  return Buffer.concat(out)
}

/** CRC-32 of the parts, same convention as deflateParts. */
export function crcParts(parts: Array<Buffer | { repeat: Buffer; times: number }>): { crc32: number; size: number } {
  let crc = 0
  let size = 0
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      crc = zlib.crc32(part, crc)
      size += part.length
    } else {
      for (let i = 0; i < part.times; i++) crc = zlib.crc32(part.repeat, crc)
      size += part.repeat.length * part.times
    }
  }
  return { crc32: crc, size }
}
