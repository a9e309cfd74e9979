import { firstPartyName } from './first-party-apps.ts';

/** A ClientAppId with its Microsoft name, or flagged as unknown: third-party apps are what a responder hunts. */
export function AppName({ clientAppId }: { clientAppId: string }) {
  const name = firstPartyName(clientAppId);
  return (
    <span class="app">
      <span class="mono">{clientAppId}</span>{' '}
      {name ? <span class="first-party">{name}</span> : <span class="unknown-app">unknown app (not Microsoft first-party)</span>}
    </span>
  );
}
