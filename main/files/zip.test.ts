import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../db/errors'
import { tempDir } from './test-helpers'
import { DEFAULT_ZIP_LIMITS, entryChunks, readZipDirectory, type ZipDirectory } from './zip'

// The zip reader's refusals, one crafted file per branch: what a damaged, hostile or exotic
// archive makes it say. Each file is built byte by byte here, so that every field can lie.

const dir = tempDir()
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

interface CraftEntry {
  name: string
  data?: Buffer
  /** 0 stored (default), 8 deflated, anything else unsupported. */
  method?: number
  flags?: number
  disk?: number
  /** Sizes and offset to declare instead of the real ones. */
  uncompressedSize?: number
  compressedSize?: number
  localHeaderOffset?: number
  crc32?: number
  /** Sizes and offset as zip64 (0xFFFFFFFF in the record, the values in the extra field); 'no-extra' leaves the field out, 'short' cuts it. */
  zip64?: true | 'no-extra' | 'short'
  /** Write no local header (the directory then points at other bytes). */
  noLocalHeader?: boolean
}

interface CraftOptions {
  /** End-of-directory fields to write instead of the true ones. */
  disk?: number
  directoryDisk?: number
  entryCount?: number
  directorySize?: number
  directoryOffset?: number
  /** A zip64 end of central directory (and its locator) before the classic record. */
  zip64?: { entryCount?: bigint; directoryOffset?: bigint; recordOffset?: bigint; recordSignature?: number; noLocator?: boolean }
}

const u16 = (value: number) => {
  const buffer = Buffer.alloc(2)
  buffer.writeUInt16LE(value)
  return buffer
}
const u32 = (value: number) => {
  const buffer = Buffer.alloc(4)
  buffer.writeUInt32LE(value >>> 0)
  return buffer
}
const u64 = (value: bigint) => {
  const buffer = Buffer.alloc(8)
  buffer.writeBigUInt64LE(value)
  return buffer
}

function craft(entries: CraftEntry[], options: CraftOptions = {}): Buffer {
  const body: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const data = entry.data ?? Buffer.from(`contenu de ${entry.name}`)
    const method = entry.method ?? 0
    const stored = method === 8 ? zlib.deflateRawSync(data) : data
    const crc = entry.crc32 ?? zlib.crc32(data)
    const localOffset = entry.localHeaderOffset ?? offset
    if (!entry.noLocalHeader) {
      const local = Buffer.concat([u32(0x04034b50), u16(20), u16(entry.flags ?? 0), u16(method), u32(0), u32(crc), u32(stored.length), u32(data.length), u16(name.length), u16(0), name])
      body.push(local)
      offset += local.length
    }
    body.push(stored)
    offset += stored.length
    const uncompressed = entry.uncompressedSize ?? data.length
    const compressed = entry.compressedSize ?? stored.length
    const zip64 = entry.zip64 !== undefined
    const extra =
      entry.zip64 === true ? Buffer.concat([u16(0x0001), u16(24), u64(BigInt(uncompressed)), u64(BigInt(compressed)), u64(BigInt(localOffset))])
      : entry.zip64 === 'short' ? Buffer.concat([u16(0x0001), u16(8), u64(BigInt(uncompressed))])
      : Buffer.alloc(0)
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(45),
        u16(45),
        u16(entry.flags ?? 0),
        u16(method),
        u32(0),
        u32(crc),
        u32(zip64 ? 0xffffffff : compressed),
        u32(zip64 ? 0xffffffff : uncompressed),
        u16(name.length),
        u16(extra.length),
        u16(0),
        u16(entry.disk ?? 0),
        u16(0),
        u32(0),
        u32(zip64 ? 0xffffffff : localOffset),
        name,
        extra,
      ]),
    )
  }
  const directory = Buffer.concat(central)
  const directoryOffset = offset
  const tail: Buffer[] = []
  const count = options.entryCount ?? entries.length
  if (options.zip64) {
    const recordOffset = directoryOffset + directory.length
    const record = Buffer.concat([
      u32(options.zip64.recordSignature ?? 0x06064b50),
      u64(44n),
      u16(45),
      u16(45),
      u32(0),
      u32(0),
      u64(BigInt(count)),
      u64(options.zip64.entryCount ?? BigInt(count)),
      u64(BigInt(options.directorySize ?? directory.length)),
      u64(options.zip64.directoryOffset ?? BigInt(options.directoryOffset ?? directoryOffset)),
    ])
    tail.push(record)
    if (!options.zip64.noLocator) tail.push(Buffer.concat([u32(0x07064b50), u32(0), u64(options.zip64.recordOffset ?? BigInt(recordOffset)), u32(1)]))
  }
  const saturated = options.zip64 !== undefined
  tail.push(
    Buffer.concat([
      u32(0x06054b50),
      u16(options.disk ?? 0),
      u16(options.directoryDisk ?? 0),
      u16(saturated ? 0xffff : count),
      u16(saturated ? 0xffff : count),
      u32(saturated ? 0xffffffff : (options.directorySize ?? directory.length)),
      u32(saturated ? 0xffffffff : (options.directoryOffset ?? directoryOffset)),
      u16(0),
    ]),
  )
  return Buffer.concat([...body, directory, ...tail])
}

let counter = 0
function write(bytes: Buffer): string {
  const file = path.join(dir, `${++counter}.xlsx`)
  fs.writeFileSync(file, bytes)
  return file
}

async function refusal(run: Promise<unknown>): Promise<AppError & { details?: { detail?: string } }> {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe('file_invalid')
  return error as AppError & { details?: { detail?: string } }
}

const DAMAGED = /incomplet ou endommagé/
const SUSPICIOUS = /structure anormale/

async function damagedBecause(bytes: Buffer, detail: string | RegExp): Promise<void> {
  const error = await refusal(readZipDirectory(write(bytes)))
  expect(error.message).toMatch(DAMAGED)
  expect(error.details?.detail).toMatch(detail)
}

const parts: CraftEntry[] = [{ name: '[Content_Types].xml' }, { name: 'xl/workbook.xml' }, { name: 'xl/worksheets/sheet1.xml' }]

describe('readZipDirectory', () => {
  it('reads a well-formed archive: every entry, where its data starts', async () => {
    const file = write(craft(parts))
    const directory = await readZipDirectory(file)
    expect([...directory.entries.keys()]).toEqual(['[content_types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])
    const entry = directory.entries.get('xl/workbook.xml')!
    expect(fs.readFileSync(file).subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize).toString()).toBe('contenu de xl/workbook.xml')
  })

  it('refuses what is no zip at all: too small, or without an end of directory', async () => {
    await damagedBecause(Buffer.from('PK'), 'too small')
    await damagedBecause(Buffer.alloc(200, 0x20), 'no end of central directory')
  })

  it('refuses an archive split over several disks, whether the end record or an entry says so', async () => {
    await damagedBecause(craft(parts, { disk: 1 }), 'multi-disk archive')
    await damagedBecause(craft(parts, { directoryDisk: 2 }), 'multi-disk archive')
    await damagedBecause(craft([parts[0]!, { ...parts[1]!, disk: 3 }]), 'multi-disk archive')
  })

  it('reads a zip64 archive, its counts and its entries’ sizes and offsets in the zip64 records', async () => {
    const directory = await readZipDirectory(write(craft([parts[0]!, { ...parts[1]!, zip64: true }, parts[2]!], { zip64: {} })))
    expect(directory.entries.size).toBe(3)
    expect(directory.entries.get('xl/workbook.xml')).toMatchObject({ uncompressedSize: 26, compressedSize: 26 })
  })

  it('refuses a zip64 archive whose records are missing, misplaced or out of range', async () => {
    await damagedBecause(craft(parts, { zip64: { noLocator: true } }), 'zip64 locator missing')
    await damagedBecause(craft(parts, { zip64: { recordOffset: 10_000n } }), 'zip64 record out of bounds')
    await damagedBecause(craft(parts, { zip64: { recordSignature: 0x12345678 } }), 'zip64 record missing')
    await damagedBecause(craft(parts, { zip64: { entryCount: 2n ** 60n } }), 'zip64 value too large')
  })

  it('refuses a zip64 entry without its extended sizes, or with too few of them', async () => {
    await damagedBecause(craft([{ ...parts[0]!, zip64: 'no-extra' }]), 'zip64 extra field missing')
    await damagedBecause(craft([{ ...parts[0]!, zip64: 'short' }]), 'zip64 extra field')
  })

  it('refuses a directory that lies about where it is, how big it is, or what it holds', async () => {
    await damagedBecause(craft(parts, { directoryOffset: 5_000 }), 'central directory out of bounds')
    await damagedBecause(craft(parts, { directorySize: 10 }), 'central directory size')
    await damagedBecause(craft(parts, { entryCount: 4 }), 'central directory entry')
  })

  it('refuses too many entries, with their count', async () => {
    const error = await refusal(readZipDirectory(write(craft(parts)), { ...DEFAULT_ZIP_LIMITS, maxEntries: 2 }))
    expect(error.message).toBe("Le fichier Excel contient trop d'éléments (3) : il a été refusé par sécurité.")
  })

  it('refuses an encrypted entry, saying to save the workbook without a password', async () => {
    const error = await refusal(readZipDirectory(write(craft([parts[0]!, { ...parts[1]!, flags: 0x0001 }]))))
    expect(error.message).toBe('Le fichier Excel est protégé par un mot de passe : enregistrez-le sans mot de passe au format .xlsx, puis réessayez.')
  })

  it('refuses two entries of the same name (names compared without case, as Office does)', async () => {
    await damagedBecause(craft([...parts, { name: 'XL/Workbook.xml' }]), 'duplicate entry XL/Workbook.xml')
  })

  it('refuses an over-compressed entry, and an archive too big once inflated', async () => {
    const big = { name: 'xl/media/image1.png', data: Buffer.alloc(4 * 1024 * 1024), method: 8 }
    const bomb = await refusal(readZipDirectory(write(craft([parts[0]!, big]))))
    expect(bomb.message).toMatch(SUSPICIOUS)
    expect(bomb.details?.detail).toMatch(/^xl\/media\/image1\.png: 4194304 \//)
    const huge = await refusal(readZipDirectory(write(craft([...parts, { name: 'xl/media/image2.png', uncompressedSize: 401 * 1024 * 1024, compressedSize: 10 * 1024 * 1024 }]))))
    expect(huge.message).toBe('Le fichier Excel est trop volumineux une fois décompressé (402 Mo) : 400 Mo au maximum.')
  })

  it('refuses entries whose data overlap (the « overlapping files » zip bomb)', async () => {
    const error = await refusal(readZipDirectory(write(craft([parts[0]!, { ...parts[1]!, localHeaderOffset: 0 }]))))
    expect(error.message).toMatch(SUSPICIOUS)
    expect(error.details?.detail).toMatch(/^overlapping entry/)
  })

  it('refuses an entry whose local header is not where the directory says', async () => {
    await damagedBecause(craft([parts[0]!, { ...parts[1]!, noLocalHeader: true }]), /^local header of xl\/workbook\.xml|overlapping/)
    await damagedBecause(craft([{ ...parts[0]!, localHeaderOffset: 3 }]), 'local header of [Content_Types].xml')
  })

  it('refuses an entry whose data would run into the directory', async () => {
    await damagedBecause(craft([parts[0]!, { ...parts[1]!, compressedSize: 5_000, uncompressedSize: 5_000 }]), 'entry xl/workbook.xml out of bounds')
  })
})

describe('entryChunks', () => {
  const open = async (entries: CraftEntry[]): Promise<ZipDirectory> => readZipDirectory(write(craft(entries)))
  const read = async (directory: ZipDirectory, name: string) => {
    const chunks: Buffer[] = []
    for await (const chunk of entryChunks(directory, directory.entries.get(name)!)) chunks.push(chunk)
    return Buffer.concat(chunks).toString()
  }

  it('gives back stored and deflated entries as they were', async () => {
    const directory = await open([{ name: 'a.xml', data: Buffer.from('stocké') }, { name: 'b.xml', data: Buffer.from('compressé '.repeat(50)), method: 8 }])
    expect(await read(directory, 'a.xml')).toBe('stocké')
    expect(await read(directory, 'b.xml')).toBe('compressé '.repeat(50))
  })

  it('refuses a compression it does not know, and stored data whose sizes disagree', async () => {
    const unsupported = await refusal(read(await open([{ name: 'a.xml', method: 12 }]), 'a.xml'))
    expect(unsupported.message).toMatch(/compression non prise en charge/)
    const stored = await refusal(read(await open([{ name: 'a.xml', uncompressedSize: 3 }]), 'a.xml'))
    expect(stored.details?.detail).toBe('stored size of a.xml')
  })

  it('refuses a deflated entry that inflates beyond its declared size, falls short of it, or fails its CRC', async () => {
    const text = Buffer.from('une ligne de données '.repeat(200))
    const beyond = await refusal(read(await open([{ name: 'a.xml', data: text, method: 8, uncompressedSize: 100 }]), 'a.xml'))
    expect(beyond.message).toMatch(SUSPICIOUS)
    const short = await refusal(read(await open([{ name: 'a.xml', data: text, method: 8, uncompressedSize: text.length + 10 }]), 'a.xml'))
    expect(short.details?.detail).toBe(`a.xml: ${text.length} bytes instead of ${text.length + 10}`)
    const crc = await refusal(read(await open([{ name: 'a.xml', data: text, method: 8, crc32: 1234 }]), 'a.xml'))
    expect(crc.details?.detail).toBe('a.xml: CRC mismatch')
  })
})
