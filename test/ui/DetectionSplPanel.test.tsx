import { afterEach, describe, expect, it } from 'vitest';
import { DETECTIONS } from '../../src/core/detections/index.ts';
import { exportDetection } from '../../src/core/rule-export/detection-spl.ts';
import { DetectionSplPanel, splFileName } from '../../src/ui/DetectionSplPanel.tsx';
import { mount, texts, type } from './dom.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

const FORWARD = '68469fd0-1315-44ba-b7e4-e92847bb76d6';

describe('DetectionSplPanel', () => {
  it("offers every ESCU analytic of the pack once (analyst variants have no ESCU text), in the pack's order", () => {
    view = mount(<DetectionSplPanel />);
    const escu = DETECTIONS.filter((d) => !d.analyst);
    expect(texts(view.root, 'option')).toEqual(escu.map((d) => d.name));
    expect(texts(view.root, 'option')).toHaveLength(23); // the docs table: 26 rows, 3 of them analyst variants
  });

  it("shows the chosen analytic's own SPL and names its file as ESCU does", () => {
    view = mount(<DetectionSplPanel />);
    type(view.root.querySelector('select'), FORWARD, 'change');
    expect(view.root.querySelector('pre')?.textContent).toBe(exportDetection(FORWARD));
    expect(texts(view.root, 'button')).toEqual(['Download o365_new_email_forwarding_rule_created.spl']);
  });

  const names = [
    { name: 'O365 New Email Forwarding Rule Created', expected: 'o365_new_email_forwarding_rule_created.spl' },
    { name: 'O365 OAuth App Mailbox Access via Graph API', expected: 'o365_oauth_app_mailbox_access_via_graph_api.spl' },
    { name: 'O365 Email Send and Hard Delete Suspicious Behavior', expected: 'o365_email_send_and_hard_delete_suspicious_behavior.spl' },
  ];
  it.each(names)('file name: $name', ({ name, expected }) => expect(splFileName(name)).toBe(expected));
});
