import { DatesProvider } from '@mantine/dates'
import { MantineProvider } from '@mantine/core'
import { ModalsProvider } from '@mantine/modals'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { HashRouter, Route, Routes } from 'react-router'
import { screen } from './lazyScreen'
import { ActorsLayout } from '../screens/actors/ActorsLayout'
import { CopilLayout } from '../screens/copil/CopilLayout'
import { NotFound } from './NotFound'
import { ChangeFeed } from '../api/changes'
import { Layout } from './Layout'
import { cssVariablesResolver, theme } from './theme'

// Each screen comes in its own chunk, fetched when first opened: the app starts without the grid,
// chart and editor libraries that only some screens use.
const DashboardScreen = screen(() => import('../screens/dashboard/DashboardScreen'), 'DashboardScreen')
const ActorScreen = screen(() => import('../screens/actors/ActorScreen'), 'ActorScreen')
const DirectoryScreen = screen(() => import('../screens/actors/DirectoryScreen'), 'DirectoryScreen')
const DuplicatesScreen = screen(() => import('../screens/actors/DuplicatesScreen'), 'DuplicatesScreen')
const FollowUpsScreen = screen(() => import('../screens/actors/FollowUpsScreen'), 'FollowUpsScreen')
const ImportScreen = screen(() => import('../screens/actors/ImportScreen'), 'ImportScreen')
const GroupScreen = screen(() => import('../screens/groups/GroupScreen'), 'GroupScreen')
const GroupsScreen = screen(() => import('../screens/groups/GroupsScreen'), 'GroupsScreen')
const DecisionRegisterScreen = screen(() => import('../screens/copil/DecisionRegisterScreen'), 'DecisionRegisterScreen')
const MembersScreen = screen(() => import('../screens/copil/MembersScreen'), 'MembersScreen')
const SessionScreen = screen(() => import('../screens/copil/SessionScreen'), 'SessionScreen')
const SessionsScreen = screen(() => import('../screens/copil/SessionsScreen'), 'SessionsScreen')
const IndicatorsScreen = screen(() => import('../screens/indicators/IndicatorsScreen'), 'IndicatorsScreen')
const TownScreen = screen(() => import('../screens/indicators/TownScreen'), 'TownScreen')
const ProgrammesRoutes = screen(() => import('../screens/programmes/ProgrammesRoutes'), 'ProgrammesRoutes')
const SettingsScreen = screen(() => import('../screens/settings/SettingsScreen'), 'SettingsScreen')

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
  },
})

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <DatesProvider settings={{ locale: 'fr', firstDayOfWeek: 1 }}>
        <Notifications position="top-center" containerWidth={380} autoClose={4000} />
        <QueryClientProvider client={queryClient}>
          <ChangeFeed />
          <ModalsProvider labels={{ confirm: 'Confirmer', cancel: 'Annuler' }}>
          <HashRouter>
            <Routes>
              <Route element={<Layout />}>
                <Route index element={<DashboardScreen />} />
                <Route path="acteurs" element={<ActorsLayout />}>
                  <Route index element={<DirectoryScreen />} />
                  <Route path="relances" element={<FollowUpsScreen />} />
                  <Route path="doublons" element={<DuplicatesScreen />} />
                  <Route path="import" element={<ImportScreen />} />
                </Route>
                <Route path="acteurs/:key" element={<ActorScreen />} />
                <Route path="groupes" element={<GroupsScreen />} />
                <Route path="groupes/:id" element={<GroupScreen />} />
                <Route path="copil" element={<CopilLayout />}>
                  <Route index element={<SessionsScreen />} />
                  <Route path="decisions" element={<DecisionRegisterScreen />} />
                  <Route path="membres" element={<MembersScreen />} />
                </Route>
                <Route path="copil/seances/:id" element={<SessionScreen />} />
                <Route path="programmes/*" element={<ProgrammesRoutes />} />
                <Route path="indicateurs" element={<IndicatorsScreen />} />
                <Route path="indicateurs/carte" element={<IndicatorsScreen />} />
                <Route path="indicateurs/rapport" element={<IndicatorsScreen />} />
                <Route path="indicateurs/communes/:code" element={<TownScreen />} />
                <Route path="parametres" element={<SettingsScreen />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </HashRouter>
          </ModalsProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  )
}
