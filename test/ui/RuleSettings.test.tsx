import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import type { RuleParams } from '../../src/core/types.ts';
import { RuleSettings } from '../../src/ui/RuleSettings.tsx';
import { mount, type } from './dom.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

function render(params: RuleParams = DEFAULT_PARAMS) {
  const onChange = vi.fn();
  view = mount(<RuleSettings params={params} onChange={onChange} />);
  const field = (label: string) =>
    [...view!.root.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('input, select, textarea')!;
  return { onChange, field };
}

describe('RuleSettings', () => {
  const edits = [
    { name: 'a whole-number threshold applies', label: 'Threshold', value: '7', event: 'input', expected: { threshold: 7 } },
    { name: 'a span in minutes applies', label: 'Span', value: '15m', event: 'input', expected: { spanMs: 900_000 } },
    { name: 'a span in hours applies', label: 'Span', value: '1h', event: 'input', expected: { spanMs: 3_600_000 } },
    { name: 'sliding windows apply', label: 'Windows', value: 'sliding', event: 'change', expected: { window: 'sliding' } },
    { name: "Splunk's identity profile applies", label: 'Mailbox identity', value: 'splunk', event: 'change', expected: { profile: 'splunk' } },
    {
      name: 'allow-listed apps are one a line, blanks dropped',
      label: 'Allow-listed ClientAppIds',
      value: ' app-1 \n\napp-2\n',
      event: 'input',
      expected: { allowApps: ['app-1', 'app-2'] },
    },
    {
      name: 'allow-listed IPs also split on commas',
      label: 'Allow-listed client IPs',
      value: '192.0.2.1, 192.0.2.2',
      event: 'input',
      expected: { allowIps: ['192.0.2.1', '192.0.2.2'] },
    },
  ] as const;
  for (const { name, label, value, event, expected } of edits) {
    it(name, () => {
      const { onChange, field } = render();
      type(field(label), value, event);
      expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_PARAMS, ...expected });
    });
  }

  const invalid = [
    { name: 'an unreadable span', label: 'Span', value: '10 minutes please' },
    { name: 'a zero span', label: 'Span', value: '0m' },
    { name: 'a fractional threshold', label: 'Threshold', value: '2.5' },
  ];
  for (const { name, label, value } of invalid) {
    it(`does not apply ${name}, and marks the field`, () => {
      const { onChange, field } = render();
      type(field(label), value);
      expect(onChange).not.toHaveBeenCalled();
      expect(field(label).getAttribute('aria-invalid')).toBe('true');
    });
  }

  it('follows parameters changed elsewhere (a cleared workspace)', () => {
    const { field } = render({ ...DEFAULT_PARAMS, threshold: 9, spanMs: 3_600_000, allowApps: ['x'] });
    expect((field('Span') as HTMLInputElement).value).toBe('1h');
    view!.rerender(<RuleSettings params={DEFAULT_PARAMS} onChange={() => {}} />);
    expect([
      (field('Threshold') as HTMLInputElement).value,
      (field('Span') as HTMLInputElement).value,
      (field('Allow-listed ClientAppIds') as HTMLTextAreaElement).value,
    ]).toEqual(['5', '10m', '']);
  });
});
