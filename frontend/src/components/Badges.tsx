import type { ReactNode } from 'react';
import { Badge, type BadgeProps } from '@mantine/core';
import { tierColor } from '../lib/tiers';
import { ROLE_COLORS } from '../lib/roles';

/** Badge coloured by cost tier. */
export function TierBadge({ tier, children, ...rest }: { tier?: string | null; children?: ReactNode } & BadgeProps) {
  if (!tier) return <Badge color="gray" variant="light" {...rest}>unset</Badge>;
  return (
    <Badge color={tierColor(tier)} variant="light" {...rest}>
      {children ?? tier}
    </Badge>
  );
}

/** Badge coloured by user role. */
export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge color={ROLE_COLORS[role] ?? 'gray'} variant="light">
      {role}
    </Badge>
  );
}

/** Provider connection status badge. */
export function StatusBadge({ status }: { status?: string }) {
  const color = status === 'connected' ? 'green' : status === 'error' ? 'red' : 'gray';
  return (
    <Badge color={color} variant="light">
      {status ?? 'unchecked'}
    </Badge>
  );
}
