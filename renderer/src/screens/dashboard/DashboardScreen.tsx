import { Card, Group, Progress, Select, SimpleGrid, Stack, Text, Title, useMantineTheme } from '@mantine/core'
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { useApiQuery } from '../../api/hooks'
import { ChartCard } from '../../components/ChartCard'
import { niceTicks } from '../../components/chart-scale'
import { QueryState } from '../../components/QueryState'
import { formatDecimal, formatInteger } from '../../../../db/rules/format'
import { KEY_INDICATORS } from '../../../../db/rules/indicator-keys'
import { useDatabase } from '../../app/database'
import { usePeriod } from '../indicators/usePeriod'
import { WelcomeScreen } from '../welcome/WelcomeScreen'
import { NextSteps } from './NextSteps'
import { PROGRAMME_COLORS } from '../programmes/labels'

type Figures = ApiResult<'dashboard.figures'>

const PALETTE = ['#0ca678', '#1c7ed6', '#f08c00', '#ae3ec9', '#e8590c', '#2f9e44', '#5c7cfa', '#c2255c']
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.']

const EVOLUTION_CODES = ['eleves_touches', 'acteurs_engages', 'entreprises_engagees']

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
  const evolution = data.evolution.series
  const towns = [...data.breakdowns.byTown].sort((a, b) => b.actors - a.actors)
  const activity = data.activity.series.map((entry) => ({ ...entry, label: MONTHS[Number(String(entry.month).slice(5)) - 1] }))
  const evolutionMax = Math.max(
    0,
    ...evolution.flatMap((entry) => EVOLUTION_CODES.map((code) => Number((entry as Record<string, unknown>)[code] ?? 0)).filter(Number.isFinite)),
  )
  const evolutionTicks = niceTicks(evolutionMax)
  // Actors (tens) and pupils (hundreds) each on their own axis: actors above, pupils below.
  const actorTicks = niceTicks(Math.max(0, ...towns.map((town) => town.actors)))
  const pupilTicks = niceTicks(Math.max(0, ...towns.map((town) => town.pupils)))
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
        <ChartCard title="Évolution sur six années scolaires" subtitle="Élèves accompagnés, acteurs et entreprises engagés">
          {!hasEvolution ? (
            <NoData>Aucun élève accompagné ni acteur engagé sur ces six années scolaires pour l'instant.</NoData>
          ) : (
          <ResponsiveContainer>
            <LineChart data={evolution} margin={{ left: 8, right: 24, top: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="period" fontSize={12} interval={0} padding={{ left: 16, right: 16 }} />
              <YAxis fontSize={12} ticks={evolutionTicks} domain={[0, evolutionTicks[evolutionTicks.length - 1]!]} tickFormatter={(value: number) => formatInteger(value)} />
              <Tooltip formatter={(value) => number(value)} />
              <Legend wrapperStyle={LEGEND_STYLE} />
              <Line type="monotone" dataKey="eleves_touches" name="Élèves accompagnés" stroke={PALETTE[0]} strokeWidth={2} isAnimationActive={false} />
              <Line type="monotone" dataKey="acteurs_engages" name="Acteurs engagés" stroke={PALETTE[1]} strokeWidth={2} isAnimationActive={false} />
              <Line type="monotone" dataKey="entreprises_engagees" name="Entreprises engagées" stroke={PALETTE[2]} strokeWidth={2} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
          )}
        </ChartCard>
        <ChartCard title="Activité des programmes dans l'année" subtitle={`Séances par mois, ${data.period}`}>
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
                {data.activity.programmes.map((programme, index) => (
                  <Bar key={programme.code} dataKey={programme.code} name={programme.name} stackId="a" fill={programmeColor(programme.code, index)} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          )}
        </ChartCard>
        <ChartCard title="Par commune" subtitle="Acteurs engagés et élèves accompagnés" height={360}>
          {!hasTowns ? (
            <NoData>Aucun acteur engagé ni élève accompagné dans les communes cette année.</NoData>
          ) : (
          <ResponsiveContainer>
            <BarChart data={towns} layout="vertical" margin={{ left: 8, right: 24 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis xAxisId="actors" orientation="top" type="number" fontSize={11} stroke={PALETTE[1]} ticks={actorTicks} domain={[0, actorTicks[actorTicks.length - 1]!]} tickFormatter={(value: number) => formatInteger(value)} />
              <XAxis xAxisId="pupils" type="number" fontSize={11} stroke={PALETTE[0]} ticks={pupilTicks} domain={[0, pupilTicks[pupilTicks.length - 1]!]} tickFormatter={(value: number) => formatInteger(value)} />
              <YAxis type="category" dataKey="name" width={150} interval={0} tick={<TownTick />} />
              <Tooltip formatter={(value) => number(value)} />
              <Legend wrapperStyle={LEGEND_STYLE} />
              <Bar xAxisId="actors" dataKey="actors" name="Acteurs engagés (échelle du haut)" fill={PALETTE[1]} isAnimationActive={false} />
              <Bar xAxisId="pupils" dataKey="pupils" name="Élèves accompagnés (échelle du bas)" fill={PALETTE[0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          )}
        </ChartCard>
        <ChartCard title="Par profil d'acteur" subtitle="Acteurs engagés dans l'année" height={360}>
          {!hasProfiles ? (
            <NoData>Aucun acteur engagé cette année.</NoData>
          ) : (
          <ResponsiveContainer>
            <BarChart data={data.breakdowns.byProfile} margin={{ left: 0, right: 16, bottom: 40 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={11} interval={0} angle={-20} textAnchor="end" />
              <YAxis allowDecimals={false} fontSize={12} />
              <Tooltip formatter={(value) => number(value)} />
              <Bar dataKey="actors" name="Acteurs engagés" fill={PALETTE[3]} isAnimationActive={false} />
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
