import { Center, Paper, Stepper, Title, Group, Text } from '@mantine/core';
import { useState } from 'react';
import type { Provider } from '../../api/types';
import { Logo } from '../../components/Logo';
import { TOUR_PENDING_KEY } from '../../tour/TourProvider';
import { AdminStep } from './AdminStep';
import { ProviderStep } from './ProviderStep';
import { ProfilesStep } from './ProfilesStep';
import { CompleteStep } from './CompleteStep';

/** sessionStorage flag that keeps the wizard on screen after setup/complete until its last step. */
export const SETUP_ACTIVE_KEY = 'prism_setup_active';
const STEP_KEY = 'prism_setup_step';

/** First-run wizard: Admin → Provider → Profiles → Complete (tenants-and-admin.md §6). */
export function SetupWizard({ onFinished }: { onFinished: () => void }) {
  const [active, setActive] = useState(() => Number(sessionStorage.getItem(STEP_KEY) ?? 0));
  const [provider, setProvider] = useState<Provider | null>(null);

  const go = (step: number) => {
    sessionStorage.setItem(SETUP_ACTIVE_KEY, '1');
    sessionStorage.setItem(STEP_KEY, String(step));
    setActive(step);
  };
  const finish = () => {
    sessionStorage.removeItem(SETUP_ACTIVE_KEY);
    sessionStorage.removeItem(STEP_KEY);
    localStorage.setItem(TOUR_PENDING_KEY, '1');
    onFinished();
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="md" p="xl" radius="md" w="100%" maw={860}>
        <Group gap="xs" mb="lg">
          <Logo />
          <Title order={2}>Model Prism Setup</Title>
        </Group>
        <Stepper active={active} allowNextStepsSelect={false} mb="lg" size="sm">
          <Stepper.Step label="Admin" description="Your account" />
          <Stepper.Step label="Provider" description="First LLM connection" />
          <Stepper.Step label="Profiles" description="Category presets" />
          <Stepper.Step label="Complete" description="Start using it" />
        </Stepper>
        {active === 0 && <AdminStep onDone={() => go(1)} onImported={finish} />}
        {active === 1 && (
          <ProviderStep
            onDone={(p) => {
              setProvider(p);
              go(2);
            }}
          />
        )}
        {active === 2 && <ProfilesStep providerId={provider?._id} onDone={() => go(3)} />}
        {active === 3 && <CompleteStep onContinue={finish} />}
        <Text size="xs" c="dimmed" mt="lg">
          You can change everything later in the admin UI.
        </Text>
      </Paper>
    </Center>
  );
}
