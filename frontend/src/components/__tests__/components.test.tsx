import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RequestLogEntry, TestRouteResult } from '../../api/types';
import { renderApp } from '../../test/utils';
import { ConnectionLog, logLineColor } from '../ConnectionLog';
import { confidenceColor, overrideLabels, RoutingDebugPanel } from '../RoutingDebugPanel';
import { RouteTrace } from '../RouteTrace';

const entry: RequestLogEntry = {
  _id: 'r1',
  timestamp: '2026-01-01T00:00:00Z',
  isAutoRouted: true,
  routedModel: 'gpt-4o-mini',
  category: 'coding_medium',
  costTier: 'medium',
  complexity: 'medium',
  confidence: 0.62,
  overrideApplied: 'tool_call_upgrade+tier_boost:+1',
  routingMs: 42,
  routingCostUsd: 0.00002,
  routingSignals: {
    totalTokens: 1234,
    hasToolCalls: true,
    detectedDomains: ['tech'],
    detectedLanguages: ['python'],
    preRouted: false,
    signalSource: 'keyword_rule:code',
    selectionMethod: 'benchmark_balanced',
    tierProgression: { classifier: 'low', afterOverrides: 'medium', final: 'high' },
  },
};

describe('RoutingDebugPanel', () => {
  it('renders signals, classification, overrides, result and tier progression', () => {
    renderApp(<RoutingDebugPanel entry={entry} />);
    const panel = screen.getByTestId('routing-debug-panel');
    expect(within(panel).getByText('1,234 tokens')).toBeInTheDocument();
    expect(within(panel).getByText('tech')).toBeInTheDocument();
    expect(within(panel).getByText('python')).toBeInTheDocument();
    expect(within(panel).getByText('No — classifier decided')).toBeInTheDocument();
    expect(within(panel).getByText('Source: keyword_rule:code')).toBeInTheDocument();
    expect(within(panel).getByText('62%')).toBeInTheDocument();
    expect(within(panel).getByText('tool_call_upgrade')).toBeInTheDocument();
    expect(within(panel).getByText('tier_boost:+1')).toBeInTheDocument();
    expect(within(panel).getByText('gpt-4o-mini')).toBeInTheDocument();
    expect(within(panel).getByText('Tier progression')).toBeInTheDocument();
    expect(within(panel).getByText('high')).toBeInTheDocument();
  });
  it('says None when no override applied', () => {
    renderApp(<RoutingDebugPanel entry={{ ...entry, overrideApplied: '' }} />);
    expect(screen.getByText('None')).toBeInTheDocument();
  });
  it('colours confidence and splits labels', () => {
    expect([confidenceColor(0.9), confidenceColor(0.6), confidenceColor(0.2)]).toEqual(['green', 'yellow', 'red']);
    expect(overrideLabels('cost_quality+tier_boost:+1')).toEqual(['cost_quality', 'tier_boost:+1']);
    expect(overrideLabels(undefined)).toEqual([]);
  });
});

describe('RouteTrace', () => {
  const result: TestRouteResult = {
    trace: [
      { step: 1, name: 'Signal Extraction', changed: true, data: { totalTokens: 12 } },
      { step: 4, name: 'Classifier Decision', changed: false, data: { decision: 'dry-run' } },
    ],
    summary: { finalModel: 'gpt-4o-mini', finalTier: 'low', category: 'smalltalk_simple', confidence: 0.5, routingMs: 3 },
  };
  it('shows the chosen model and one card per step with its change badge', () => {
    renderApp(<RouteTrace result={result} />);
    expect(screen.getByTestId('route-model')).toHaveTextContent('gpt-4o-mini');
    const steps = screen.getAllByTestId('trace-step');
    expect(steps).toHaveLength(2);
    expect(within(steps[0]).getByText('Changed')).toBeInTheDocument();
    expect(within(steps[1]).getByText('No change')).toBeInTheDocument();
    expect(within(steps[1]).getByText(/dry-run/)).toBeInTheDocument();
  });
});

describe('ConnectionLog', () => {
  it('colours lines by their ✓ / ✗ / → prefix', () => {
    expect(logLineColor('✓ ok')).toContain('green');
    expect(logLineColor('  ✗ failed')).toContain('red');
    expect(logLineColor('→ trying')).toContain('blue');
    expect(logLineColor('plain')).toBeUndefined();
    renderApp(<ConnectionLog lines={['→ GET /v1/models', '✓ Connection successful (3 models)']} />);
    expect(screen.getByTestId('connection-log')).toHaveTextContent('Connection successful (3 models)');
  });
});
