// The formatting buttons of the minutes editor: each turns the selected text (or the line of the
// cursor) into Markdown and says where the selection goes next.

export type MarkdownFormat = 'heading' | 'bold' | 'bullets' | 'numbers'

export interface Edited {
  text: string
  start: number
  end: number
}

/** The start of the line holding `position`, and the end of the line holding `end`. */
function lineBounds(text: string, start: number, end: number): [number, number] {
  const from = text.lastIndexOf('\n', start - 1) + 1
  const newline = text.indexOf('\n', end > start && text[end - 1] === '\n' ? end - 1 : end)
  return [from, newline === -1 ? text.length : newline]
}

// Any line marker: a line becomes one thing at a time (a list item turned into a heading…).
const ANY_MARKER = /^(#{1,6} |[-*] |\d+\. )/

/** Each line of the block gets the prefix (numbered from 1), or loses it when all have it. */
function prefixLines(text: string, start: number, end: number, prefix: (index: number) => string, pattern: RegExp): Edited {
  const [from, to] = lineBounds(text, start, end)
  const lines = text.slice(from, to).split('\n')
  const all = lines.every((line) => pattern.test(line))
  const changed = lines.map((line, index) => (all ? line.replace(pattern, '') : `${prefix(index)}${line.replace(ANY_MARKER, '')}`)).join('\n')
  const result = text.slice(0, from) + changed + text.slice(to)
  // A cursor goes to the end of its line, ready to type; a selection covers the changed lines.
  if (start === end) return { text: result, start: from + changed.length, end: from + changed.length }
  return { text: result, start: from, end: from + changed.length }
}

export function applyMarkdownFormat(text: string, start: number, end: number, format: MarkdownFormat): Edited {
  switch (format) {
    case 'bold': {
      const selected = text.slice(start, end)
      if (selected.startsWith('**') && selected.endsWith('**') && selected.length >= 4) {
        const inner = selected.slice(2, -2)
        return { text: text.slice(0, start) + inner + text.slice(end), start, end: start + inner.length }
      }
      const inner = selected || 'texte en gras'
      return { text: `${text.slice(0, start)}**${inner}**${text.slice(end)}`, start: start + 2, end: start + 2 + inner.length }
    }
    case 'heading':
      return prefixLines(text, start, end, () => '## ', /^#{1,6} /)
    case 'bullets':
      return prefixLines(text, start, end, () => '- ', /^[-*] /)
    case 'numbers':
      return prefixLines(text, start, end, (index) => `${index + 1}. `, /^\d+\. /)
  }
}
