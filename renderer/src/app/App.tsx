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
import { NotYetBuilt } from '../screens/placeholder/NotYetBuilt'
import { SettingsScreen } from '../screens/settings/SettingsScreen'
import { Layout } from './Layout'
import { theme } from './theme'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
  },
})

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DatesProvider settings={{ locale: 'fr', firstDayOfWeek: 1 }}>
        <Notifications position="top-right" />
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
                <Route path="groupes/*" element={<NotYetBuilt title="Groupes de travail" what="les groupes, leurs membres, leurs réunions, les présences, les comptes rendus et les pistes d'actions" />} />
                <Route path="copil/*" element={<NotYetBuilt title="COPIL" what="les séances du comité de pilotage, le registre des décisions et leur suivi, la préparation d'une séance" />} />
                <Route path="programmes/*" element={<NotYetBuilt title="Programmes" what="les éditions de Q2ER et des autres actions, leurs séquences, les stages, le mentorat et les demandes des établissements" />} />
                <Route path="indicateurs/*" element={<NotYetBuilt title="Indicateurs" what="les indicateurs d'impact, leurs cibles, les graphiques, la vue par commune et le rapport pour les financeurs" />} />
                <Route path="parametres" element={<SettingsScreen />} />
                <Route path="*" element={<NotYetBuilt title="Page introuvable" what="" />} />
              </Route>
            </Routes>
          </HashRouter>
          </ModalsProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  )
}
