// Just enough DOM driving for component tests: mount into happy-dom, click, type, find by text.

import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

export function mount(vnode: ComponentChild): { root: HTMLElement; rerender(vnode: ComponentChild): void; unmount(): void } {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(vnode, root));
  return {
    root,
    rerender: (next) => act(() => render(next, root)),
    unmount: () => {
      act(() => render(null, root));
      root.remove();
    },
  };
}

export function click(element: Element | null | undefined): void {
  if (!element) throw new Error('nothing to click');
  act(() => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
}

export function type(element: Element | null | undefined, value: string, event: 'input' | 'change' = 'input'): void {
  if (!element) throw new Error('nothing to type into');
  act(() => {
    (element as HTMLInputElement).value = value;
    element.dispatchEvent(new Event(event, { bubbles: true }));
  });
}

export function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => (typeof name === 'string' ? b.textContent?.trim() === name : name.test(b.textContent ?? '')));
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

export const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((e) => (e.textContent ?? '').trim());
