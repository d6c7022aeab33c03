import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import IconHelp from '@tabler/icons-react/icons/IconHelp';
import IconLogout from '@tabler/icons-react/icons/IconLogout';
import IconMoon from '@tabler/icons-react/icons/IconMoon';
import IconSun from '@tabler/icons-react/icons/IconSun';
import type { ReactNode } from 'react';
import { NavLink as RouterLink, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../hooks/useAuth';
import { navFor, type NavItem } from '../lib/roles';
import { useTour } from '../tour/TourProvider';
import { RoleBadge } from './Badges';
import { Logo } from './Logo';

const SECTIONS: { key: NavItem['section']; label?: string }[] = [
  { key: 'main' },
  { key: 'account', label: 'My Account' },
  { key: 'admin', label: 'Admin' },
  { key: 'help', label: 'Help' },
];

/** Light/dark toggle. */
export function ThemeToggle() {
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const dark = colorScheme !== 'light';
  return (
    <Tooltip label={dark ? 'Light theme' : 'Dark theme'}>
      <ActionIcon variant="default" onClick={toggleColorScheme} aria-label="Toggle color scheme">
        {dark ? <IconSun size={16} /> : <IconMoon size={16} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** App shell: left navigation filtered by role, header with theme and help menu. */
export function Shell({ children, flags, brand }: { children: ReactNode; flags: { chat: boolean; promptAnalyses: boolean }; brand: string }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { user, logout } = useAuth();
  const tour = useTour();
  const navigate = useNavigate();
  const location = useLocation();
  if (!user) return null;
  const items = navFor(user.role, flags);
  const chatOnly = user.role === 'chat-user';

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={chatOnly ? undefined : { width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            {!chatOnly && <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />}
            <Logo />
            <Text fw={700}>{brand}</Text>
            <Badge variant="light" size="sm">
              v{__APP_VERSION__}
            </Badge>
          </Group>
          <Group gap="xs">
            {!chatOnly && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <ActionIcon variant="default" aria-label="Help menu">
                    <IconHelp size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => tour.start()}>Start Tour</Menu.Item>
                  <Menu.Item onClick={() => navigate('/ide-setup')}>IDE Setup</Menu.Item>
                  <Menu.Item onClick={() => navigate('/docs')}>Documentation</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
            <ThemeToggle />
            {chatOnly && (
              <Button size="xs" variant="default" leftSection={<IconLogout size={14} />} onClick={() => void logout()}>
                Logout
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {!chatOnly && (
        <AppShell.Navbar p="xs" aria-label="Main navigation">
          <AppShell.Section grow component={ScrollArea}>
            {SECTIONS.map(({ key, label }) => {
              const sectionItems = items.filter((i) => i.section === key);
              if (!sectionItems.length && key !== 'help') return null;
              return (
                <Stack key={key} gap={0} mb="xs">
                  {label && (
                    <Text size="xs" c="dimmed" tt="uppercase" fw={600} px="sm" mt="xs" mb={2}>
                      {label}
                    </Text>
                  )}
                  {sectionItems.map((item) => (
                    <NavLink
                      key={item.path}
                      component={RouterLink}
                      to={item.path}
                      label={item.label}
                      active={item.path === '/' ? location.pathname === '/' : location.pathname.startsWith(item.path)}
                      onClick={close}
                    />
                  ))}
                  {key === 'help' && <NavLink component="button" label="Start Tour" onClick={() => tour.start()} />}
                </Stack>
              );
            })}
          </AppShell.Section>
          <AppShell.Section>
            <Group justify="space-between" px="xs" py={6} wrap="nowrap">
              <Group gap={6} wrap="nowrap">
                <Text size="sm" fw={500} truncate data-testid="current-user">
                  {user.username}
                </Text>
                <RoleBadge role={user.role} />
              </Group>
              <Tooltip label="Logout">
                <ActionIcon variant="subtle" onClick={() => void logout()} aria-label="Logout">
                  <IconLogout size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
            <Text size="xs" c="dimmed" px="xs">
              © Model Prism ·{' '}
              <a href="/docs" style={{ color: 'inherit' }}>
                docs
              </a>
            </Text>
          </AppShell.Section>
        </AppShell.Navbar>
      )}
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
