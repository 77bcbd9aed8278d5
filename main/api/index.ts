import type { z } from 'zod'
import { actorHandlers } from './actors'
import { actorFileHandlers } from './actors-files'
import { calendarHandlers } from './calendar'
import { changeHandlers } from './changes'
import { copilHandlers } from './copil'
import { dataSafetyHandlers } from './data-safety'
import { dashboardHandlers } from './dashboard'
import { groupHandlers } from './groups'
import { programmeHandlers } from './programmes'
import { indicatorHandlers } from './indicators'
import { systemHandlers } from './system'
import { teamDatabaseHandlers } from './team-database'
import { territoryHandlers } from './territory'

/** Every API call, by name. The one source of the API's names, inputs and results. */
export const handlers = {
  ...systemHandlers,
  ...territoryHandlers,
  ...dashboardHandlers,
  ...actorHandlers,
  ...actorFileHandlers,
  ...groupHandlers,
  ...copilHandlers,
  ...indicatorHandlers,
  ...programmeHandlers,
  ...calendarHandlers,
  ...changeHandlers,
  ...dataSafetyHandlers,
  ...teamDatabaseHandlers,
}

export type Api = typeof handlers
export type ApiName = keyof Api
export type ApiArgs<Name extends ApiName> = z.input<Api[Name]['input']>
export type ApiResult<Name extends ApiName> = Awaited<ReturnType<Api[Name]['run']>>
