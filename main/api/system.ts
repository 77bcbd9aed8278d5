import { getDatabaseInfo } from '../../db/sqlite/maintenance'
import { handler, noInput } from './define'

export const systemHandlers = {
  'system.info': handler(noInput, ({ store, appVersion }) => ({ appVersion, ...getDatabaseInfo(store) })),
}
