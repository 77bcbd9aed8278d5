import { AppError } from './errors'
import type { Db } from './schema'

export async function getTerritory(db: Db) {
  const territory = await db.selectFrom('territory').select(['code', 'name', 'kind', 'source']).executeTakeFirst()
  if (!territory) throw new AppError('not_found', "Le territoire n'est pas configuré.")
  const towns = await db
    .selectFrom('towns')
    .select(['inseeCode', 'name', 'siren', 'population', 'populationTotal'])
    .orderBy('sortOrder')
    .execute()
  const postal = await db.selectFrom('townPostalCodes').select(['inseeCode', 'postalCode']).orderBy('postalCode').execute()
  const postalByTown = new Map<string, string[]>()
  for (const row of postal) postalByTown.set(row.inseeCode, [...(postalByTown.get(row.inseeCode) ?? []), row.postalCode])
  return {
    ...territory,
    population: towns.reduce((sum, town) => sum + town.population, 0),
    towns: towns.map((town) => ({ ...town, postalCodes: postalByTown.get(town.inseeCode) ?? [] })),
  }
}

export type TerritoryView = Awaited<ReturnType<typeof getTerritory>>
