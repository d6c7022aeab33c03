/** The ten steps of the guided tour (frontend.md §3). Text is ours. */
export interface TourStep {
  title: string;
  badge?: string;
  path?: string;
  /** CSS selector of the element to highlight, usually a `data-tour` attribute. */
  highlight?: string;
  color: string;
  body: string;
  goLabel?: string;
}

export const TOUR_STEPS: TourStep[] = [
  {
    title: 'Welcome to Model Prism!',
    color: 'violet',
    body: 'This 90-second tour shows the key areas of your gateway. The buttons navigate for you, and you can open any page while the tour stays open — it follows you.',
  },
  {
    title: 'Model Registry',
    path: '/models',
    highlight: '[data-tour="model-table"]',
    color: 'blue',
    body: 'Every discovered model got its tier, categories and prices from the built-in registry. Check them — routing only uses models with a tier. "Reset to registry defaults" re-applies the suggestions to the selected rows.',
    goLabel: 'Go to Models',
  },
  {
    title: 'Tenants',
    path: '/tenants',
    highlight: '[data-tour="tenant-table"]',
    color: 'cyan',
    body: 'Tenants are isolated endpoints for teams or projects. Each has its own API keys, model whitelist or blacklist, rate limits, budgets and routing configuration.',
    goLabel: 'Go to Tenants',
  },
  {
    title: 'Override Rules',
    path: '/tenants',
    color: 'orange',
    body: 'Per-tenant safety nets on top of routing: a minimum tier for tool calls, vision upgrade, frustration and long-conversation escalation, a domain gate for legal/medical/finance. Each switch explains itself in a tooltip (Edit → Routing).',
    goLabel: 'Go to Tenants',
  },
  {
    title: 'Routing Config',
    path: '/routing-config',
    highlight: '[data-tour="routing-tabs"]',
    color: 'grape',
    body: 'Keyword rules and system-prompt roles pre-route requests; the confidence threshold decides when the classifier is asked; cost mode (economy / balanced / quality) and tier boost shift the final tier.',
    goLabel: 'Go to Routing Config',
  },
  {
    title: 'Test Route',
    badge: 'New',
    path: '/routing-config?tab=test-route',
    highlight: '[data-tour="test-route"]',
    color: 'green',
    body: 'Dry-run any prompt and see the step-by-step trace — signals, rules, classifier decision, overrides, cost mode and the chosen model — without calling an LLM.',
    goLabel: 'Open Test Route',
  },
  {
    title: 'Synthetic Tests',
    badge: 'AI',
    path: '/routing-config?tab=synthetic',
    highlight: '[data-tour="synthetic"]',
    color: 'pink',
    body: 'Let any model generate realistic test prompts, run them against your routing, and have an AI evaluate the results with quality and cost suggestions.',
    goLabel: 'Open Synthetic Tests',
  },
  {
    title: 'Dashboard',
    path: '/',
    highlight: '[data-tour="kpis"]',
    color: 'teal',
    body: 'Spend, savings against the baseline model, tokens, model distribution and daily trends — for all tenants or one.',
    goLabel: 'Go to Dashboard',
  },
  {
    title: 'Request Log',
    path: '/requests',
    highlight: '[data-tour="request-table"]',
    color: 'indigo',
    body: 'Every request with its model, routing decision, tokens and cost — and the prompt itself when prompt logging is enabled in Settings.',
    goLabel: 'Go to Request Log',
  },
  {
    title: 'Routing Debug Panel',
    badge: 'New',
    path: '/requests',
    highlight: '[data-tour="debug-panel"]',
    color: 'yellow',
    body: 'Expand an auto-routed request to see why it went where it went: signals, pre-routing, classifier confidence, overrides and the final model.',
    goLabel: 'Go to Request Log',
  },
];

/** Gives the step to start from: the one whose page is the current page, else the first. */
export function startStepFor(pathname: string): number {
  const idx = TOUR_STEPS.findIndex((s) => s.path && s.path.split('?')[0] === pathname && pathname !== '/');
  return idx >= 0 ? idx : 0;
}
