import { AppError } from '../errors'

// A person the app holds data about, for the personal-data rights: a contact of the directory
// ('p12') or a named pupil ('e3', élève). Their export and their erasure walk the live schema:
// db/privacy/person-export.ts and db/privacy/person-erasure.ts.

export type SubjectTable = 'people' | 'pupils'

export interface SubjectRef {
  table: SubjectTable
  id: number
}

/** 'p12' for a contact, 'e3' for a pupil (élève). */
export function subjectKey(ref: SubjectRef): string {
  return `${ref.table === 'people' ? 'p' : 'e'}${ref.id}`
}

export function parseSubjectKey(key: string): SubjectRef {
  const match = /^([pe])([1-9]\d{0,14})$/.exec(key)
  if (!match) throw new AppError('invalid_input', `Personne invalide : « ${key} » (attendu p12 pour un contact, e12 pour un élève).`)
  return { table: match[1] === 'p' ? 'people' : 'pupils', id: Number(match[2]) }
}

/** 'e3': a named pupil, as the personal-data pages and the command line name them. */
export const pupilKey = (id: number): string => subjectKey({ table: 'pupils', id })

/** The page of a person's record: the contact's page, or the named pupils' list with the pupil's record open. */
export function subjectPath(key: string): string {
  const ref = parseSubjectKey(key)
  return ref.table === 'people' ? `/acteurs/${key}` : `/programmes/eleves?fiche=${key}`
}
