import { getTerritory } from '../../db/territory'
import { handler, noInput } from './define'

export const territoryHandlers = {
  'territory.get': handler(noInput, { reads: [] }, ({ store }) => getTerritory(store.db)),
}
