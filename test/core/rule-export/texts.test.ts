// SPL, KQL and Sigma cannot be run here, so their text is pinned to expected files written from the analytic
// and the target's documentation, the Sigma YAML is checked against the v2 correlation-rule structure, and
// user-typed allow-list values are checked to stay inside each target's string literals.

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { exportRule, RULE_TARGETS } from '../../../src/core/rule-export/index.ts';
import { DEFAULT_PARAMS } from '../../../src/core/rule.ts';
import type { RuleParams } from '../../../src/core/types.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/rule-export/${name}`, import.meta.url), 'utf8');

const TUNED: RuleParams = {
  threshold: 8,
  spanMs: 3_600_000,
  window: 'sliding',
  profile: 'splunk',
  allowApps: [' 5A95E683-08AD-424E-A441-1D1AEC52C02C ', ''],
  allowIps: ['203.0.113.7', '2001:DB8::7', '203.0.113.7 '],
};

describe('expected texts', () => {
  const cases = [
    { name: 'spl, default tuning', target: 'spl', params: DEFAULT_PARAMS, file: 'default.spl' },
    { name: 'spl, sliding 1h, splunk profile, allow-list', target: 'spl', params: TUNED, file: 'tuned.spl' },
    { name: 'kql, default tuning', target: 'kql', params: DEFAULT_PARAMS, file: 'default.kql' },
    { name: 'kql, sliding 1h, splunk profile, allow-list', target: 'kql', params: TUNED, file: 'tuned.kql' },
    { name: 'sigma, default tuning', target: 'sigma', params: DEFAULT_PARAMS, file: 'default.sigma.yml' },
    { name: 'sigma, sliding 1h, splunk profile, allow-list', target: 'sigma', params: TUNED, file: 'tuned.sigma.yml' },
  ] as const;
  for (const { name, target, params, file } of cases) {
    test(name, () => expect(exportRule(target, params)).toBe(fixture(file)));
  }
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq'];

/** The parts of Sigma's correlation-rule specification (v2.0) a converter relies on. */
function checkSigma(text: string, params: RuleParams) {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) throw new Error('no YAML documents');
  for (const doc of documents) expect(doc.errors).toEqual([]);
  const [correlation, base] = documents.map((doc) => doc.toJS() as Record<string, any>);
  expect(documents).toHaveLength(2);

  expect(typeof correlation.title).toBe('string');
  expect(correlation.title.length).toBeLessThanOrEqual(256);
  expect(correlation.id).toMatch(UUID);
  const c = correlation.correlation;
  expect(c.type).toBe('value_count');
  expect(c.rules).toEqual([base.name]);
  expect(c['group-by']).toEqual(['OrganizationId', 'ClientAppId', 'ClientInfoString']);
  expect(c.timespan).toMatch(/^\d+[smhd]$/);
  expect(c.condition.field).toBe(params.profile === 'splunk' ? 'UserId' : 'MailboxOwnerUPN');
  expect(Object.keys(c.condition).filter((k) => OPERATORS.includes(k))).toEqual(['gt']);
  expect(c.condition.gt).toBe(params.threshold);

  expect(base.id).toMatch(UUID);
  expect(base.name).toMatch(/^[a-z0-9_]+$/);
  expect(base.logsource).toEqual({ product: 'm365', service: 'audit' });
  const { condition, ...identifiers } = base.detection;
  expect(typeof condition).toBe('string');
  const words = (condition as string).split(/[\s()]+/).filter((w) => w && !['and', 'or', 'not'].includes(w));
  expect(words.every((w) => w in identifiers)).toBe(true);
  expect(Object.keys(identifiers).every((id) => words.includes(id))).toBe(true);
  return { correlation, base };
}

describe('sigma: a v2 correlation rule over its base rule', () => {
  const cases: { name: string; params: Partial<RuleParams>; timespan: string }[] = [
    { name: 'default tuning', params: {}, timespan: '10m' },
    { name: 'sliding 1h, splunk profile, allow-list', params: TUNED, timespan: '1h' },
    { name: '90 seconds stays in seconds', params: { spanMs: 90_000 }, timespan: '90s' },
    { name: 'a day', params: { spanMs: 86_400_000 }, timespan: '1d' },
    { name: 'part of a second rounds up, and says so', params: { spanMs: 1500 }, timespan: '2s' },
  ];
  for (const { name, params, timespan } of cases) {
    test(name, () => {
      const tuned = { ...DEFAULT_PARAMS, ...params };
      const text = exportRule('sigma', tuned);
      const { correlation } = checkSigma(text, tuned);
      expect(correlation.correlation.timespan).toBe(timespan);
      if (tuned.spanMs % 1000) expect(text).toContain('# The span (1500 ms) is not whole seconds: rounded up to 2s.');
    });
  }
  test('allow-listed values keep their quotes', () => {
    const tuned = { ...DEFAULT_PARAMS, allowApps: ["o'brien-app"], allowIps: ['10.0.0.1'] };
    const { base } = checkSigma(exportRule('sigma', tuned), tuned);
    expect(base.detection.filter_allowed_apps).toEqual({ ClientAppId: ["o'brien-app"] });
  });
});

describe('what each target says it cannot express', () => {
  const cases = [
    { name: 'spl: sliding windows', target: 'spl', params: { window: 'sliding' }, says: 'Not expressible here: sliding windows.' },
    { name: 'spl: nothing to say for the default tuning', target: 'spl', params: {}, says: null },
    { name: 'sigma: a computed mailbox field', target: 'sigma', params: {}, says: 'Not expressible in Sigma: a computed field.' },
    { name: 'sigma: sliding windows', target: 'sigma', params: { window: 'sliding' }, says: 'Not expressible in Sigma: sliding windows' },
    { name: 'kql: says sliding windows exactly', target: 'kql', params: { window: 'sliding' }, says: null },
  ] as const;
  for (const { name, target, params, says } of cases) {
    test(name, () => {
      const text = exportRule(target, { ...DEFAULT_PARAMS, ...params });
      if (says) expect(text).toContain(says);
      else expect(text).not.toContain('Not expressible');
    });
  }
});

describe('allow-list values stay inside string literals', () => {
  const hostile = { ...DEFAULT_PARAMS, allowApps: ['a"b\\c', "d'e"] };
  const cases = [
    { target: 'spl', contains: 'search NOT ClientAppId IN ("a\\"b\\\\c", "d\'e")' },
    { target: 'kql', contains: 'let allowedApps = dynamic(["a\\"b\\\\c", "d\'e"]);' },
    { target: 'sql', contains: "NOT IN ('a\"b\\c', 'd''e')" },
    { target: 'sigma', contains: "- 'd''e'" },
  ] as const;
  for (const { target, contains } of cases) test(target, () => expect(exportRule(target, hostile)).toContain(contains));
});

test('every target names the threshold and the span', () => {
  for (const target of RULE_TARGETS) {
    const text = exportRule(target, { ...DEFAULT_PARAMS, threshold: 17, spanMs: 25 * 60_000 });
    expect(text).toContain('17');
    expect(text).toMatch(/25m|1500000/);
  }
});

test('docs/rule-export.md shows the exports of the default tuning as they are', () => {
  const readme = readFileSync(new URL('../../../docs/rule-export.md', import.meta.url), 'utf8');
  const sentinel = exportRule('kql', DEFAULT_PARAMS).split('\n// ---- The same rule')[0];
  for (const text of [exportRule('spl', DEFAULT_PARAMS), sentinel, exportRule('sigma', DEFAULT_PARAMS), exportRule('sql', DEFAULT_PARAMS)]) {
    expect(readme).toContain(`\n${text.trimEnd()}\n\`\`\`\``);
  }
});
