import { ActionIcon, CopyButton, Group, Code, Tooltip, Text } from '@mantine/core';
import IconCheck from '@tabler/icons-react/icons/IconCheck';
import IconCopy from '@tabler/icons-react/icons/IconCopy';

/** Copy-to-clipboard icon button with feedback. */
export function CopyIcon({ value, label = 'Copy' }: { value: string; label?: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={label}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** A monospace value with a copy button, e.g. an endpoint URL or a freshly created key. */
export function CopyField({ value, label, testId }: { value: string; label?: string; testId?: string }) {
  return (
    <div>
      {label && (
        <Text size="xs" c="dimmed" mb={2}>
          {label}
        </Text>
      )}
      <Group gap={4} wrap="nowrap">
        <Code data-testid={testId} style={{ wordBreak: 'break-all', flex: 1 }} block>
          {value}
        </Code>
        <CopyIcon value={value} label={`Copy ${label ?? ''}`.trim()} />
      </Group>
    </div>
  );
}
