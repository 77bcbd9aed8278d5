import type { Db } from './schema'

/** Every vocabulary the screens need to label codes and fill choice lists. */
export async function getReferenceData(db: Db) {
  const [profiles, towns, fields, offerTypes, schoolLevels, tags, networks] = await Promise.all([
    db.selectFrom('actorProfiles').select(['code', 'label', 'usualKind']).orderBy('sortOrder').execute(),
    db.selectFrom('towns').select(['inseeCode as code', 'name as label']).orderBy('sortOrder').execute(),
    db.selectFrom('actionFields').select(['code', 'label']).orderBy('sortOrder').execute(),
    db.selectFrom('offerTypes').select(['code', 'label']).orderBy('sortOrder').execute(),
    db.selectFrom('schoolLevels').select(['code', 'label']).orderBy('sortOrder').execute(),
    db.selectFrom('tags').select(['id', 'name']).orderBy('name').execute(),
    db.selectFrom('networks').select(['id', 'name']).orderBy('name').execute(),
  ])
  return { profiles, towns, fields, offerTypes, schoolLevels, tags, networks }
}

export type ReferenceData = Awaited<ReturnType<typeof getReferenceData>>
