import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkspaceActions } from '../../src/ui/WorkspaceActions.tsx';
import { button, click, mount } from './dom.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

function render(props: Partial<Parameters<typeof WorkspaceActions>[0]> = {}) {
  const handlers = { onExportCsv: vi.fn(), onExportProvenance: vi.fn(), onClear: vi.fn(async () => {}) };
  view = mount(<WorkspaceActions alertCount={2} importCount={3} busy={false} {...handlers} {...props} />);
  return handlers;
}

describe('WorkspaceActions', () => {
  it('clears only after the responder confirms', () => {
    const { onClear } = render();
    click(button(view!.root, 'Clear workspace'));
    expect(view!.root.textContent).toContain('Delete all 3 imports, their events and the rule settings from this browser?');
    expect(onClear).not.toHaveBeenCalled();
    click(button(view!.root, 'Delete everything'));
    expect(onClear).toHaveBeenCalledTimes(1);
  });

  it('"Keep" backs out without clearing', () => {
    const { onClear } = render();
    click(button(view!.root, 'Clear workspace'));
    click(button(view!.root, 'Keep'));
    expect(onClear).not.toHaveBeenCalled();
    expect(button(view!.root, 'Clear workspace')).toBeTruthy();
  });

  const states = [
    {
      name: 'nothing to export or clear in an empty workspace',
      props: { alertCount: 0, importCount: 0 },
      disabled: ['Export CSV', 'Export provenance JSON', 'Clear workspace'],
    },
    { name: 'provenance but no report when no alert fires', props: { alertCount: 0 }, disabled: ['Export CSV'] },
    { name: 'no clearing while a file is being read', props: { busy: true }, disabled: ['Clear workspace'] },
  ];
  for (const { name, props, disabled } of states) {
    it(name, () => {
      render(props);
      const off = [...view!.root.querySelectorAll('button')].filter((b) => b.disabled).map((b) => b.textContent);
      expect(off).toEqual(disabled);
    });
  }

  it('exports on click', () => {
    const { onExportCsv, onExportProvenance } = render();
    click(button(view!.root, 'Export CSV'));
    click(button(view!.root, 'Export provenance JSON'));
    expect([onExportCsv.mock.calls.length, onExportProvenance.mock.calls.length]).toEqual([1, 1]);
  });
});
