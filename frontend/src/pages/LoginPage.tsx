import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title, Group } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { useAuth } from '../hooks/useAuth';
import { homeFor } from '../lib/roles';
import { Logo } from '../components/Logo';
import { ThemeToggle } from '../components/Shell';

/** Sign-in card; the backend checks local accounts first, then LDAP / Active Directory. */
export function LoginPage() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await login(username.trim(), password);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : homeFor(me.role), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="md" p="xl" w={380} radius="md">
        <form onSubmit={submit} aria-label="Sign in">
          <Stack>
            <Group justify="space-between">
              <Group gap="xs">
                <Logo />
                <Title order={3}>Model Prism</Title>
              </Group>
              <ThemeToggle />
            </Group>
            <Text size="sm" c="dimmed">
              Sign in with your local account or your LDAP / Active Directory credentials.
            </Text>
            <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoFocus autoComplete="username" required />
            <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
