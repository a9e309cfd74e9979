// A seeded generator (mulberry32) so the benchmark files are the same bytes on every machine and run.

export interface Random {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
  /** Exponentially distributed with the given mean (gaps between independent events). */
  exponential(mean: number): number;
  guid(): string;
  hex(digits: number): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const u32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const float = () => u32() / 4294967296;
  const int = (n: number) => Math.floor(float() * n);
  const hex8 = () => u32().toString(16).padStart(8, '0');
  const hex = (digits: number) => {
    let out = '';
    while (out.length < digits) out += hex8();
    return out.slice(0, digits).toUpperCase();
  };
  return {
    float,
    int,
    pick: (list) => list[int(list.length)],
    chance: (p) => float() < p,
    exponential: (mean) => -Math.log(1 - float()) * mean,
    guid: () => {
      const a = hex8();
      const b = hex8();
      const c = hex8();
      return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex8()}`;
    },
    hex,
  };
}
