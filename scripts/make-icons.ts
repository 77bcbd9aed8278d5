// `npm run icons`: derives every platform's icon from build/icon.png (512 × 512, RGBA), with Node
// alone (zlib), so that packaging needs no image tool:
//   build/icon.ico   Windows (exe, NSIS installer, portable): 16 to 256 px
//   build/icon.icns  macOS: 16 to 512 px
//   build/icons/     Linux (AppImage, deb): NxN.png, 16 to 512 px
// The output is deterministic; tests/unit/packaging.test.ts checks that the committed files are
// what this script makes from the current build/icon.png.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import zlib from 'node:zlib'

export interface Image {
  width: number
  height: number
  /** RGBA, 8 bits per channel, rows top to bottom. */
  pixels: Uint8Array
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(data: Buffer): number {
  let crc = 0xffffffff
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/** Reads an 8-bit RGBA or RGB, non-interlaced PNG. */
export function decodePng(file: Buffer): Image {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file')
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const data: Buffer[] = []
  while (offset < file.length) {
    const length = file.readUInt32BE(offset)
    const type = file.toString('latin1', offset + 4, offset + 8)
    const body = file.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [bitDepth, colorType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      if (bitDepth !== 8 || interlace !== 0 || (colorType !== 6 && colorType !== 2)) {
        throw new Error('only 8-bit, non-interlaced RGB or RGBA PNG files are supported')
      }
      channels = colorType === 6 ? 4 : 3
    } else if (type === 'IDAT') {
      data.push(body)
    } else if (type === 'IEND') {
      break
    }
    offset += 12 + length
  }
  const raw = zlib.inflateSync(Buffer.concat(data))
  const stride = width * channels
  const rows = Buffer.alloc(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? rows[y * stride + x - channels]! : 0
      const up = y > 0 ? rows[(y - 1) * stride + x]! : 0
      const upLeft = y > 0 && x >= channels ? rows[(y - 1) * stride + x - channels]! : 0
      let predictor = 0
      if (filter === 1) predictor = left
      else if (filter === 2) predictor = up
      else if (filter === 3) predictor = (left + up) >> 1
      else if (filter === 4) {
        const p = left + up - upLeft
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)]
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft
      }
      rows[y * stride + x] = (line[x]! + predictor) & 0xff
    }
  }
  const pixels = new Uint8Array(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    pixels[i * 4] = rows[i * channels]!
    pixels[i * 4 + 1] = rows[i * channels + 1]!
    pixels[i * 4 + 2] = rows[i * channels + 2]!
    pixels[i * 4 + 3] = channels === 4 ? rows[i * channels + 3]! : 255
  }
  return { width, height, pixels }
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0)
  return Buffer.concat([head, body, crc])
}

export function encodePng(image: Image): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(image.width, 0)
  header.writeUInt32BE(image.height, 4)
  header.set([8, 6, 0, 0, 0], 8)
  const stride = image.width * 4
  const raw = Buffer.alloc((stride + 1) * image.height)
  for (let y = 0; y < image.height; y++) {
    raw[y * (stride + 1)] = 0
    raw.set(image.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

/** Area-average downscaling, in premultiplied alpha (no dark fringes on transparent edges). */
export function resize(image: Image, size: number): Image {
  const scaleX = image.width / size
  const scaleY = image.height / size
  const pixels = new Uint8Array(size * size * 4)
  for (let y = 0; y < size; y++) {
    const y0 = y * scaleY
    const y1 = y0 + scaleY
    for (let x = 0; x < size; x++) {
      const x0 = x * scaleX
      const x1 = x0 + scaleX
      let [r, g, b, a, total] = [0, 0, 0, 0, 0]
      for (let sy = Math.floor(y0); sy < Math.ceil(y1); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy)
        for (let sx = Math.floor(x0); sx < Math.ceil(x1); sx++) {
          const weight = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx))
          const i = (sy * image.width + sx) * 4
          const alpha = image.pixels[i + 3]! / 255
          r += image.pixels[i]! * alpha * weight
          g += image.pixels[i + 1]! * alpha * weight
          b += image.pixels[i + 2]! * alpha * weight
          a += alpha * weight
          total += weight
        }
      }
      const o = (y * size + x) * 4
      pixels[o] = a > 0 ? Math.round(r / a) : 0
      pixels[o + 1] = a > 0 ? Math.round(g / a) : 0
      pixels[o + 2] = a > 0 ? Math.round(b / a) : 0
      pixels[o + 3] = Math.round((a / total) * 255)
    }
  }
  return { width: size, height: size, pixels }
}

/** A 32-bit DIB entry (what every Windows tool, NSIS included, reads), bottom-up, empty AND mask. */
function dib(image: Image): Buffer {
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(image.width, 4)
  header.writeInt32LE(image.height * 2, 8)
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  const colors = Buffer.alloc(image.width * image.height * 4)
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4
      const o = ((image.height - 1 - y) * image.width + x) * 4
      colors.set([image.pixels[i + 2]!, image.pixels[i + 1]!, image.pixels[i]!, image.pixels[i + 3]!], o)
    }
  }
  const maskStride = Math.ceil(image.width / 32) * 4
  return Buffer.concat([header, colors, Buffer.alloc(maskStride * image.height)])
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]

export function makeIco(source: Image): Buffer {
  const entries = ICO_SIZES.map((size) => {
    const image = resize(source, size)
    return { size, data: size === 256 ? encodePng(image) : dib(image) }
  })
  const header = Buffer.alloc(6 + 16 * entries.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(entries.length, 4)
  let offset = header.length
  entries.forEach((entry, index) => {
    const at = 6 + 16 * index
    header[at] = entry.size >= 256 ? 0 : entry.size
    header[at + 1] = entry.size >= 256 ? 0 : entry.size
    header.writeUInt16LE(1, at + 4)
    header.writeUInt16LE(32, at + 6)
    header.writeUInt32LE(entry.data.length, at + 8)
    header.writeUInt32LE(offset, at + 12)
    offset += entry.data.length
  })
  return Buffer.concat([header, ...entries.map((entry) => entry.data)])
}

/** macOS icon types holding PNG data, with their pixel size. */
export const ICNS_TYPES: [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
]

export function makeIcns(source: Image): Buffer {
  const pngs = new Map<number, Buffer>()
  const entries = ICNS_TYPES.map(([type, size]) => {
    if (!pngs.has(size)) pngs.set(size, encodePng(size === source.width ? source : resize(source, size)))
    const data = pngs.get(size)!
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([head, data])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + entries.reduce((sum, entry) => sum + entry.length, 0), 4)
  return Buffer.concat([head, ...entries])
}

export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512]

/** Every file this script writes, by path relative to build/. */
export function makeIcons(sourcePng: Buffer): Map<string, Buffer> {
  const source = decodePng(sourcePng)
  if (source.width !== source.height || source.width < 512) throw new Error('build/icon.png must be square, 512 px or more')
  const files = new Map<string, Buffer>([
    ['icon.ico', makeIco(source)],
    ['icon.icns', makeIcns(source)],
  ])
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, encodePng(size === source.width ? source : resize(source, size)))
  return files
}

export const BUILD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build')

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const [name, data] of makeIcons(fs.readFileSync(path.join(BUILD_DIR, 'icon.png')))) {
    fs.mkdirSync(path.dirname(path.join(BUILD_DIR, name)), { recursive: true })
    fs.writeFileSync(path.join(BUILD_DIR, name), data)
    console.log(`build/${name}  ${data.length} octets`)
  }
}
