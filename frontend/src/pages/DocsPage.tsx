import { Code, Stack, Table, Text, Title } from '@mantine/core';
import { PageHeader } from '../components/PageHeader';
import { ROLE_DESCRIPTIONS } from '../lib/roles';
import { ROLES } from '../api/types';
import { TOOLS } from '../lib/configSnippets';

/** In-app documentation (frontend.md §20). */
export function DocsPage() {
  const origin = window.location.origin;
  return (
    <>
      <PageHeader title="Documentation" />
      <Stack maw={900}>
        <Title order={4}>Gateway endpoints</Title>
        <Text size="sm">Every tenant has an OpenAI-compatible endpoint. The default tenant answers on the shorthand.</Text>
        <Code block>{`${origin}/api/v1              # default tenant\n${origin}/api/<slug>/v1       # any tenant\nAuthorization: Bearer <tenant API key>`}</Code>
        <Title order={4}>Example request</Title>
        <Code block>{`curl ${origin}/api/v1/chat/completions \\\n  -H "Authorization: Bearer $PRISM_KEY" -H "Content-Type: application/json" \\\n  -d '{"model": "auto-prism", "messages": [{"role": "user", "content": "Hello!"}]}'`}</Code>
        <Text size="sm">Model <Code>auto-prism</Code> (or <Code>model-prism</Code>) lets the router pick; any concrete model id (or <Code>provider-slug/model-id</Code>) is used as is unless the tenant forces routing.</Text>
        <Title order={4}>Roles</Title>
        <Table fz="sm">
          <Table.Tbody>{ROLES.map((r) => <Table.Tr key={r}><Table.Td ff="monospace">{r}</Table.Td><Table.Td>{ROLE_DESCRIPTIONS[r]}</Table.Td></Table.Tr>)}</Table.Tbody>
        </Table>
        <Title order={4}>Key lifetimes</Title>
        <Text size="sm">Unlimited, 7, 14, 30, 60, 90 days or 1 year. Keys are shown once; rotate them on the Tenants page.</Text>
        <Title order={4}>Client tools</Title>
        <Table fz="sm">
          <Table.Thead><Table.Tr><Table.Th>Tool</Table.Th><Table.Th>Config file</Table.Th><Table.Th>Notes</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{TOOLS.map((t) => <Table.Tr key={t.id}><Table.Td>{t.docs ? <a href={t.docs} target="_blank" rel="noreferrer">{t.label}</a> : t.label}</Table.Td><Table.Td ff="monospace">{t.location}</Table.Td><Table.Td>{t.description}</Table.Td></Table.Tr>)}</Table.Tbody>
        </Table>
        <Title order={4}>How routing works</Title>
        <Text size="sm">Signals (tokens, images, tools, languages) → rule-set pre-routing (keyword rules, system-prompt roles) → LLM classifier when confidence is low → tenant overrides → cost mode and tier boost → model selection among the tier’s models. Test Route shows every step for a prompt; the request log’s debug panel shows them for real traffic.</Text>
      </Stack>
    </>
  );
}
