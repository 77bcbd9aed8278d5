export const GROUP_STATUS_LABELS: Record<string, string> = {
  en_preparation: 'En préparation',
  actif: 'Actif',
  termine: 'Terminé',
  suspendu: 'Suspendu',
}

export const GROUP_STATUS_COLORS: Record<string, string> = { en_preparation: 'gray', actif: 'teal', termine: 'blue', suspendu: 'orange' }

export const ACTION_STATUS_LABELS: Record<string, string> = {
  proposee: 'Proposée',
  retenue: 'Retenue',
  en_oeuvre: 'En œuvre',
  realisee: 'Réalisée',
  abandonnee: 'Abandonnée',
}

export const ACTION_STATUS_COLORS: Record<string, string> = { proposee: 'gray', retenue: 'indigo', en_oeuvre: 'cyan', realisee: 'teal', abandonnee: 'orange' }

export const ATTENDANCE_LABELS: Record<string, string> = { present: 'Présent', excuse: 'Excusé', absent: 'Absent' }
