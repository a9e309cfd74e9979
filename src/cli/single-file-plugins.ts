// Vite plugins of the single-file build (`vite build --mode singlefile`, vite.config.ts): the same sources
// as the served app, with two modules swapped for their single-file siblings, and the page's
// Content-Security-Policy rewritten for a file opened from disk.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/** Modules the single-file build replaces with `<name>.singlefile.ts` beside them. */
const SWAPPED = /\/src\/(worker\/start-analyzer-worker|worker\/start-hash-worker|ui\/service-worker)\.ts$/;

export const singleFileSwaps: Plugin = {
  name: 'ual-triage:singlefile-swaps',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!/-worker\.ts$/.test(source)) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved && SWAPPED.test(resolved.id) ? resolved.id.replace(/\.ts$/, '.singlefile.ts') : null;
  },
};

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The contents of every inline `<script>` and `<style>` element, as the browser hashes them. */
export function inlineCode(html: string): { scripts: string[]; styles: string[] } {
  const bodies = (tag: string) => [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
  return { scripts: bodies('script'), styles: bodies('style') };
}

/**
 * The served policy made for a page opened from disk. There 'self' is the file: scheme, that is any file on
 * the machine, so nothing is allowed by it: the page's one script and one style by their SHA-256, images
 * only as data: (the inlined icons), workers only from blob: URLs (the inlined workers), and no connection at
 * all. 'wasm-unsafe-eval' stays: the SHA-256 and the byte search compile WebAssembly from bytes in the script.
 */
export function singleFilePolicy(servedPolicy: string, html: string): string {
  const { scripts, styles } = inlineCode(html);
  const directives = new Map(
    servedPolicy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.map((v) => (v === "'self'" ? "'none'" : v))]),
  );
  directives.set('script-src', [...new Set(scripts.map(sha256)), "'wasm-unsafe-eval'"]);
  directives.set('style-src', styles.length ? [...new Set(styles.map(sha256))] : ["'none'"]);
  directives.set('img-src', ['data:']);
  directives.set('worker-src', ['blob:']);
  return [...directives].map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

const dataUrl = (file: string, type: string) => `data:${type};base64,${readFileSync(new URL(`../../public/${file}`, import.meta.url)).toString('base64')}`;
const POLICY_META = /(http-equiv="Content-Security-Policy"\s+content=")[^"]+(")/;

/** Icons inlined as data: URLs; after vite-plugin-singlefile has inlined the code, the policy set by its hashes. */
export function singleFileHtml(servedPolicy: string): Plugin {
  return {
    name: 'ual-triage:singlefile-html',
    enforce: 'post',
    transformIndexHtml: (html) =>
      html
        .replace('href="/favicon.svg"', `href="${dataUrl('favicon.svg', 'image/svg+xml')}"`)
        .replace('href="/apple-touch-icon.png"', `href="${dataUrl('apple-touch-icon.png', 'image/png')}"`),
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['index.html'];
        if (page?.type !== 'asset' || typeof page.source !== 'string') throw new Error('singlefile: no index.html in the bundle');
        const html = page.source;
        // Anything still loaded from beside the page would not be there on the responder's disk.
        const external = /<script[^>]*\bsrc=|<link[^>]*rel="(stylesheet|modulepreload|manifest)"|(src|href)="(?!data:)[^"#]/.exec(html);
        if (external) throw new Error(`singlefile: the page still loads a file: ${external[0]}`);
        // The HTML parser turns CR into LF and NUL into U+FFFD in element text, which would change the hash.
        const { scripts, styles } = inlineCode(html);
        if (/[\r\0]/.test(scripts.join('') + styles.join(''))) throw new Error('singlefile: inline code holds CR or NUL');
        page.source = html.replace(POLICY_META, (_m, open: string, close: string) => `${open}${singleFilePolicy(servedPolicy, html)}${close}`);
        for (const name of Object.keys(bundle)) if (name !== 'index.html') delete bundle[name];
      },
    },
  };
}
