import { Card, Group, Progress, SegmentedControl, Select, SimpleGrid, Stack, Text, Title, useMantineTheme } from '@mantine/core'
import { useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { useApiQuery } from '../../api/hooks'
import { ChartCard } from '../../components/ChartCard'
import { niceTicks } from '../../components/chart-scale'
import { QueryState } from '../../components/QueryState'
import { formatDecimal, formatInteger } from '../../../../db/rules/format'
import { KEY_INDICATORS, PLANNED_KEY } from '../../../../db/rules/indicator-keys'
import { TERRITORY_FIGURE } from '../../../../db/rules/indicator-values'
import { useDatabase } from '../../app/database'
import { usePeriod } from '../indicators/usePeriod'
import { WelcomeScreen } from '../welcome/WelcomeScreen'
import { NextSteps } from './NextSteps'
import { PROGRAMME_COLORS } from '../programmes/labels'

type Figures = ApiResult<'dashboard.figures'>

const PALETTE = ['#0ca678', '#1c7ed6', '#f08c00', '#ae3ec9', '#e8590c', '#2f9e44', '#5c7cfa', '#c2255c']
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.']

const EVOLUTION_SERIES = [
  ['eleves_touches', 'Élèves accompagnés'],
  ['acteurs_engages', 'Acteurs engagés'],
  ['entreprises_engagees', 'Entreprises engagées'],
] as const
const EVOLUTION_CODES = EVOLUTION_SERIES.map(([code]) => code)

// Legends in the size of the axes, not of the page's text.
const LEGEND_STYLE = { fontSize: 12 }

/** A town's name on one line, whatever its length (« Le Perreux-sur-Marne »). */
function TownTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value: string } }) {
  return (
    <text x={Number(x)} y={Number(y)} dy={4} textAnchor="end" fontSize={11} fill="#495057">
      {payload?.value}
    </text>
  )
}

/** A school year under the axis, and « (en cours) » under the year not over yet. */
function YearTick({ x, y, payload, running }: { x?: number | string; y?: number | string; payload?: { value: string }; running: string | null }) {
  return (
    <text x={Number(x)} y={Number(y)} dy={12} textAnchor="middle" fontSize={11} fill="#495057">
      <tspan x={Number(x)}>{payload?.value}</tspan>
      {payload?.value === running && (
        <tspan x={Number(x)} dy={14} fontWeight={600}>
          (en cours)
        </tspan>
      )}
    </text>
  )
}

function NoData({ children }: { children: string }) {
  return (
    <Text c="dimmed" size="sm">
      {children}
    </Text>
  )
}

const number = (value: unknown) => (typeof value === 'number' ? formatDecimal(value) : String(value ?? '—'))

function KeyFigure({ row }: { row: Figures['table']['indicators'][number] }) {
  const reached = row.value !== null && row.target ? Math.min(100, Math.round((row.value / row.target) * 100)) : null
  return (
    <Card withBorder padding="md" radius="md" component={Link} to={`/indicateurs?periode=${row.period}&indicateur=${row.code}`} style={{ textDecoration: 'none', color: 'inherit' }}>
      <Text size="sm" c="dimmed" lineClamp={1}>
        {row.name}
      </Text>
      <Group align="baseline" gap={6}>
        <Text size="xl" fw={700} data-testid={`figure-${row.code}`}>
          {row.value === null ? '—' : formatDecimal(row.value)}
        </Text>
        {row.target !== null && (
          <Text size="sm" c="dimmed">
            / {formatDecimal(row.target)} visés
          </Text>
        )}
      </Group>
      {reached !== null ? (
        <Progress value={reached} color={reached >= 100 ? 'teal' : reached >= 60 ? 'yellow' : 'orange'} size="sm" mt={6} aria-label={`${reached} % de la cible`} />
      ) : (
        <Text size="xs" c="dimmed" mt={6}>
          Pas de cible pour cette période
        </Text>
      )}
    </Card>
  )
}

function Charts({ data }: { data: Figures }) {
  const theme = useMantineTheme()
  const programmeColor = (code: string, index: number) => {
    const name = PROGRAMME_COLORS[code]
    return name && theme.colors[name] ? theme.colors[name][6] : PALETTE[index % PALETTE.length]
  }
  const keyRows = KEY_INDICATORS.map((code) => data.table.indicators.find((row) => row.code === code)).filter((row) => row !== undefined)
  // The year under way is drawn dashed from the last complete one, and named « en cours »: it is not a fall.
  const running = data.evolution.running
  const runningIndex = running ? data.evolution.series.findIndex((entry) => entry.period === running) : -1
  const evolution = data.evolution.series.map((entry, index) => {
    const row: Record<string, unknown> = { ...entry }
    for (const code of EVOLUTION_CODES) {
      const value = (entry as Record<string, unknown>)[code]
      row[code] = index === runningIndex ? null : value
      row[`${code}_running`] = runningIndex >= 0 && (index === runningIndex || index === runningIndex - 1) ? value : null
    }
    return row
  })
  const [townFigure, setTownFigure] = useState<'actors' | 'pupils'>('actors')
  const towns = [...data.breakdowns.byTown].sort((a, b) => b[townFigure] - a[townFigure])
  const activity = data.activity.series.map((entry) => ({ ...entry, label: MONTHS[Number(String(entry.month).slice(5)) - 1] }))
  const heldTotal = data.activity.series.reduce((sum, entry) => sum + data.activity.programmes.reduce((inner, programme) => inner + Number(entry[programme.code] ?? 0), 0), 0)
  const evolutionMax = Math.max(
    0,
    ...evolution.flatMap((entry) => EVOLUTION_CODES.map((code) => Number((entry as Record<string, unknown>)[code] ?? 0)).filter(Number.isFinite)),
  )
  const evolutionTicks = niceTicks(evolutionMax)
  // One figure, one scale: actors (tens) and pupils (hundreds) never share an axis.
  const townTicks = niceTicks(Math.max(0, ...towns.map((town) => town[townFigure])))
  const hasEvolution = evolutionMax > 0
  const hasTowns = towns.some((town) => town.actors > 0 || town.pupils > 0)
  const hasProfiles = data.breakdowns.byProfile.some((profile) => profile.actors > 0)
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {keyRows.map((row) => (
          <KeyFigure key={row.code} row={row} />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ChartCard
          title="Évolution sur six années scolaires"
          subtitle="Élèves accompagnés, acteurs et entreprises engagés"
          definition={
            running
              ? `Mêmes définitions que les tuiles, année par année. ${running} est en cours (trait pointillé) : ses chiffres ne sont pas définitifs.`
              : 'Mêmes définitions que les tuiles, année par année.'
          }
        >
          {!hasEvolution ? (
            <NoData>Aucun élève accompagné ni acteur engagé sur ces six années scolaires pour l'instant.</NoData>
          ) : (
          <ResponsiveContainer>
            <LineChart data={evolution} margin={{ left: 8, right: 24, top: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="period" height={40} interval={0} padding={{ left: 16, right: 16 }} tick={<YearTick running={running} />} />
              <YAxis fontSize={12} ticks={evolutionTicks} domain={[0, evolutionTicks[evolutionTicks.length - 1]!]} tickFormatter={(value: number) => formatInteger(value)} />
              <Tooltip formatter={(value) => number(value)} />
              <Legend wrapperStyle={LEGEND_STYLE} />
              {EVOLUTION_SERIES.map(([code, name], index) => (
                <Line key={code} type="monotone" dataKey={code} name={name} stroke={PALETTE[index]} strokeWidth={2} isAnimationActive={false} />
              ))}
              {running &&
                EVOLUTION_SERIES.map(([code, name], index) => (
                  <Line
                    key={`${code}_running`}
                    type="monotone"
                    dataKey={`${code}_running`}
                    name={`${name} (année en cours)`}
                    legendType="none"
                    stroke={PALETTE[index]}
                    strokeWidth={2}
                    strokeDasharray="6 4"
                    dot={{ strokeDasharray: '0', fill: '#fff' }}
                    isAnimationActive={false}
                  />
                ))}
            </LineChart>
          </ResponsiveContainer>
          )}
        </ChartCard>
        <ChartCard
          title="Activité des programmes dans l'année"
          subtitle={`Séances par mois, ${data.period}`}
          definition={`Séances réalisées par programme (leur total, ${formatInteger(heldTotal)}, est la tuile « Séances réalisées »), et en gris hachuré les séances planifiées, pas encore tenues. Les séances annulées ne sont pas comptées.`}
        >
          {data.activity.programmes.length === 0 ? (
            <NoData>Aucune séance de programme pour cette année scolaire.</NoData>
          ) : (
            <ResponsiveContainer>
              <BarChart data={activity} margin={{ left: 0, right: 16, top: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} />
                <Tooltip formatter={(value) => number(value)} />
                <Legend wrapperStyle={LEGEND_STYLE} />
                <defs>
                  <pattern id="planned-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="6" height="6" fill="#f1f3f5" />
                    <line x1="0" y1="0" x2="0" y2="6" stroke="#868e96" strokeWidth="2" />
                  </pattern>
                </defs>
                {data.activity.programmes.map((programme, index) => (
                  <Bar key={programme.code} dataKey={programme.code} name={`${programme.name} (réalisées)`} stackId="a" fill={programmeColor(programme.code, index)} isAnimationActive={false} />
                ))}
                <Bar dataKey={PLANNED_KEY} name="Planifiées (à venir)" stackId="a" fill="url(#planned-hatch)" stroke="#868e96" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </ChartCard>
        <ChartCard
          title="Par commune"
          subtitle={townFigure === 'actors' ? 'Acteurs engagés dans l’année' : 'Élèves accompagnés dans l’année'}
          height={360}
          definition={
            townFigure === 'actors'
              ? 'Acteurs (organisations et personnes) engagés dans l’année, par commune de leur fiche : la même définition que la tuile « Acteurs engagés ».'
              : 'Élèves accompagnés dans l’année, par commune de leur établissement : la même définition que la tuile « Élèves accompagnés ».'
          }
        >
          {!hasTowns ? (
            <NoData>Aucun acteur engagé ni élève accompagné dans les communes cette année.</NoData>
          ) : (
            <Stack gap={4} h="100%">
              <SegmentedControl
                size="xs"
                aria-label="Chiffre par commune"
                value={townFigure}
                onChange={(value) => setTownFigure(value as 'actors' | 'pupils')}
                data={TERRITORY_FIGURE.options.filter((option) => option.value === 'actors' || option.value === 'pupils')}
                w="fit-content"
                data-no-export="true"
              />
              <div style={{ flex: 1, minHeight: 0 }}>
                <ResponsiveContainer>
                  <BarChart data={towns} layout="vertical" margin={{ left: 8, right: 24 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis type="number" fontSize={11} ticks={townTicks} domain={[0, townTicks[townTicks.length - 1]!]} tickFormatter={(value: number) => formatInteger(value)} />
                    <YAxis type="category" dataKey="name" width={150} interval={0} tick={<TownTick />} />
                    <Tooltip formatter={(value) => number(value)} />
                    <Bar dataKey={townFigure} name={townFigure === 'actors' ? 'Acteurs engagés' : 'Élèves accompagnés'} fill={townFigure === 'actors' ? PALETTE[1] : PALETTE[0]} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </Stack>
          )}
        </ChartCard>
        <ChartCard
          title="Par profil d'acteur"
          subtitle="Acteurs engagés dans l'année : organisations et personnes"
          height={360}
          definition="Organisations et personnes engagées dans l’année, par profil. La part « organisations » du profil Entreprises est la tuile « Entreprises engagées » ; les personnes qui travaillent en entreprise sont comptées à part."
        >
          {!hasProfiles ? (
            <NoData>Aucun acteur engagé cette année.</NoData>
          ) : (
          <ResponsiveContainer>
            <BarChart data={data.breakdowns.byProfile} margin={{ left: 0, right: 16, bottom: 40 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={11} interval={0} angle={-20} textAnchor="end" />
              <YAxis allowDecimals={false} fontSize={12} />
              <Tooltip formatter={(value) => number(value)} />
              <Legend wrapperStyle={LEGEND_STYLE} verticalAlign="top" />
              <Bar dataKey="organisations" name="Organisations" stackId="p" fill={PALETTE[3]} isAnimationActive={false} />
              <Bar dataKey="people" name="Personnes" stackId="p" fill={PALETTE[6]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          )}
        </ChartCard>
      </SimpleGrid>
    </Stack>
  )
}

function DirectoryCounts() {
  const overview = useApiQuery('dashboard.overview')
  if (!overview.data) return null
  const items = [
    { label: 'Organisations', text: 'organisations', value: overview.data.organisations },
    { label: 'Vitawiners', text: 'organisations Vitawiners', value: overview.data.vitawinerOrganisations },
    { label: 'Personnes', text: 'personnes', value: overview.data.people },
    { label: 'Communes', text: 'communes', value: overview.data.towns },
  ]
  return (
    <Group gap="xl" aria-label="L'annuaire aujourd'hui">
      {items.map((item) => (
        <Group key={item.label} gap={6} align="baseline">
          <Text fw={700} data-testid={`figure-${item.label}`}>
            {formatInteger(item.value)}
          </Text>
          <Text size="sm" c="dimmed">
            {item.text}
          </Text>
        </Group>
      ))}
    </Group>
  )
}

export function DashboardScreen() {
  const database = useDatabase()
  return (
    <QueryState query={database}>
      {(data) => (data.isNew && data.kind === 'real' ? <WelcomeScreen database={data} /> : <Dashboard filled={data.filled} />)}
    </QueryState>
  )
}

function Dashboard({ filled }: { filled: string[] }) {
  const [period, setPeriod, choices] = usePeriod()
  const figures = useApiQuery('dashboard.figures', { period })
  return (
    <Stack>
      <Group justify="space-between">
        <Stack gap={2}>
          <Title order={2}>Tableau de bord</Title>
          <DirectoryCounts />
        </Stack>
        <Select aria-label="Année scolaire" data={choices} value={period} onChange={(value) => value && setPeriod(value)} allowDeselect={false} w={160} />
      </Group>
      <NextSteps filled={filled} />
      <QueryState query={figures}>{(data) => <Charts data={data} />}</QueryState>
    </Stack>
  )
}
