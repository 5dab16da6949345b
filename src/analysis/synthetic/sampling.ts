/** Seeded sampling helpers of the synthetic generator (all randomness comes from util/random.ts). */
import { seededRandom, type Random } from '../util/random';
import { fnv1a } from '../util/fnv';

/**
 * An independent random stream for one stage of the generator, so that the draws of one stage never
 * shift those of another. The stage name is hashed (FNV-1a) and mixed with the seed (murmur3 finaliser).
 */
export function stageRandom(seed: number, stage: string): Random {
  const h = fnv1a(stage);
  let x = (h ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return seededRandom((x ^ (x >>> 16)) >>> 0);
}

/**
 * Splits n into integer parts proportional to weights (largest-remainder method; ties to the earlier index).
 * @example apportion([1, 1, 2], 5) // [1, 1, 3]
 */
export function apportion(weights: readonly number[], n: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error('apportion: weights must have a positive sum');
  const exact = weights.map((w) => (w / total) * n);
  const parts = exact.map(Math.floor);
  let left = n - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) parts[order[k][1]]++;
  return parts;
}

/** Index drawn with probability proportional to its weight. */
export function weightedPick(rng: Random, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0 && weights[i] > 0) return i;
  }
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  throw new Error('weightedPick: no positive weight');
}

/**
 * Indices in the order of a weighted sampling without replacement (Efraimidis–Spirakis keys u^(1/w));
 * indices of weight 0 are left out. Taking the first k is a weighted sample of size k.
 */
export function weightedOrder(rng: Random, weights: readonly number[]): number[] {
  const keyed: [number, number][] = [];
  for (let i = 0; i < weights.length; i++) {
    const u = rng.next();
    if (weights[i] > 0) keyed.push([Math.log(1 - u) / weights[i], i]);
  }
  return keyed.sort((a, b) => b[0] - a[0] || a[1] - b[1]).map((k) => k[1]);
}
