import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportItem } from '../../src/ui/ImportItem.tsx';
import { importRecord } from '../storage/fixtures.ts';
import { button, click, mount, texts } from './dom.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

describe('ImportItem', () => {
  it('while reading: bytes, records, MB/s, ETA and a Cancel button', () => {
    const onCancel = vi.fn();
    const progress = {
      importId: 'i',
      bytesDone: 2_500_000,
      bytesTotal: 10_000_000,
      format: 'Purview audit search CSV',
      records: 1200,
      selected: 40,
      mbPerSecond: 12.34,
      etaSeconds: 0.6,
    };
    view = mount(<ImportItem name="big.csv" size={10_000_000} record={null} job={{ state: 'running', progress }} onCancel={onCancel} />);
    expect(view.root.querySelector('.import-progress span')?.textContent).toBe(
      'Purview audit search CSV: 2.5 MB of 10 MB, 1200 records, 12.3 MB/s, < 1 s left',
    );
    expect(view.root.querySelector('progress')?.getAttribute('value')).toBe('2500000');
    click(button(view.root, 'Cancel'));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('lists skipped lines with their line numbers, and how many more there were', () => {
    const record = importRecord({ status: 'complete' });
    record.summary.problems = [
      { line: 6, message: 'unreadable record: bad JSON' },
      { line: 40, message: 'row has 3 fields where the header has 6' },
    ];
    record.summary.moreProblems = 12;
    view = mount(<ImportItem name="export.csv" size={1234} record={record} job={null} onCancel={() => {}} />);
    expect(texts(view.root, '.problems li')).toEqual([
      'line 6: unreadable record: bad JSON',
      'line 40: row has 3 fields where the header has 6',
      '… and 12 more',
    ]);
    expect(view.root.querySelector('.badge')?.textContent).toBe('complete');
  });

  it('says why a file was not analysed', () => {
    const record = importRecord({ status: 'complete' });
    record.summary.unsupported = 'This is a zip archive: extract it and drop the CSV or JSON files inside.';
    view = mount(<ImportItem name="export.zip" size={1234} record={record} job={null} onCancel={() => {}} />);
    expect(view.root.querySelector('.badge')?.textContent).toBe('not analysed');
    expect(view.root.querySelector('.problem')?.textContent).toBe(record.summary.unsupported);
  });

  it('a file not analysed lists its first three problems and counts the rest, no wall of lines', () => {
    const record = importRecord({ status: 'complete' });
    record.summary.unsupported = 'No audit records found in the file.';
    record.summary.problems = Array.from({ length: 100 }, (_, i) => ({ line: i + 1, message: 'not valid JSON' }));
    record.summary.moreProblems = 50;
    view = mount(<ImportItem name="junk.json" size={1234} record={record} job={null} onCancel={() => {}} />);
    expect(texts(view.root, '.problems li')).toEqual(['line 1: not valid JSON', 'line 2: not valid JSON', 'line 3: not valid JSON', '… and 147 more']);
  });

  it('says what an analysed file cannot show, and how many records could not be judged', () => {
    const record = importRecord({ status: 'complete' });
    record.summary.unjudged = 8;
    record.summary.warnings = ['This export has no AppId column: Graph reads cannot be recognised; 8 MailItemsAccessed records could not be judged.'];
    view = mount(<ImportItem name="projected.csv" size={1234} record={record} job={null} onCancel={() => {}} />);
    expect(texts(view.root, '[data-testid=warning]')).toEqual(record.summary.warnings);
    expect(view.root.querySelector('[data-testid=unjudged]')?.textContent).toBe('8');
  });

  it('shows an incomplete import and why', () => {
    view = mount(
      <ImportItem
        name="x.json"
        size={1}
        record={importRecord({ status: 'incomplete', note: 'Cancelled: the events read before the cancel are kept.' })}
        job={null}
        onCancel={() => {}}
      />,
    );
    expect(view.root.querySelector('.badge')?.textContent).toBe('incomplete');
    expect(view.root.textContent).toContain('Cancelled: the events read before the cancel are kept.');
  });
});
