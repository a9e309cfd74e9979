// The app's Content-Security-Policy, written once in index.html's meta tag. A meta policy covers the page
// only; a Web Worker takes its policy from its own response. Serving the same policy as a header (plus
// frame-ancestors, which a meta tag cannot set) covers the worker too: `vite preview` sends it
// (vite.config.ts), and the site zip's SERVE.md asks any other server to (package.ts).

import { readFileSync } from 'node:fs';

export const pagePolicy: string = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
  readFileSync(new URL('../../index.html', import.meta.url), 'utf8'),
)![1];
export const policyHeader: string = `${pagePolicy}; frame-ancestors 'none'`;
