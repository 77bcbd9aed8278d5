import { useSearchParams } from 'react-router'
import { currentSchoolYear, nextSchoolYear, previousSchoolYear } from '../../../../db/rules/school-year'

/** The school year shown, kept in the address (?periode=2025-2026) so every screen agrees. */
export function usePeriod(): [string, (period: string) => void, string[]] {
  const [params, setParams] = useSearchParams()
  const current = currentSchoolYear()
  const period = params.get('periode') ?? current
  const choices: string[] = [nextSchoolYear(current), current]
  while (choices.length < 12) choices.push(previousSchoolYear(choices.at(-1)!))
  return [
    period,
    (next) => {
      const copy = new URLSearchParams(params)
      copy.set('periode', next)
      setParams(copy, { replace: true })
    },
    choices,
  ]
}
