import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ValueList } from '../../db/rules/value-list'

// Each list of values (statuses, kinds, roles…) is declared once, with its French labels, in
// db/rules/: the schema's column types, the zod enums, the API's types and every label or colour
// map derive from it. This test reads the tree and fails on a second copy.

const ROOT = path.resolve(__dirname, '../..')
const SOURCES = ['db', 'main', 'renderer/src', 'scripts', 'preload']

function sourceFiles(): string[] {
  const found: string[] = []
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) found.push(file)
    }
  }
  for (const folder of SOURCES) walk(path.join(ROOT, folder))
  return found
}

const relative = (file: string) => path.relative(ROOT, file).replaceAll(path.sep, '/')

const rulesModules = import.meta.glob<Record<string, unknown>>(['../../db/rules/*.ts', '!../../db/rules/*.test.ts'], { eager: true })

function isValueList(value: unknown): value is ValueList<string> {
  const list = value as ValueList<string> | null
  return typeof list === 'object' && list !== null && Array.isArray(list.codes) && typeof list.labels === 'object' && typeof list.label === 'function'
}

/** Every list declared in db/rules, by 'module.EXPORT'. */
const lists = new Map<string, ValueList<string>>()
for (const [file, exports] of Object.entries(rulesModules)) {
  for (const [name, value] of Object.entries(exports)) if (isValueList(value)) lists.set(`${path.basename(file, '.ts')}.${name}`, value)
}

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000')

/** The keys of the object literal assigned to `name` in `source` (one level, as label and colour maps are written). */
function literalKeys(source: string, name: string): string[] | null {
  const start = new RegExp(`\\b${name}\\b[^=\\n]*=\\s*\\{`).exec(source)
  if (!start) return null
  let depth = 0
  let end = start.index + start[0].length - 1
  for (; end < source.length; end++) {
    if (source[end] === '{') depth++
    else if (source[end] === '}' && --depth === 0) break
  }
  const body = source.slice(start.index + start[0].length, end)
  return [...body.matchAll(/(?:^|[,{\n])\s*(?:'([^']+)'|"([^"]+)"|([A-Za-z_$][\w$]*))\s*:/g)].map((match) => match[1] ?? match[2] ?? match[3]!)
}

/** Maps keyed by something other than a list of values, and why. */
const NOT_LISTS: Record<string, string> = {
  PROGRAMME_COLORS: 'keyed by programme codes, rows of the programmes table',
}

describe('lists of values', () => {
  it('are found in db/rules', () => {
    expect(lists.size).toBeGreaterThan(20)
    for (const name of ['copil-values.DECISION_STATUS', 'group-values.ATTENDANCE_STATUS', 'actor-values.REQUEST_KIND', 'programme-values.PROGRAMME_SESSION_STATUS']) {
      expect([...lists.keys()]).toContain(name)
    }
  })

  it('are each declared once: no two lists hold the same codes with the same labels', () => {
    const seen = new Map<string, string>()
    for (const [name, list] of lists) {
      const signature = JSON.stringify(Object.entries(list.labels).sort())
      expect(seen.get(signature), `${name} repeats ${seen.get(signature)}`).toBeUndefined()
      seen.set(signature, name)
    }
  })

  it('give every code a French label, and keep unknown codes visible', () => {
    for (const [name, list] of lists) {
      for (const code of list.codes) expect(list.labels[code]?.trim(), `${name}.${code}`).toBeTruthy()
      expect(list.options.map((option) => option.value)).toEqual([...list.codes])
      expect(list.label('code_inconnu')).toBe('code_inconnu')
    }
  })

  it('are the only label maps: every *_LABELS map lives in db/rules, every *_COLORS map is keyed by exactly one list', () => {
    const problems: string[] = []
    const listKeys = [...lists.entries()]
    for (const file of sourceFiles()) {
      const source = fs.readFileSync(file, 'utf8')
      const where = relative(file)
      for (const match of source.matchAll(/\bconst ([A-Z][A-Z0-9_]*_(LABELS|COLORS))\b/g)) {
        const name = match[1]!
        if (match[2] === 'LABELS') {
          if (!where.startsWith('db/rules/')) problems.push(`${where}: ${name} is a label map outside db/rules`)
          continue
        }
        if (NOT_LISTS[name]) continue
        const keys = literalKeys(source, name)
        if (!keys) {
          problems.push(`${where}: ${name} is not an object literal`)
          continue
        }
        const list = listKeys.find(([, each]) => sameKeys(keys, each.codes))
        if (!list) problems.push(`${where}: the keys of ${name} (${keys.join(', ')}) are no list of db/rules`)
      }
    }
    expect(problems).toEqual([])
  })

  it('are not retyped anywhere: no object literal outside db/rules maps a list\'s codes to labels', () => {
    const colours = new Set(['gray', 'teal', 'blue', 'orange', 'red', 'yellow', 'grape', 'indigo', 'cyan', 'pink', 'green', 'lime', 'violet', 'dark'])
    const problems: string[] = []
    for (const file of sourceFiles().filter((each) => !relative(each).startsWith('db/rules/'))) {
      const source = fs.readFileSync(file, 'utf8')
      for (const literal of source.matchAll(/\{([^{}]*)\}/g)) {
        const pairs = [...literal[1]!.matchAll(/(?:^|,)\s*(?:'([^']+)'|([A-Za-z_$][\w$]*))\s*:\s*(?:'([^']*)'|"([^"]*)")\s*(?=,|$)/g)]
        if (pairs.length < 2) continue
        const keys = pairs.map((pair) => pair[1] ?? pair[2]!)
        const values = pairs.map((pair) => pair[3] ?? pair[4]!)
        if (values.every((value) => colours.has(value))) continue
        // A copy shares labels with its list (a map of SQL or of colours by code does not).
        const list = [...lists.entries()].find(
          ([, each]) => sameKeys(keys, each.codes) && keys.some((key, index) => each.label(key).toLocaleLowerCase('fr') === values[index]!.toLocaleLowerCase('fr')),
        )
        if (list) problems.push(`${relative(file)}: { ${keys.join(', ')} } retypes the labels of ${list[0]}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('are offered from their list, not retyped: no screen writes { value: code, label } for a code of a list', () => {
    const codes = new Set([...lists.values()].flatMap((list) => [...list.codes]))
    const problems: string[] = []
    for (const file of sourceFiles().filter((each) => relative(each).startsWith('renderer/'))) {
      const source = fs.readFileSync(file, 'utf8')
      for (const match of source.matchAll(/\{\s*value:\s*'([^']+)',\s*label:/g)) {
        if (codes.has(match[1]!)) problems.push(`${relative(file)}: « ${match[1]} » retyped with its label`)
      }
    }
    expect(problems).toEqual([])
  })

  it('type the schema: no column of db/schema.ts spells out a union of codes', () => {
    const schema = fs.readFileSync(path.join(ROOT, 'db/schema.ts'), 'utf8').replace(/\/\*\*[\s\S]*?\*\/|\/\/.*$/gm, '')
    expect(schema.match(/'[^']*'\s*\|/g) ?? []).toEqual([])
  })

  it('make the zod enums: no input schema spells out its own list of codes', () => {
    const problems: string[] = []
    for (const file of sourceFiles().filter((each) => /^(db|main\/api)\//.test(relative(each)))) {
      const source = fs.readFileSync(file, 'utf8')
      for (const match of source.matchAll(/z\.enum\(\[([^\]]*)\]\)/g)) {
        const values = [...match[1]!.matchAll(/'([^']+)'/g)].map((value) => value[1]!)
        const list = [...lists.entries()].find(([, each]) => values.some((value) => each.has(value)) && sameKeys(values, each.codes))
        if (list) problems.push(`${relative(file)}: z.enum([${values.join(', ')}]) repeats ${list[0]}`)
      }
    }
    expect(problems).toEqual([])
  })
})
