import type { RuleSet } from '../../api/types';

/** Gives a new rule set with the documented defaults (routing.md §4.1). */
export function newRuleSet(): RuleSet {
  return {
    _id: '',
    name: 'New Rule Set',
    description: '',
    isGlobalDefault: false,
    tenantId: null,
    tokenThresholds: { micro: 150, minimal: 500, low: 2000, medium: 15000, alwaysHigh: 50000 },
    signalWeights: { tokenCount: 0.8, systemPromptRole: 0.9, contentKeywords: 0.85, codeLanguage: 0.7, conversationTurns: 0.4 },
    turnUpgrade: { enabled: true, threshold: 4 },
    keywordRules: [],
    systemPromptRoles: [],
    classifier: { confidenceThreshold: 0.65, contextLimitTokens: 4000, contextStrategy: 'truncate' },
    costMode: 'balanced',
    tierBoost: 0,
  };
}
