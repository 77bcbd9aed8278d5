import type { Db } from './schema'

/** Live counts for the dashboard's first row. */
export async function getOverviewCounts(db: Db) {
  const count = (table: 'organisations' | 'people' | 'towns') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n))
  const [organisations, people, towns] = await Promise.all([count('organisations'), count('people'), count('towns')])
  const vitawiners = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'vitawiner')
    .executeTakeFirstOrThrow()
  const byProfile = await db
    .selectFrom('actorProfiles as p')
    .leftJoin('organisations as o', 'o.profileCode', 'p.code')
    .select((eb) => ['p.code', 'p.label', eb.fn.count<number>('o.id').as('organisations')])
    .groupBy(['p.code', 'p.label', 'p.sortOrder'])
    .orderBy('p.sortOrder')
    .execute()
  return {
    organisations,
    people,
    towns,
    vitawinerOrganisations: Number(vitawiners.n),
    byProfile: byProfile.map((row) => ({ code: row.code, label: row.label, organisations: Number(row.organisations) })),
  }
}

export type OverviewCounts = Awaited<ReturnType<typeof getOverviewCounts>>
