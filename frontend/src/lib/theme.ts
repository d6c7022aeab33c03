/** Custom appearance colours → CSS variables (frontend.md §1 "custom" theme). */

const VARIABLES: Record<string, string[]> = {
  bodyBg: ['--mantine-color-body'],
  textColor: ['--mantine-color-text'],
  textDimmed: ['--mantine-color-dimmed'],
  borderColor: ['--mantine-color-default-border'],
  cardBg: ['--mantine-color-default'],
  hoverBg: ['--mantine-color-default-hover'],
  primaryColor: ['--mantine-primary-color-filled', '--mantine-color-anchor'],
  navActive: ['--mantine-primary-color-light-color'],
  errorColor: ['--mantine-color-error'],
  codeBg: ['--prism-code-bg'],
  navBg: ['--prism-nav-bg'],
  headerBg: ['--prism-header-bg'],
  inputBg: ['--prism-input-bg'],
  chartGrid: ['--prism-chart-grid'],
  tooltipBg: ['--prism-tooltip-bg'],
};

/** Gives the relative luminance (0 dark … 1 light) of a #rgb / #rrggbb colour, or null for other notations. */
export function luminance(color: string): number | null {
  const m = color.trim().match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
  if (!m) return null;
  const hex = m[1].length === 3 ? m[1].split('').map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Gives the CSS variable assignments for the custom colours that are set. */
export function customThemeVariables(custom: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(custom ?? {})) {
    if (!value) continue;
    for (const variable of VARIABLES[key] ?? []) out[variable] = value;
  }
  return out;
}

/** Applies (or with null removes) custom colours on the document; gives true when the background is light. */
export function applyCustomTheme(custom: Record<string, string> | null, root: HTMLElement = document.documentElement): boolean {
  for (const list of Object.values(VARIABLES)) for (const v of list) root.style.removeProperty(v);
  if (!custom) return false;
  for (const [variable, value] of Object.entries(customThemeVariables(custom))) root.style.setProperty(variable, value);
  return (luminance(custom.bodyBg ?? '') ?? 0) > 0.5;
}
