import { describe, expect, it } from 'vitest'
import { applyMarkdownFormat } from '../../renderer/src/components/markdown-format'

// The minutes editor's buttons, on the selection (start, end) of a text.

describe('applyMarkdownFormat', () => {
  it('puts the selection in bold, or a placeholder selected for typing over, and takes bold off again', () => {
    expect(applyMarkdownFormat('Le COPIL soutient le forum', 9, 17, 'bold')).toEqual({ text: 'Le COPIL **soutient** le forum', start: 11, end: 19 })
    expect(applyMarkdownFormat('Point : ', 8, 8, 'bold')).toEqual({ text: 'Point : **texte en gras**', start: 10, end: 23 })
    expect(applyMarkdownFormat('Le **COPIL** a dit', 3, 12, 'bold')).toEqual({ text: 'Le COPIL a dit', start: 3, end: 8 })
  })

  it('turns the lines of the selection into a heading, a list or a numbered list, and back', () => {
    const text = 'Ordre du jour\nForum\nBudget\nDivers'
    // Cursor in « Ordre du jour »: that line only.
    expect(applyMarkdownFormat(text, 3, 3, 'heading').text).toBe('## Ordre du jour\nForum\nBudget\nDivers')
    // « Forum » to « Budget », the selection partly on each line.
    const bullets = applyMarkdownFormat(text, 16, 22, 'bullets')
    expect(bullets).toEqual({ text: 'Ordre du jour\n- Forum\n- Budget\nDivers', start: 14, end: 30 })
    expect(applyMarkdownFormat(bullets.text, bullets.start, bullets.end, 'bullets').text).toBe(text)
    expect(applyMarkdownFormat(bullets.text, bullets.start, bullets.end, 'numbers').text).toBe('Ordre du jour\n1. Forum\n2. Budget\nDivers')
    expect(applyMarkdownFormat('## Titre', 0, 8, 'heading').text).toBe('Titre')
  })

  it('works on an empty text', () => {
    // The cursor lands after the marker, ready to type.
    expect(applyMarkdownFormat('', 0, 0, 'heading')).toEqual({ text: '## ', start: 3, end: 3 })
    expect(applyMarkdownFormat('', 0, 0, 'numbers')).toEqual({ text: '1. ', start: 3, end: 3 })
  })
})
