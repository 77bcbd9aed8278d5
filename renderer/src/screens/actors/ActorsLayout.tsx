import { SectionLayout } from '../../components/SectionLayout'

const TABS = [
  { value: '/acteurs', label: 'Annuaire' },
  { value: '/acteurs/relances', label: 'À relancer' },
  { value: '/acteurs/doublons', label: 'Doublons' },
  { value: '/acteurs/import', label: 'Importer' },
]

export function ActorsLayout() {
  return <SectionLayout title="Acteurs" tabs={TABS} />
}
