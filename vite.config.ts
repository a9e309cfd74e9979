import preact from '@preact/preset-vite';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { pagePolicy, policyHeader } from './src/cli/page-policy.ts';
import { singleFileHtml, singleFileSwaps } from './src/cli/single-file-plugins.ts';

// Vite's dev server injects CSS as <style> elements; the production build links a stylesheet, so only
// `npm run dev` relaxes style-src. The built index.html keeps the policy exactly as written.
const devInlineStyles: Plugin = {
  name: 'dev-inline-styles',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
};

// The service worker is configuration: generateSW precaches every built file (the worker chunk included), and
// an update waits for the responder ('prompt') instead of reloading the page in the middle of an analysis.
const served: UserConfig = {
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
  preview: { headers: { 'Content-Security-Policy': policyHeader } },
  // The worker's dependencies are found only when the first file is dropped; listing them spares `npm run dev` a reload then.
  optimizeDeps: { include: ['hash-wasm', 'comlink', 'idb'] },
  build: { target: 'es2022' },
};

// `vite build --mode singlefile`: the same sources as one HTML file that works opened from disk (file://).
// Everything is inlined, the workers are classic scripts started from blob URLs (start-*-worker.singlefile.ts),
// there is no service worker, and the page's policy allows the inlined script and style by their hashes.
const singleFile: UserConfig = {
  plugins: [singleFileSwaps, preact(), viteSingleFile({ removeViteModuleLoader: true }), singleFileHtml(pagePolicy)],
  worker: { format: 'iife', plugins: () => [singleFileSwaps] },
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist-singlefile',
    emptyOutDir: true,
    rolldownOptions: {
      // vite-plugin-singlefile warns that the served policy blocks the inlined code; singleFileHtml then
      // allows exactly that code by its hashes, so the warning would only mislead.
      onLog: (level, log, handler) => (log.plugin === 'vite:singlefile' && log.message.includes('Content-Security-Policy') ? undefined : handler(level, log)),
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'singlefile' ? singleFile : served));
