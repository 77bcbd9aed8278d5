import { Route, Routes } from 'react-router'
import { SectionLayout } from '../../components/SectionLayout'
import { NotFound } from '../../app/NotFound'
import { CalendarScreen } from './CalendarScreen'
import { EditionScreen } from './EditionScreen'
import { MentoringScreen } from './MentoringScreen'
import { PlacementsScreen } from './PlacementsScreen'
import { ProgrammesScreen } from './ProgrammesScreen'
import { PupilsScreen } from './PupilsScreen'
import { RequestScreen } from './RequestScreen'
import { RequestsScreen } from './RequestsScreen'

const TABS = [
  { value: '/programmes', label: 'Programmes' },
  { value: '/programmes/calendrier', label: 'Calendrier' },
  { value: '/programmes/stages', label: 'Stages et alternance' },
  { value: '/programmes/mentorat', label: 'Mentorat' },
  { value: '/programmes/demandes', label: 'Demandes' },
  { value: '/programmes/eleves', label: 'Élèves nommés' },
]

/** Q2ER and the other actions: editions, calendar, internships, mentoring, schools' requests, named pupils. */
function ProgrammesLayout() {
  return <SectionLayout title="Programmes" tabs={TABS} />
}

/** Everything under /programmes. */
export function ProgrammesRoutes() {
  return (
    <Routes>
      <Route element={<ProgrammesLayout />}>
        <Route index element={<ProgrammesScreen />} />
        <Route path="calendrier" element={<CalendarScreen />} />
        <Route path="stages" element={<PlacementsScreen />} />
        <Route path="mentorat" element={<MentoringScreen />} />
        <Route path="demandes" element={<RequestsScreen />} />
        <Route path="demandes/:id" element={<RequestScreen />} />
        <Route path="eleves" element={<PupilsScreen />} />
      </Route>
      <Route path="editions/:id" element={<EditionScreen />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  )
}
