import { DatesProvider } from '@mantine/dates'
import { MantineProvider } from '@mantine/core'
import { ModalsProvider } from '@mantine/modals'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { HashRouter, Route, Routes } from 'react-router'
import { DashboardScreen } from '../screens/dashboard/DashboardScreen'
import { ActorScreen } from '../screens/actors/ActorScreen'
import { ActorsLayout } from '../screens/actors/ActorsLayout'
import { DirectoryScreen } from '../screens/actors/DirectoryScreen'
import { DuplicatesScreen } from '../screens/actors/DuplicatesScreen'
import { FollowUpsScreen } from '../screens/actors/FollowUpsScreen'
import { ImportScreen } from '../screens/actors/ImportScreen'
import { GroupScreen } from '../screens/groups/GroupScreen'
import { GroupsScreen } from '../screens/groups/GroupsScreen'
import { CopilLayout } from '../screens/copil/CopilLayout'
import { DecisionRegisterScreen } from '../screens/copil/DecisionRegisterScreen'
import { MembersScreen } from '../screens/copil/MembersScreen'
import { SessionScreen } from '../screens/copil/SessionScreen'
import { SessionsScreen } from '../screens/copil/SessionsScreen'
import { IndicatorsScreen } from '../screens/indicators/IndicatorsScreen'
import { TownScreen } from '../screens/indicators/TownScreen'
import { NotFound } from './NotFound'
import { ProgrammesRoutes } from '../screens/programmes/ProgrammesRoutes'
import { SettingsScreen } from '../screens/settings/SettingsScreen'
import { Layout } from './Layout'
import { cssVariablesResolver, theme } from './theme'

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
