import {
  IconAddressBook,
  IconChartBar,
  IconLayoutDashboard,
  IconSchool,
  IconSettings,
  IconSitemap,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react'

export interface NavigationEntry {
  path: string
  label: string
  icon: Icon
}

// The main navigation; these labels are fixed by the users.
export const NAVIGATION: NavigationEntry[] = [
  { path: '/', label: 'Tableau de bord', icon: IconLayoutDashboard },
  { path: '/acteurs', label: 'Acteurs', icon: IconAddressBook },
  { path: '/groupes', label: 'Groupes de travail', icon: IconUsersGroup },
  { path: '/copil', label: 'COPIL', icon: IconSitemap },
  { path: '/programmes', label: 'Programmes', icon: IconSchool },
  { path: '/indicateurs', label: 'Indicateurs', icon: IconChartBar },
  { path: '/parametres', label: 'Paramètres', icon: IconSettings },
]
