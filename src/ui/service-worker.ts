// The served app's service worker: registered at start, an update waits for the responder to take it. The
// single-file build replaces this module with service-worker.singlefile.ts (vite.config.ts).
/// <reference types="vite-plugin-pwa/vanillajs" />

import { registerSW } from 'virtual:pwa-register';

/** Registers the service worker; the function returned activates a waiting update and reloads. */
export const registerServiceWorker = (onNeedRefresh: () => void): ((reload: boolean) => Promise<void>) => registerSW({ immediate: true, onNeedRefresh });
