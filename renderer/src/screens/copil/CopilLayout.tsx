import { SectionLayout } from '../../components/SectionLayout'

const TABS = [
  { value: '/copil', label: 'Séances' },
  { value: '/copil/decisions', label: 'Registre des décisions' },
  { value: '/copil/membres', label: 'Membres' },
]

/** The steering committee: its sessions, its decision register and its members. */
export function CopilLayout() {
  return <SectionLayout title="COPIL" tabs={TABS} />
}
