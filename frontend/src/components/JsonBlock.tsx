import { Code } from '@mantine/core';

/** Pretty-printed JSON in a scrollable monospace block. */
export function JsonBlock({ value, maxHeight = 320 }: { value: unknown; maxHeight?: number }) {
  return (
    <Code block style={{ maxHeight, overflow: 'auto', fontSize: 12 }}>
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}
