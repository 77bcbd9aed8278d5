import { z } from 'zod'
import type { Store } from '../../db/backend'
import type { Database } from '../../db/schema'
import type { FileRegistry } from './files'
import type { HostServices } from './host-services'

z.config(z.locales.fr())

export interface Progress {
  /** What is being done, in French ("Lecture du fichier"). */
  phase: string
  done: number
  total?: number
}

export interface ApiContext {
  store: Store
  appVersion: string
  files: FileRegistry
  progress(progress: Progress): void
  /** The API host's services (backups, restore, machine configuration); absent outside a host. */
  host?: HostServices
}

/** What the audit trail needs of a call's files: the names the user knows them by. */
export interface FileNames {
  /** The name of the file behind a handle, or null when it is unknown. */
  nameOf(fileId: unknown): string | null
}

/** How the host treats a call that writes, declared with it. */
export interface WriteMetadata<Input extends z.ZodType> {
  /** The operation's label in the audit trail, in French; a function when it names what it worked on. */
  label: string | ((args: z.output<Input>, files: FileNames) => string)
  /** A verified backup first: imports and merges. */
  backup?: 'avant-import' | 'avant-fusion'
  /**
   * A long operation, run alone on the database (db/locks.ts): what it does, as the verb of
   * « Camille importe des acteurs depuis 10 h 42 », the sentence the other animator reads.
   */
  long?: string
}

/**
 * The tables a read call reads (those the audit trail records changes to), or 'everything': the
 * change feed refreshes a screen's data only when another animator changed one of them.
 */
export type ReadTables = readonly (keyof Database)[] | 'everything'

export interface ReadMetadata {
  reads: ReadTables
}

export interface Handler<Input extends z.ZodType, Result> {
  input: Input
  /** Writes take the database alone; reads run side by side. */
  writes: boolean
  /** What a read reads (absent: refreshed on any change, as 'everything'). */
  reads?: ReadTables
  /** Present on every call that writes. */
  audit?: WriteMetadata<Input>
  run(context: ApiContext, args: z.output<Input>): Promise<Result>
}

type Run<Input extends z.ZodType, Result> = (context: ApiContext, args: z.output<Input>) => Promise<Result> | Result

/**
 * Declares one API call that only reads: its zod input schema, the tables it reads (checked
 * against what it really reads by main/api/reads.test.ts) and its implementation.
 */
export function handler<Input extends z.ZodType, Result>(input: Input, run: Run<Input, Result>): Handler<Input, Result>
export function handler<Input extends z.ZodType, Result>(input: Input, read: ReadMetadata, run: Run<Input, Result>): Handler<Input, Result>
export function handler<Input extends z.ZodType, Result>(input: Input, second: ReadMetadata | Run<Input, Result>, third?: Run<Input, Result>): Handler<Input, Result> {
  const run = typeof second === 'function' ? second : third!
  const reads = typeof second === 'function' ? undefined : second.reads
  return { input, writes: false, reads, run: async (context, args) => run(context, args) }
}

/** Declares one API call that writes, with its label in the audit trail and its backup policy. */
export function mutation<Input extends z.ZodType, Result>(
  input: Input,
  audit: WriteMetadata<Input>,
  run: (context: ApiContext, args: z.output<Input>) => Promise<Result> | Result,
): Handler<Input, Result> {
  return { input, writes: true, audit, run: async (context, args) => run(context, args) }
}

/** « Création d’une séance » for a new record (id null), « Modification d’une séance » for an existing one. */
export function createOrChange(what: string): (args: { id: number | null }) => string {
  return (args) => `${args.id === null ? 'Création' : 'Modification'} d’${what}`
}

/** « depuis « adherents.csv » » for a label naming the file a call read, or nothing. */
export function fromFile(files: FileNames, fileId: unknown): string {
  const name = files.nameOf(fileId)
  return name ? ` depuis « ${name} »` : ''
}

/** The label of a call that writes, from its arguments; a call whose arguments are invalid writes nothing. */
export function operationLabel(handler: Pick<Handler<z.ZodType, unknown>, 'input' | 'audit'>, name: string, args: unknown, files: FileNames): string {
  const label = handler.audit?.label
  if (typeof label === 'string') return label
  const parsed = handler.input.safeParse(args ?? undefined)
  return label && parsed.success ? label(parsed.data, files) : `Modification (${name})`
}

export const noInput = z.object({}).strict().optional()
