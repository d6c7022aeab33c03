import { Code } from '@mantine/core';

/** Gives the colour of a connection-check log line by its prefix (✓ success, ✗ failure, → attempt). */
export function logLineColor(line: string): string | undefined {
  const t = line.trimStart();
  if (t.startsWith('✓')) return 'var(--mantine-color-green-6)';
  if (t.startsWith('✗')) return 'var(--mantine-color-red-6)';
  if (t.startsWith('→')) return 'var(--mantine-color-blue-5)';
  return undefined;
}

/** Monospace connection log with ✓/✗ colouring (providers.md §11). */
export function ConnectionLog({ lines }: { lines: string[] }) {
  return (
    <Code block data-testid="connection-log" style={{ maxHeight: 260, overflow: 'auto' }}>
      {lines.map((line, i) => (
        <div key={i} style={{ color: logLineColor(line) }}>
          {line}
        </div>
      ))}
    </Code>
  );
}
