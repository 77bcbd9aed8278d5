import { Group, SegmentedControl, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { useApiQuery } from '../../api/hooks'
import { ChartCard } from '../../components/ChartCard'
import { QueryState } from '../../components/QueryState'
import { formatDecimal } from '../../../../db/rules/format'
import { TERRITORY_FIGURE, type TerritoryFigure } from '../../../../db/rules/indicator-values'

type Town = ApiResult<'indicators.map'>[number]

// Where each town's tile stands: rows from north to south, columns from Paris eastwards, placed
// roughly as the towns lie (drawn by the app, no map service).
const LAYOUT: Record<string, [number, number]> = {
  '94067': [0, 0], // Saint-Mandé
  '94080': [1, 0], // Vincennes
  '94033': [2, 0], // Fontenay-sous-Bois
  '94058': [3, 0], // Le Perreux-sur-Marne
  '94015': [4, 0], // Bry-sur-Marne
  '94018': [0.5, 1], // Charenton-le-Pont
  '94069': [1.5, 1], // Saint-Maurice
  '94052': [2.5, 1], // Nogent-sur-Marne
  '94079': [4.5, 1], // Villiers-sur-Marne
  '94046': [1, 2], // Maisons-Alfort
  '94042': [2, 2], // Joinville-le-Pont
  '94017': [3, 2], // Champigny-sur-Marne
  '94068': [2.5, 3], // Saint-Maur-des-Fossés
}

type Figure = TerritoryFigure

const TILE_W = 176
const TILE_H = 70
const GAP_X = 186
const GAP_Y = 86

function shade(ratio: number): string {
  // From a pale to a deep teal.
  const from = [230, 252, 245]
  const to = [8, 127, 91]
  const mix = from.map((channel, index) => Math.round(channel + (to[index]! - channel) * ratio))
  return `rgb(${mix.join(',')})`
}

export function MapSvg({ towns, figure, onOpen }: { towns: Town[]; figure: Figure; onOpen: (code: string) => void }) {
  const max = Math.max(1, ...towns.map((town) => town[figure]))
  const width = GAP_X * 4.5 + TILE_W + 20
  const height = GAP_Y * 3 + TILE_H + 20
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" height="100%" role="group" aria-label="Carte schématique des 13 communes">
      {towns.map((town) => {
        const position = LAYOUT[town.code]
        if (!position) return null
        const x = 10 + position[0] * GAP_X
        const y = 10 + position[1] * GAP_Y
        const ratio = town[figure] / max
        const dark = ratio > 0.55
        return (
          <g
            key={town.code}
            role="link"
            tabIndex={0}
            aria-label={`${town.name} : ${formatDecimal(town[figure])}`}
            style={{ cursor: 'pointer' }}
            onClick={() => onOpen(town.code)}
            onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && onOpen(town.code)}
            data-testid={`map-${town.code}`}
          >
            <rect x={x} y={y} width={TILE_W} height={TILE_H} rx={12} fill={shade(ratio)} stroke="#087f5b" strokeWidth={1} />
            <text x={x + TILE_W / 2} y={y + 28} textAnchor="middle" fontSize={12.5} fontWeight={600} fill={dark ? '#fff' : '#1a1b1e'}>
              {town.name.length > 22 ? `${town.name.slice(0, 21)}…` : town.name}
            </text>
            <text x={x + TILE_W / 2} y={y + 52} textAnchor="middle" fontSize={18} fontWeight={700} fill={dark ? '#fff' : '#087f5b'}>
              {formatDecimal(town[figure])}
            </text>
            <title>{town.name}</title>
          </g>
        )
      })}
    </svg>
  )
}

export function TerritoryMap({ period, figure: initial = 'actors' }: { period: string; figure?: Figure }) {
  const navigate = useNavigate()
  const map = useApiQuery('indicators.map', { period })
  const [figure, setFigure] = useState<Figure>(initial)
  const label = TERRITORY_FIGURE.label(figure)
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <SegmentedControl data={TERRITORY_FIGURE.options} value={figure} onChange={(value) => setFigure(value as Figure)} aria-label="Chiffre affiché" />
        <Text size="sm" c="dimmed">
          Cliquez une commune pour ouvrir sa page.
        </Text>
      </Group>
      <QueryState query={map}>
        {(towns) => (
          <ChartCard title={`Territoire — ${label}`} subtitle={period} height={440}>
            <MapSvg towns={towns} figure={figure} onOpen={(code) => navigate(`/indicateurs/communes/${code}?periode=${period}`)} />
          </ChartCard>
        )}
      </QueryState>
    </Stack>
  )
}
