// Progress for one file, throttled: the read loop calls tick() after every chunk, the callback runs at most
// once per interval (and always for the final state), so a fast disk does not flood the message channel.

export interface Rate {
  mbPerSecond: number;
  etaSeconds: number | null;
}

export function rateOf(bytesDone: number, bytesTotal: number, elapsedMs: number): Rate {
  if (elapsedMs <= 0 || bytesDone <= 0) return { mbPerSecond: 0, etaSeconds: null };
  const bytesPerMs = bytesDone / elapsedMs;
  return { mbPerSecond: (bytesPerMs * 1000) / 1e6, etaSeconds: Math.max(0, (bytesTotal - bytesDone) / bytesPerMs / 1000) };
}

export function createThrottle(intervalMs: number, now: () => number = () => performance.now()): (force?: boolean) => boolean {
  let last = -Infinity;
  return (force = false) => {
    const t = now();
    if (!force && t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
