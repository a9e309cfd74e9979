import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { exportRule } from '../../src/core/rule-export/index.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import type { RuleParams } from '../../src/core/types.ts';
import { RuleExportPanel } from '../../src/ui/RuleExportPanel.tsx';

let root: HTMLElement;
const show = (params: RuleParams) => act(() => render(<RuleExportPanel params={params} />, root));
const pre = () => root.querySelector('pre')!;
const select = () => root.querySelector('select')!;
const choose = (value: string) =>
  act(() => {
    select().value = value;
    select().dispatchEvent(new Event('change', { bubbles: true }));
  });

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

describe('RuleExportPanel', () => {
  test('shows the SPL of the current tuning first', async () => {
    await show({ ...DEFAULT_PARAMS, threshold: 9 });
    expect(pre().textContent).toBe(exportRule('spl', { ...DEFAULT_PARAMS, threshold: 9 }));
    expect(pre().textContent).toContain('| where unique_mailboxes > 9');
  });

  test('offers the four targets and shows the one chosen', async () => {
    await show(DEFAULT_PARAMS);
    expect([...select().options].map((o) => o.value)).toEqual(['spl', 'kql', 'sigma', 'sql']);
    for (const target of ['kql', 'sigma', 'sql', 'spl'] as const) {
      await choose(target);
      expect(pre().textContent).toBe(exportRule(target, DEFAULT_PARAMS));
    }
  });

  test('follows the rule settings as they change', async () => {
    await show(DEFAULT_PARAMS);
    await choose('sql');
    await show({ ...DEFAULT_PARAMS, window: 'sliding', threshold: 2 });
    expect(pre().textContent).toBe(exportRule('sql', { ...DEFAULT_PARAMS, window: 'sliding', threshold: 2 }));
  });

  test('renders allow-list values as text, never as markup', async () => {
    await show({ ...DEFAULT_PARAMS, allowApps: ['<img src=x onerror=alert(1)>'] });
    expect(pre().children).toHaveLength(0);
    expect(root.querySelector('img')).toBeNull();
    expect(pre().textContent).toContain('"<img src=x onerror=alert(1)>"');
  });

  test('downloads the shown text as a file through a blob URL, with no request', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:local/1';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const fetch = vi.spyOn(globalThis, 'fetch');
    await show(DEFAULT_PARAMS);
    await choose('sigma');
    await act(() => root.querySelector('button')!.click());
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('mr_o365_multiple_mailboxes_accessed_via_api.yml');
    expect(clicked[0].getAttribute('href')).toBe('blob:local/1');
    expect(await blobs[0].text()).toBe(pre().textContent);
    expect(fetch).not.toHaveBeenCalled();
  });
});
