/**
 * mulberry32 as published (bryc): a tiny seeded 32-bit generator, uniform in [0, 1). Written
 * here on its own, not taken from @recurrent/autograd, so that tests can use it as an oracle
 * for autograd's Random and so that the kernel's tests (below autograd) can use it too.
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed fast-check runs with when FC_SEED is not set: fixed, so every run checks the same cases. */
export const DEFAULT_FC_SEED = 20261202;

/**
 * fast-check's seed: FC_SEED (a 32-bit integer, to explore other cases or replay a failure),
 * else DEFAULT_FC_SEED. A malformed FC_SEED is an error, not a silent NaN seed.
 */
export function fcSeed(env: string | undefined = process.env['FC_SEED']): number {
  if (env === undefined || env === '') return DEFAULT_FC_SEED;
  const seed = Number(env);
  if (!Number.isInteger(seed) || Math.abs(seed) > 0xffffffff) throw new Error(`FC_SEED must be a 32-bit integer, got ${JSON.stringify(env)}`);
  return seed;
}
