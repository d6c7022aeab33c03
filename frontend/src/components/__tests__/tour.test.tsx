import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/utils';
import { TOUR_STEPS, startStepFor } from '../../tour/steps';
import { TourProvider, useTour, TOUR_PENDING_KEY } from '../../tour/TourProvider';

function Probe() {
  const tour = useTour();
  const loc = useLocation();
  return (
    <>
      <span data-testid="path">{loc.pathname + loc.search}</span>
      <button onClick={() => tour.start()}>start</button>
    </>
  );
}

describe('guided tour', () => {
  it('walks through all ten steps, navigating to each page, and closes on Done', async () => {
    const user = userEvent.setup();
    renderApp(<TourProvider><Probe /></TourProvider>);
    await user.click(screen.getByText('start'));
    expect(screen.getByTestId('tour-title')).toHaveTextContent('Welcome to Model Prism!');
    for (let i = 1; i < TOUR_STEPS.length; i++) {
      await user.click(screen.getByRole('button', { name: 'Next →' }));
      expect(screen.getByTestId('tour-progress')).toHaveTextContent(`${i + 1} / ${TOUR_STEPS.length}`);
      expect(screen.getByTestId('path')).toHaveTextContent(TOUR_STEPS[i].path!);
    }
    expect(screen.getByTestId('tour-title')).toHaveTextContent('Routing Debug Panel');
    await user.click(screen.getByRole('button', { name: '← Back' }));
    expect(screen.getByTestId('tour-title')).toHaveTextContent('Request Log');
    await user.click(screen.getByRole('button', { name: 'Next →' }));
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('tour')).not.toBeInTheDocument();
  });

  it('starts at the step of the current page', () => {
    expect(startStepFor('/routing-config')).toBe(4);
    expect(startStepFor('/requests')).toBe(8);
    expect(startStepFor('/')).toBe(0);
    expect(startStepFor('/nowhere')).toBe(0);
  });

  it('opens by itself after setup (pending flag) and clears the flag', () => {
    localStorage.setItem(TOUR_PENDING_KEY, '1');
    renderApp(<TourProvider><Probe /></TourProvider>, { route: '/models' });
    expect(screen.getByTestId('tour')).toBeInTheDocument();
    expect(localStorage.getItem(TOUR_PENDING_KEY)).toBeNull();
  });
});
