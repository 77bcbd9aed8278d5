import { Badge, type BadgeProps } from '@mantine/core'
import type { ReactNode } from 'react'
import type { ValueList } from '../../../db/rules/value-list'

/** A code of a list of values (a status, a kind) as a badge: its French label, in its colour. */
export function ValueBadge<Code extends string>({
  list,
  colors,
  value,
  children,
  ...props
}: BadgeProps & { list: ValueList<Code>; colors: Readonly<Record<Code, string>>; value: Code; children?: ReactNode }) {
  return (
    <Badge variant="light" color={colors[value]} {...props}>
      {list.label(value)}
      {children}
    </Badge>
  )
}
