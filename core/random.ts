/**
 * A seeded random source (mulberry32): every simulator takes one, so the same seed gives the same
 * patients, pumps and jitter. Not for keys or nonces, which always come from node:crypto.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** 8 hex characters. */
  hex8(): string;
  /** A child source whose sequence depends only on this seed and `label`. */
  fork(label: string): Random;
}

/** Creates a seeded random source. */
export function seededRandom(seed: number | string): Random {
  let state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const initial = state;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    hex8: () =>
      Math.floor(next() * 0x100000000)
        .toString(16)
        .padStart(8, '0'),
    fork: (label) => seededRandom(hashString(`${initial}:${label}`)),
  };
}

function hashString(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}
