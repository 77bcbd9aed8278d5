import type { z } from 'zod'
import type { Handler } from './define'
import { handlers } from './index'

/** Long operations that are no API call (the command line's `team move` and `restore` into a team database, db/transfer). */
const OTHER_ACTIVITIES: Record<string, string> = {
  'team.move': 'copie une base locale dans la base d’équipe',
  'team.restore': 'restaure une sauvegarde dans la base d’équipe',
  'team.demo': 'remplit la base d’équipe avec la démonstration',
}

/** What the long operation of this kind does (its call's `long`), for the message of who holds the lock. */
export function activityOf(kind: string): string | undefined {
  const entry = Object.prototype.hasOwnProperty.call(handlers, kind) ? (handlers as Record<string, Handler<z.ZodType, unknown>>)[kind] : undefined
  return entry?.audit?.long ?? OTHER_ACTIVITIES[kind]
}
