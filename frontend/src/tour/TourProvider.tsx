import { Badge, Button, Group, Paper, Progress, Text, ThemeIcon, Title, CloseButton } from '@mantine/core';
import IconCompass from '@tabler/icons-react/icons/IconCompass';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { TOUR_STEPS, startStepFor } from './steps';
import './tour.css';

interface TourState {
  active: boolean;
  step: number;
  start: (step?: number) => void;
  close: () => void;
}

const TourContext = createContext<TourState | null>(null);
export const TOUR_PENDING_KEY = 'prism_tour_pending';

/** Gives the tour controls, or null outside the provider (components usable without the tour). */
export function useTourOptional(): TourState | null {
  return useContext(TourContext);
}

/** Gives the tour controls. */
export function useTour(): TourState {
  const ctx = useContext(TourContext);
  if (!ctx) throw new Error('useTour outside TourProvider');
  return ctx;
}

function useHighlight(selector: string | undefined, active: boolean, pathname: string) {
  useEffect(() => {
    if (!active || !selector) return;
    let el: Element | null = null;
    const timer = setTimeout(() => {
      el = document.querySelector(selector);
      if (el) {
        el.classList.add('tour-highlight');
        el.scrollIntoView({ behavior: 'smooth', block: 'center' });
      }
    }, 400);
    return () => {
      clearTimeout(timer);
      el?.classList.remove('tour-highlight');
    };
  }, [selector, active, pathname]);
}

/** Provides the guided tour: a non-blocking dialog that navigates between pages. */
export function TourProvider({ children }: { children: ReactNode }) {
  const [active, setActive] = useState(false);
  const [step, setStep] = useState(0);
  const navigate = useNavigate();
  const location = useLocation();

  const goTo = useCallback(
    (index: number) => {
      setStep(index);
      const path = TOUR_STEPS[index]?.path;
      if (path) navigate(path);
    },
    [navigate],
  );

  const start = useCallback(
    (index?: number) => {
      setActive(true);
      goTo(index ?? startStepFor(location.pathname));
    },
    [goTo, location.pathname],
  );

  const close = useCallback(() => {
    setActive(false);
    localStorage.removeItem(TOUR_PENDING_KEY);
  }, []);

  useEffect(() => {
    if (localStorage.getItem(TOUR_PENDING_KEY)) {
      localStorage.removeItem(TOUR_PENDING_KEY);
      setActive(true);
      setStep(0);
    }
  }, []);

  const current = TOUR_STEPS[step];
  useHighlight(current?.highlight, active, location.pathname + location.search);

  const value = useMemo(() => ({ active, step, start, close }), [active, step, start, close]);
  const last = step === TOUR_STEPS.length - 1;

  return (
    <TourContext.Provider value={value}>
      {children}
      {active && current && (
        <Paper
          role="dialog"
          aria-label="Quick tour"
          data-testid="tour"
          shadow="xl"
          radius="md"
          p="md"
          withBorder
          className="tour-card"
        >
          <Group justify="space-between" mb={6}>
            <Text size="xs" c="dimmed" data-testid="tour-progress">
              Quick tour — {step + 1} / {TOUR_STEPS.length}
            </Text>
            <CloseButton aria-label="Close tour" onClick={close} />
          </Group>
          <Progress value={((step + 1) / TOUR_STEPS.length) * 100} size="xs" mb="sm" />
          <Group gap="sm" mb="xs" wrap="nowrap">
            <ThemeIcon color={current.color} variant="light" size="lg" radius="xl">
              <IconCompass size={20} />
            </ThemeIcon>
            <Title order={4} data-testid="tour-title">
              {current.title}
            </Title>
            {current.badge && <Badge color={current.color}>{current.badge}</Badge>}
          </Group>
          <Text size="sm" mb="md">
            {current.body}
          </Text>
          {current.path && current.goLabel && (
            <Button variant="subtle" size="xs" mb="sm" onClick={() => navigate(current.path!)}>
              {current.goLabel}
            </Button>
          )}
          <Group justify="space-between">
            <Button variant="default" size="xs" onClick={close}>
              Close
            </Button>
            <Group gap="xs">
              <Button variant="default" size="xs" disabled={step === 0} onClick={() => goTo(step - 1)}>
                ← Back
              </Button>
              {last ? (
                <Button size="xs" onClick={close}>
                  Done
                </Button>
              ) : (
                <Button size="xs" onClick={() => goTo(step + 1)}>
                  Next →
                </Button>
              )}
            </Group>
          </Group>
        </Paper>
      )}
    </TourContext.Provider>
  );
}
