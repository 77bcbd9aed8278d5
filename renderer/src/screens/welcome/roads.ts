import { useNavigate } from 'react-router'

// The roads to the team's data, from the welcome and from the empty screens: the import screen,
// and its SIRENE card.

export const SIRENE_DATASET_URL = 'https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-etablissements-siren-siret/'

/** The id of the SIRENE card on the import screen. */
const SIRENE_SECTION = 'import-sirene'

/** Once the page shows the element, brings it into view and puts the focus on its first button. */
function reveal(id: string, deadline = Date.now() + 3000): void {
  const element = document.getElementById(id)
  if (!element) {
    if (Date.now() < deadline) requestAnimationFrame(() => reveal(id, deadline))
    return
  }
  element.scrollIntoView({ block: 'start' })
  element.querySelector<HTMLElement>('button')?.focus({ preventScroll: true })
}

export function useImportRoads() {
  const navigate = useNavigate()
  return {
    files: () => navigate('/acteurs/import'),
    sirene: () => {
      navigate('/acteurs/import')
      reveal(SIRENE_SECTION)
    },
  }
}
