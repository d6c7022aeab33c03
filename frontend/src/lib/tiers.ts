import { TIERS, type Tier } from '../api/types';

/** Tier colours used everywhere (frontend.md §0). */
export const TIER_COLORS: Record<string, string> = {
  micro: 'grape',
  minimal: 'teal',
  low: 'blue',
  medium: 'yellow',
  advanced: 'cyan',
  high: 'red',
  ultra: 'pink',
  critical: 'orange',
  auto: 'green',
};

/** Gives the tier's position in the cost order, or -1 for unknown tiers. */
export function tierIndex(tier: string | null | undefined): number {
  return tier ? TIERS.indexOf(tier as Tier) : -1;
}

/** Gives the Mantine colour of a tier (gray when unknown). */
export function tierColor(tier: string | null | undefined): string {
  return (tier && TIER_COLORS[tier]) || 'gray';
}

export const TIER_OPTIONS = TIERS.map((t) => ({ value: t, label: t }));
