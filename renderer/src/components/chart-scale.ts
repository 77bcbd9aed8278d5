// Axis ticks people read at a glance: steps of 1, 2, 2.5 or 5 times a power of ten (0, 50, 100…
// rather than 0, 55, 110…), from zero to just above the largest value.

const STEPS = [1, 2, 2.5, 5, 10]

/** The ticks of an axis from 0 covering `max`, about `count` intervals. */
export function niceTicks(max: number, count = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1]
  const rough = max / count
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = STEPS.map((factor) => factor * power).find((candidate) => candidate >= rough)! // 10 × power always is
  const whole = step >= 1 ? step : 1
  const ticks: number[] = []
  for (let tick = 0; ticks.length === 0 || ticks[ticks.length - 1]! < max; tick += whole) ticks.push(Number(tick.toFixed(6)))
  return ticks
}
