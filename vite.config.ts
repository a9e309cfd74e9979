import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Vite's dev server injects CSS as <style> elements; the production build links a stylesheet, so only
// `npm run dev` relaxes style-src. The built index.html keeps the policy exactly as written.
const devInlineStyles: Plugin = {
  name: 'dev-inline-styles',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
};

// index.html's meta policy covers the page only; a Web Worker takes its policy from its own response. Serving
// the same policy as a header (plus frame-ancestors, which a meta tag cannot set) covers the worker too.
const pagePolicy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync('index.html', 'utf8'))![1];
const policyHeader = { 'Content-Security-Policy': `${pagePolicy}; frame-ancestors 'none'` };

// The service worker is configuration: generateSW precaches every built file (the worker chunk included), and
// an update waits for the responder ('prompt') instead of reloading the page in the middle of an analysis.
export default defineConfig({
  plugins: [
    devInlineStyles,
    preact(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false, // src/ui/main.tsx registers it: no inline script under the CSP
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'UAL Triage',
        short_name: 'UAL Triage',
        description: 'Offline triage of Microsoft 365 unified audit log exports for mass mailbox access via API (T1114.002).',
        theme_color: '#172b4d',
        background_color: '#f5f7fa',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,css,svg,png,webmanifest}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  preview: { headers: policyHeader },
  // The worker's dependencies are found only when the first file is dropped; listing them spares `npm run dev` a reload then.
  optimizeDeps: { include: ['hash-wasm', 'comlink', 'idb'] },
  build: { target: 'es2022' },
});
