// Random Chinese text for the engine's tests: characters that normalise to themselves (simplified,
// no numerals), so that a run of n characters stays n normalised characters in any context.
import fc from 'fast-check';
import { normalize } from './normalize.ts';

export const ALPHABET: string[] = (() => {
  const out: string[] = [];
  for (let cp = 0x4e00; cp < 0x9fa5 && out.length < 2500; cp += 3) {
    const c = String.fromCodePoint(cp);
    if (normalize(c).text === c && normalize(`${c}一`).text === `${c}1`) out.push(c);
  }
  return out;
})();

export const chineseText = (minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { minLength, maxLength }).map((a) => a.join(''));

/** A deterministic pseudo-random text (for tests that need no shrinking). */
export function seededText(seed: number, length: number): string {
  let x = seed >>> 0 || 1;
  let s = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += ALPHABET[(x >>> 0) % ALPHABET.length];
  }
  return s;
}
