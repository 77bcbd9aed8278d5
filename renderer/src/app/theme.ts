import { Anchor, Badge, createTheme, Drawer, Modal, MultiSelect, Notification, Select, TagsInput, darken, DEFAULT_THEME, defaultVariantColorsResolver, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core'

/** A colour of the palette dark enough for text at 4.5:1 (WCAG AA) on white and on its own light tint. */
export function textColor(color: string): string {
  const shades = DEFAULT_THEME.colors[color] ?? DEFAULT_THEME.colors.gray
  return darken(shades[9], 0.3)
}

// Light and subtle variants (badges, light buttons, the active menu entry) write their label in the
// colour itself: Mantine's shade 6 to 9 reads at 2.7 to 4.3:1 on the tint, so it is darkened.
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input)
  if (input.variant !== 'light' && input.variant !== 'subtle') return colors
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme })
  return parsed.isThemeColor && parsed.color !== 'gray' ? { ...colors, color: textColor(parsed.color) } : colors
}

export const theme = createTheme({
  primaryColor: 'teal',
  // White on teal 6 is 2.6:1; on teal 9 it is 5:1 (WCAG AA) for buttons, badges and the active menu entry.
  primaryShade: 9,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  variantColorResolver,
  components: {
    // A link inside a sentence is told from the text by more than its colour (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // Icon buttons say what they do to a screen reader (WCAG 4.1.2).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Fermer' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Fermer' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Fermer' } } }),
    Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': 'Effacer' } } }),
    MultiSelect: MultiSelect.extend({ defaultProps: { clearButtonProps: { 'aria-label': 'Effacer' } } }),
    TagsInput: TagsInput.extend({ defaultProps: { clearButtonProps: { 'aria-label': 'Effacer' } } }),
    // A badge says a status: it takes the width of its words rather than ending in « … » in a narrow column.
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible', textOverflow: 'clip' } } }),
  },
})

/** AA contrast (4.5:1) for secondary text, links and a field's error message, on white and on the light tints. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': textColor('teal'),
    // Mantine's red 6 reads at 3.3:1 under a refused field; red 9 at 5.5:1.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // A primary button without a colour of its own hovers here (Mantine: teal 8, 3.9:1 under white).
    '--mantine-primary-color-filled-hover': darken(DEFAULT_THEME.colors.teal[9], 0.15),
  },
  dark: {},
})
