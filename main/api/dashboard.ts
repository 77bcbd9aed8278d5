import { getOverviewCounts } from '../../db/overview'
import { handler, noInput } from './define'

export const dashboardHandlers = {
  'dashboard.overview': handler(noInput, { reads: ['organisations', 'people'] }, ({ store }) => getOverviewCounts(store.db)),
}
