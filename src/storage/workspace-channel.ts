// Other tabs of the app share the workspace. After a tab changes it (an import started or finished, a
// clear, new settings) it says so on a BroadcastChannel, and every other tab reads its state back from
// IndexedDB, so no tab goes on showing, or exporting, a workspace that is no longer there. A tab never hears
// its own messages: one channel object both sends and listens. Without BroadcastChannel nothing is sent.

const NAME = 'ual-triage-workspace';
let channel: BroadcastChannel | null = null;

function open(): BroadcastChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  channel ??= new BroadcastChannel(NAME);
  (channel as { unref?: () => void }).unref?.(); // Node (tests): a channel must not keep the process alive
  return channel;
}

export function announceChange(): void {
  open()?.postMessage('changed');
}

/** Calls `onChange` whenever another tab changed the workspace; returns the unsubscribe. */
export function onWorkspaceChange(onChange: () => void): () => void {
  const ch = open();
  if (!ch) return () => {};
  const listener = () => onChange();
  ch.addEventListener('message', listener);
  return () => ch.removeEventListener('message', listener);
}
