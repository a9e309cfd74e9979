import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DropZone } from '../../src/ui/DropZone.tsx';
import { UpdatePrompt } from '../../src/ui/UpdatePrompt.tsx';
import { button, click, mount } from './dom.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

describe('DropZone', () => {
  it('hands dropped files over, all of them', () => {
    const onFiles = vi.fn();
    view = mount(<DropZone onFiles={onFiles} onSample={() => {}} timeOffset="" onTimeOffset={() => {}} />);
    const files = [new File(['a'], 'a.json'), new File(['b'], 'b.csv')];
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { files } });
    act(() => {
      view!.root.querySelector('[data-testid=drop-zone]')!.dispatchEvent(drop);
    });
    expect(drop.defaultPrevented).toBe(true); // the browser must not open the file instead
    expect(onFiles.mock.calls[0][0].map((f: File) => f.name)).toEqual(['a.json', 'b.csv']);
  });

  it('ignores a drop that carries no files', () => {
    const onFiles = vi.fn();
    view = mount(<DropZone onFiles={onFiles} onSample={() => {}} timeOffset="" onTimeOffset={() => {}} />);
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [] } });
    act(() => {
      view!.root.querySelector('[data-testid=drop-zone]')!.dispatchEvent(drop);
    });
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('offers a multiple file picker and the sample data', () => {
    const onSample = vi.fn();
    view = mount(<DropZone onFiles={() => {}} onSample={onSample} timeOffset="" onTimeOffset={() => {}} />);
    expect(view.root.querySelector('input[type=file]')?.hasAttribute('multiple')).toBe(true);
    // Exports arrive named .log, .tsv or .txt as often as .csv or .json; the content decides, not the name.
    expect(view.root.querySelector('input[type=file]')?.getAttribute('accept')?.split(',')).toEqual(
      expect.arrayContaining(['.csv', '.json', '.jsonl', '.log', '.tsv', '.txt']),
    );
    click(button(view.root, 'Load sample data'));
    expect(onSample).toHaveBeenCalledTimes(1);
  });
});

describe('UpdatePrompt', () => {
  it('waits for the running import before it offers the reload', () => {
    const onUpdate = vi.fn();
    view = mount(<UpdatePrompt busy={true} onUpdate={onUpdate} />);
    expect(button(view.root, 'Reload after the import finishes').disabled).toBe(true);
    view.rerender(<UpdatePrompt busy={false} onUpdate={onUpdate} />);
    click(button(view.root, 'Reload to update'));
    expect(onUpdate).toHaveBeenCalledTimes(1);
  });
});
