// Tabs tell each other when the workspace changed. Another tab is another BroadcastChannel of the same name;
// Node's BroadcastChannel delivers between channel objects as a browser does between tabs.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceChange, onWorkspaceChange } from '../../src/storage/workspace-channel.ts';

const otherTab = new BroadcastChannel('ual-triage-workspace');
(otherTab as unknown as { unref(): void }).unref();
const unsubscribes: (() => void)[] = [];
afterEach(() => unsubscribes.splice(0).forEach((u) => u()));

describe('workspace channel', () => {
  it("another tab's change reaches the listener, and stops reaching it once unsubscribed", async () => {
    const heard = vi.fn();
    const unsubscribe = onWorkspaceChange(heard);
    otherTab.postMessage('changed');
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1));
    unsubscribe();
    otherTab.postMessage('changed');
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('a change announced here reaches the other tab, and never this tab itself', async () => {
    const here = vi.fn();
    unsubscribes.push(onWorkspaceChange(here));
    const there = vi.fn();
    otherTab.onmessage = there;
    announceChange();
    await vi.waitFor(() => expect(there).toHaveBeenCalledTimes(1));
    expect(there.mock.calls[0][0].data).toBe('changed');
    expect(here).not.toHaveBeenCalled();
  });
});
