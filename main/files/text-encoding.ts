// Encodings of the CSV files users bring: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
// "Texte Unicode"), else windows-1252 (what French Excel writes for "CSV (séparateur : point-virgule)").

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

// windows-1252 differs from latin1 only in 0x80–0x9F. Undefined bytes map to the C1 control of
// the same value, as the WHATWG Encoding Standard does.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
]

/** Decodes windows-1252 bytes (single-byte: chunks can be decoded independently). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = ''
  let start = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b >= 0x80 && b <= 0x9f) {
      if (i > start) out += Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString('latin1')
      out += String.fromCharCode(CP1252_HIGH[b - 0x80]!)
      start = i + 1
    }
  }
  if (start < bytes.length) out += Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('latin1')
  return out
}

export function detectBom(head: Uint8Array): { encoding: CsvEncoding; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 }
  return null
}

/** Whether the chunks form valid UTF-8 (stops at the first invalid sequence). */
export async function isValidUtf8(chunks: AsyncIterable<Buffer>): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  try {
    for await (const chunk of chunks) decoder.decode(chunk, { stream: true })
  } catch {
    return false
  }
  try {
    decoder.decode()
  } catch {
    // Only the very last character is cut: a truncated UTF-8 file, still UTF-8.
  }
  return true
}

/** Text decoder for one encoding, fed chunk by chunk. */
export function createDecoder(encoding: CsvEncoding): (chunk: Buffer | null) => string {
  if (encoding === 'windows-1252') return (chunk) => (chunk ? decodeWindows1252(chunk) : '')
  const decoder = new TextDecoder(encoding, { ignoreBOM: false })
  return (chunk) => (chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode())
}
