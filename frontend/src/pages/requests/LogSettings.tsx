import { Accordion, Table, Text } from '@mantine/core';
import { dashboardApi } from '../../api/dashboard';
import { LogConfigForm } from '../../components/LogConfigForm';
import { useApi } from '../../hooks/useApi';

/** Admin accordion under the request log: log settings and top captured paths. */
export function LogSettings() {
  const paths = useApi(() => dashboardApi.topPaths(30), []);
  return (
    <Accordion mt="lg" variant="separated">
      <Accordion.Item value="settings">
        <Accordion.Control>Log settings</Accordion.Control>
        <Accordion.Panel>
          <LogConfigForm readOnly={false} />
        </Accordion.Panel>
      </Accordion.Item>
      <Accordion.Item value="paths">
        <Accordion.Control>Top Paths</Accordion.Control>
        <Accordion.Panel>
          {paths.data?.length ? (
            <Table fz="sm">
              <Table.Tbody>
                {paths.data.map((p) => (
                  <Table.Tr key={p.path}><Table.Td ff="monospace">{p.path}</Table.Td><Table.Td>{p.count}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm" c="dimmed">{paths.error ?? 'No captured paths (enable path capture).'}</Text>
          )}
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
