// The single-file build has no service worker (a page opened from disk cannot have one, and there is
// nothing to update: the file is the release), so it registers none and never asks for one.

export const registerServiceWorker =
  (_onNeedRefresh: () => void): ((reload: boolean) => Promise<void>) =>
  async () => {};
