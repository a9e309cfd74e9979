import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeStorageError, isQuotaError, requestPersistence } from '../../src/storage/quota.ts';

afterEach(() => vi.unstubAllGlobals());

describe('storage errors', () => {
  const cases = [
    { name: 'QuotaExceededError is a full disk', error: new DOMException('exceeded', 'QuotaExceededError'), quota: true },
    {
      name: 'Chromium UnknownError about space is a full disk',
      error: Object.assign(new Error('Not enough disk space'), { name: 'UnknownError' }),
      quota: true,
    },
    { name: 'a constraint error is not', error: new DOMException('key exists', 'ConstraintError'), quota: false },
    { name: 'null is not', error: null, quota: false },
  ];
  for (const { name, error, quota } of cases) it(name, () => expect(isQuotaError(error)).toBe(quota));

  it('says plainly that storage is full and how much was kept', () => {
    const text = describeStorageError(new DOMException('x', 'QuotaExceededError'), 4000);
    expect(text).toMatch(
      /^The browser's storage for this app is full\. 4000 new events from this file were stored before it filled; everything stored earlier is intact\./,
    );
  });

  it('names any other failure', () => {
    expect(describeStorageError(new Error('disk on fire'), 0)).toBe(
      'Could not store the events: disk on fire. 0 new events from this file were stored before the failure.',
    );
  });
});

describe('requestPersistence', () => {
  it('is true when storage is already persistent, without asking again', async () => {
    const persist = vi.fn(async () => false);
    vi.stubGlobal('navigator', { storage: { persisted: async () => true, persist } });
    expect(await requestPersistence()).toBe(true);
    expect(persist).not.toHaveBeenCalled();
  });
  it('asks, and reports what the browser granted', async () => {
    vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist: async () => true } });
    expect(await requestPersistence()).toBe(true);
  });
  it('is false where the Storage API is missing', async () => {
    vi.stubGlobal('navigator', {});
    expect(await requestPersistence()).toBe(false);
  });
});
