// A closed list of codes stored in the database, each with its French label, declared once: the
// schema's column types (CodeOf), the zod enums (z.enum(list.codes)), the API's types and every
// label shown or exported derive from it. Pure code: the renderer imports it too.

export interface ValueList<Code extends string> {
  /** The codes, in the order they are offered (a non-empty tuple, as z.enum wants it). */
  readonly codes: readonly [Code, ...Code[]]
  /** Each code's French label, as the animators read it. */
  readonly labels: Readonly<Record<Code, string>>
  /** Select data, in the list's order. */
  readonly options: { value: Code; label: string }[]
  /** The label of a code; an unknown code is returned as it is, so that it stays visible. */
  label(code: string | null | undefined): string
  has(value: unknown): value is Code
}

export type CodeOf<List> = List extends ValueList<infer Code> ? Code : never

export function valueList<const Labels extends Record<string, string>>(labels: Labels): ValueList<Extract<keyof Labels, string>> {
  type Code = Extract<keyof Labels, string>
  const codes = Object.keys(labels) as Code[]
  if (codes.length === 0) throw new RangeError('A list of values needs at least one value.')
  const known = new Set<string>(codes)
  return Object.freeze({
    codes: Object.freeze(codes) as unknown as readonly [Code, ...Code[]],
    labels: Object.freeze({ ...labels }) as Readonly<Record<Code, string>>,
    options: codes.map((value) => Object.freeze({ value, label: labels[value]! })),
    label: (code: string | null | undefined) => (code === null || code === undefined ? '' : known.has(code) ? labels[code as Code]! : code),
    has: (value: unknown): value is Code => typeof value === 'string' && known.has(value),
  })
}

/** The part of a list a column allows (programme partners: two of the three edition roles). */
export function subList<Code extends string, const Picked extends Code>(list: ValueList<Code>, picked: readonly [Picked, ...Picked[]]): ValueList<Picked> {
  return valueList(Object.fromEntries(picked.map((code) => [code, list.labels[code]])) as Record<Picked, string>) as unknown as ValueList<Picked>
}
