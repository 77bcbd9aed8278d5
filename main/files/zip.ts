// Defensive reading of the zip container of an .xlsx or .ods file.
//
// exceljs's streaming reader parses the zip sequentially (unzipper) and trusts it blindly: a
// truncated file makes it wait forever, a zip bomb is inflated to the end, and a worksheet stored
// before the shared strings is copied to a temporary file. So the container is checked here
// first, from its central directory, and exceljs never sees the original zip: it is fed a
// rebuilt, uncompressed ("stored") zip holding only the parts it needs, in the order it needs
// them, whose bytes are inflated here under a byte counter (see `entryChunks`).

import fs from 'node:fs'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { AppError } from '../../db/errors'

const MiB = 1024 * 1024

export interface ZipLimits {
  /** Total declared uncompressed size of all entries. */
  maxTotalUncompressed: number
  /** Number of entries in the central directory. */
  maxEntries: number
  /** Largest accepted compression ratio (uncompressed / compressed)… */
  maxRatio: number
  /** …for entries whose uncompressed size exceeds this (small entries may compress better). */
  ratioCheckAbove: number
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalUncompressed: 400 * MiB,
  maxEntries: 10_000,
  maxRatio: 200,
  ratioCheckAbove: 1 * MiB,
}

export interface ZipEntry {
  name: string
  flags: number
  method: number
  crc32: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
  /** Where the entry's data starts (after its local header). */
  dataOffset: number
}

/** How the messages name the document and the way to repair it. */
export interface ZipWording {
  /** « Le fichier Excel », « Le classeur OpenDocument ». */
  document: string
  /** The program and format to save it again with. */
  resave: string
  format: string
}

export const EXCEL_WORDING: ZipWording = { document: 'Le fichier Excel', resave: 'Ouvrez-le dans Excel et enregistrez-le de nouveau au format .xlsx.', format: '.xlsx' }
export const OPENDOCUMENT_WORDING: ZipWording = {
  document: 'Le classeur OpenDocument',
  resave: 'Ouvrez-le dans LibreOffice Calc et enregistrez-le de nouveau au format .ods.',
  format: '.ods',
}

export interface ZipDirectory {
  file: string
  size: number
  /** Entries by lower-cased name (OPC part names are case-insensitive). */
  entries: Map<string, ZipEntry>
  wording: ZipWording
}

const numberFormat = new Intl.NumberFormat('fr-FR')
const megabytes = (bytes: number) => `${numberFormat.format(Math.ceil(bytes / MiB))} Mo`

function damaged(wording: ZipWording, detail?: string): AppError {
  return new AppError(
    'file_invalid',
    `${wording.document} est incomplet ou endommagé (il a peut-être été mal copié ou mal téléchargé). ${wording.resave}`,
    detail ? { detail } : undefined,
  )
}

function suspicious(wording: ZipWording, detail: string): AppError {
  return new AppError(
    'file_invalid',
    `${wording.document} a une structure anormale (taux de compression démesuré) : il a été refusé par sécurité. ${wording.resave}`,
    { detail },
  )
}

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done)
    if (bytesRead === 0) break
    done += bytesRead
  }
  return done === length ? buffer : buffer.subarray(0, done)
}

function safeNumber(value: bigint, wording: ZipWording): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged(wording, 'zip64 value too large')
  return Number(value)
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/**
 * Reads and checks the central directory: refuses non-zip, truncated, multi-disk, encrypted,
 * overlapping, oversized and over-compressed archives. Throws AppError('file_invalid').
 */
export async function readZipDirectory(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS, wording: ZipWording = EXCEL_WORDING): Promise<ZipDirectory> {
  const broken = (detail: string) => damaged(wording, detail)
  const hostile = (detail: string) => suspicious(wording, detail)
  const safe = (value: bigint) => safeNumber(value, wording)
  const handle = await fs.promises.open(file, 'r')
  try {
    const { size } = await handle.stat()
    if (size < 22) throw broken('too small')

    // End of central directory record: within the last 22 + 65,535 (comment) bytes.
    const tailLength = Math.min(size, 22 + 0xffff)
    const tailStart = size - tailLength
    const tail = await readAt(handle, tailStart, tailLength)
    let eocd = -1
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
        eocd = i
        break
      }
    }
    if (eocd < 0) throw broken('no end of central directory')
    const eocdOffset = tailStart + eocd
    if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) throw broken('multi-disk archive')
    let entryCount = tail.readUInt16LE(eocd + 10)
    let cdSize = tail.readUInt32LE(eocd + 12)
    let cdOffset = tail.readUInt32LE(eocd + 16)
    let cdEnd = eocdOffset

    if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // Zip64: the locator sits just before the classic record.
      if (eocdOffset < 20) throw broken('zip64 locator missing')
      const locator = await readAt(handle, eocdOffset - 20, 20)
      if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw broken('zip64 locator missing')
      const recordOffset = safe(locator.readBigUInt64LE(8))
      if (recordOffset + 56 > eocdOffset - 20) throw broken('zip64 record out of bounds')
      const record = await readAt(handle, recordOffset, 56)
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw broken('zip64 record missing')
      entryCount = safe(record.readBigUInt64LE(32))
      cdSize = safe(record.readBigUInt64LE(40))
      cdOffset = safe(record.readBigUInt64LE(48))
      cdEnd = recordOffset
    }

    if (entryCount > limits.maxEntries) {
      throw new AppError(
        'file_invalid',
        `${wording.document} contient trop d'éléments (${numberFormat.format(entryCount)}) : il a été refusé par sécurité.`,
      )
    }
    if (cdOffset + cdSize > cdEnd) throw broken('central directory out of bounds')
    // 46 bytes at least per entry: guards the allocation below against a lying header.
    if (cdSize < entryCount * 46 || cdSize > entryCount * (46 + 3 * 0xffff)) throw broken('central directory size')

    const cd = await readAt(handle, cdOffset, cdSize)
    if (cd.length < cdSize) throw broken('central directory truncated')

    const entries = new Map<string, ZipEntry>()
    const list: ZipEntry[] = []
    let totalUncompressed = 0
    let p = 0
    for (let index = 0; index < entryCount; index++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw broken('central directory entry')
      const flags = cd.readUInt16LE(p + 8)
      const method = cd.readUInt16LE(p + 10)
      const crc32 = cd.readUInt32LE(p + 16)
      let compressedSize = cd.readUInt32LE(p + 20)
      let uncompressedSize = cd.readUInt32LE(p + 24)
      const nameLength = cd.readUInt16LE(p + 28)
      const extraLength = cd.readUInt16LE(p + 30)
      const commentLength = cd.readUInt16LE(p + 32)
      const disk = cd.readUInt16LE(p + 34)
      let localHeaderOffset = cd.readUInt32LE(p + 42)
      const end = p + 46 + nameLength + extraLength + commentLength
      if (end > cd.length) throw broken('central directory entry truncated')
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength)

      // Zip64 extended information: only the fields saturated in the header, in this order.
      if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
        let q = p + 46 + nameLength
        const extraEnd = q + extraLength
        let found = false
        while (q + 4 <= extraEnd) {
          const id = cd.readUInt16LE(q)
          const length = cd.readUInt16LE(q + 2)
          if (q + 4 + length > extraEnd) break
          if (id === 0x0001) {
            let r = q + 4
            const take = () => {
              if (r + 8 > q + 4 + length) throw broken('zip64 extra field')
              const value = safe(cd.readBigUInt64LE(r))
              r += 8
              return value
            }
            if (uncompressedSize === 0xffffffff) uncompressedSize = take()
            if (compressedSize === 0xffffffff) compressedSize = take()
            if (localHeaderOffset === 0xffffffff) localHeaderOffset = take()
            found = true
            break
          }
          q += 4 + length
        }
        if (!found) throw broken('zip64 extra field missing')
      }

      if (disk !== 0 && disk !== 0xffff) throw broken('multi-disk archive')
      if (flags & 0x0001) {
        throw new AppError(
          'file_invalid',
          `${wording.document} est protégé par un mot de passe : enregistrez-le sans mot de passe au format ${wording.format}, puis réessayez.`,
        )
      }
      const key = name.toLowerCase()
      if (entries.has(key)) throw broken(`duplicate entry ${name}`)
      totalUncompressed += uncompressedSize
      if (uncompressedSize > limits.ratioCheckAbove && uncompressedSize > limits.maxRatio * Math.max(compressedSize, 1)) {
        throw hostile(`${name}: ${uncompressedSize} / ${compressedSize}`)
      }
      const entry: ZipEntry = {
        name,
        flags,
        method,
        crc32,
        compressedSize,
        uncompressedSize,
        localHeaderOffset,
        dataOffset: -1,
      }
      entries.set(key, entry)
      list.push(entry)
      p = end
    }

    if (totalUncompressed > limits.maxTotalUncompressed) {
      throw new AppError(
        'file_invalid',
        `${wording.document} est trop volumineux une fois décompressé (${megabytes(totalUncompressed)}) : ${megabytes(limits.maxTotalUncompressed)} au maximum.`,
        { totalUncompressed },
      )
    }

    // Local headers: each must be where the directory says, and the entries' data must neither
    // overlap (the "overlapping files" zip bomb) nor run into the central directory.
    list.sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)
    let previousEnd = 0
    for (const entry of list) {
      if (entry.localHeaderOffset < previousEnd) throw hostile(`overlapping entry ${entry.name}`)
      const header = await readAt(handle, entry.localHeaderOffset, 30)
      if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw broken(`local header of ${entry.name}`)
      entry.dataOffset = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
      previousEnd = entry.dataOffset + entry.compressedSize
      if (previousEnd > cdOffset) throw broken(`entry ${entry.name} out of bounds`)
    }

    return { file, size, entries, wording }
  } finally {
    await handle.close()
  }
}

/**
 * The uncompressed bytes of an entry, inflated under guard: more bytes than the directory
 * declares (a lying header) stops the reading at once; fewer bytes, or a wrong CRC, fail at the
 * end. `onCompressedBytes` reports the bytes read from the file, for progress.
 */
export async function* entryChunks(
  directory: ZipDirectory,
  entry: ZipEntry,
  onCompressedBytes?: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  if (entry.method !== 0 && entry.method !== 8) {
    throw new AppError(
      'file_invalid',
      `${directory.wording.document} utilise une compression non prise en charge. ${directory.wording.resave}`,
      { entry: entry.name, method: entry.method },
    )
  }
  if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) throw damaged(directory.wording, `stored size of ${entry.name}`)
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0) throw damaged(directory.wording, `empty data for ${entry.name}`)
    return
  }
  const source = fs.createReadStream(directory.file, {
    start: entry.dataOffset,
    end: entry.dataOffset + entry.compressedSize - 1,
    highWaterMark: 64 * 1024,
  })
  if (onCompressedBytes) source.on('data', (chunk) => onCompressedBytes(chunk.length))
  const inflater = entry.method === 8 ? zlib.createInflateRaw() : null
  const output: Readable = inflater ? source.pipe(inflater) : source
  if (inflater) source.on('error', (error) => inflater.destroy(error))
  let total = 0
  let crc = 0
  try {
    for await (const chunk of output as AsyncIterable<Buffer>) {
      total += chunk.length
      if (total > entry.uncompressedSize) {
        throw suspicious(directory.wording, `${entry.name} inflates beyond its declared size (${entry.uncompressedSize})`)
      }
      crc = zlib.crc32(chunk, crc)
      yield chunk
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw damaged(directory.wording, `${entry.name}: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    source.destroy()
    inflater?.destroy()
  }
  if (total !== entry.uncompressedSize) throw damaged(directory.wording, `${entry.name}: ${total} bytes instead of ${entry.uncompressedSize}`)
  if (crc >>> 0 !== entry.crc32 >>> 0) throw damaged(directory.wording, `${entry.name}: CRC mismatch`)
}

export interface StoredPart {
  name: string
  size: number
  crc32: number
  chunks: () => AsyncIterable<Buffer>
}

/**
 * A new zip, every part stored uncompressed with its sizes in the local header (no data
 * descriptor), so that a sequential reader never has to guess where a part ends. The parts'
 * chunks must add up to `size` exactly (`entryChunks` guarantees it, or throws).
 */
export function storedZip(parts: StoredPart[]): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    const central: Buffer[] = []
    let offset = 0
    for (const part of parts) {
      const name = Buffer.from(part.name, 'utf8')
      // The fields the local header and the central record share, from « version needed » on.
      const fields = Buffer.alloc(26)
      fields.writeUInt16LE(20, 0) // version needed
      fields.writeUInt16LE(0x0800, 2) // UTF-8 names; method 0 (stored), time and date 0
      fields.writeUInt32LE(part.crc32 >>> 0, 10)
      fields.writeUInt32LE(part.size, 14)
      fields.writeUInt32LE(part.size, 18)
      fields.writeUInt16LE(name.length, 22) // no extra field
      const header = Buffer.alloc(30)
      header.writeUInt32LE(LOCAL, 0)
      fields.copy(header, 4)
      yield Buffer.concat([header, name])

      let written = 0
      for await (const chunk of part.chunks()) {
        written += chunk.length
        if (written > part.size) throw damaged(EXCEL_WORDING, `${part.name}: more bytes than declared`)
        yield chunk
      }
      if (written !== part.size) throw damaged(EXCEL_WORDING, `${part.name}: fewer bytes than declared`)

      const entry = Buffer.alloc(46)
      entry.writeUInt32LE(CENTRAL, 0)
      entry.writeUInt16LE(20, 4) // version made by
      fields.copy(entry, 6)
      entry.writeUInt32LE(offset, 42)
      central.push(entry, name)
      offset += 30 + name.length + part.size
    }
    const directory = Buffer.concat(central)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(EOCD, 0)
    end.writeUInt16LE(parts.length, 8)
    end.writeUInt16LE(parts.length, 10)
    end.writeUInt32LE(directory.length, 12)
    end.writeUInt32LE(offset, 16)
    yield Buffer.concat([directory, end])
  }
  return Readable.from(generate(), { objectMode: false })
}

/** A small part built in memory (e.g. an empty shared-strings table). */
export function memoryPart(name: string, content: string): StoredPart {
  const data = Buffer.from(content, 'utf8')
  return {
    name,
    size: data.length,
    crc32: zlib.crc32(data),
    chunks: async function* () {
      yield data
    },
  }
}
