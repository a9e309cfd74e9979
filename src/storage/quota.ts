// Storage the browser may take back, and what to say when it runs out.

/**
 * Asks the browser not to evict the workspace under storage pressure; false when it declines or cannot.
 * Only a page can ask (workers have no persist()), which the type says without giving this module the DOM.
 */
export async function requestPersistence(): Promise<boolean> {
  const storage = navigator.storage as (StorageManager & { persist?(): Promise<boolean> }) | undefined;
  try {
    if (await storage?.persisted?.()) return true;
    return (await storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (name === 'UnknownError' && /quota|space/i.test(String((error as Error).message)));
}

/** A sentence a responder can act on, for a failed write. */
export function describeStorageError(error: unknown, stored: number): string {
  if (isQuotaError(error)) {
    return `The browser's storage for this app is full. ${stored} new events from this file were stored before it filled; everything stored earlier is intact. Free disk space or clear the workspace, then import the file again.`;
  }
  return `Could not store the events: ${(error as Error)?.message ?? String(error)}. ${stored} new events from this file were stored before the failure.`;
}
