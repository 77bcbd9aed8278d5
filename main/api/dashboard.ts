import { getOverviewCounts } from '../../db/overview'
import { handler, noInput } from './define'

export const dashboardHandlers = {
  'dashboard.overview': handler(noInput, ({ store }) => getOverviewCounts(store.db)),
}
