import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, hashPassword, needsRehash, parsePhc, verifyPassword } from './password-hash.ts';

describe('hashPassword', () => {
  it('writes an argon2id v1.3 PHC string at or above the OWASP minimum', async () => {
    const h = await hashPassword('Correct#Horse9');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    const p = parsePhc(h);
    expect(p.algorithm).toBe('argon2id');
    expect(p.version).toBe(0x13);
    expect(p.m).toBeGreaterThanOrEqual(19456);
    expect(p.t).toBeGreaterThanOrEqual(2);
    expect(p.p).toBe(1);
    expect(p.saltBytes).toBeGreaterThanOrEqual(16);
    expect(p.hashBytes).toBe(32);
    expect(p).toMatchObject({ m: ARGON2_PARAMS.memoryCost, t: ARGON2_PARAMS.timeCost, p: ARGON2_PARAMS.parallelism });
  });

  it('salts every hash afresh', async () => {
    const [a, b] = await Promise.all([hashPassword('Correct#Horse9'), hashPassword('Correct#Horse9')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });
});

describe('verifyPassword', () => {
  it('accepts the password and refuses any other', async () => {
    const h = await hashPassword('Correct#Horse9');
    expect(await verifyPassword(h, 'Correct#Horse9')).toBe(true);
    expect(await verifyPassword(h, 'correct#Horse9')).toBe(false);
    expect(await verifyPassword(h, '')).toBe(false);
  });

  it('handles CJK and emoji, and does not truncate long passwords', async () => {
    const long = '金点子😀Ab1'.repeat(18); // 126 code points, 252 UTF-8 bytes past bcrypt's 72
    const h = await hashPassword(long);
    expect(await verifyPassword(h, long)).toBe(true);
    expect(await verifyPassword(h, long.slice(0, -1))).toBe(false);
    expect(await verifyPassword(h, long.slice(0, 72))).toBe(false);
  });

  it.each([
    '',
    'not a hash',
    '$argon2id$',
    '$argon2id$v=19$m=19456,t=2,p=1$',
    '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$',
    '$argon2id$v=19$m=x,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaA',
    '$2b$10$abcdefghijklmnopqrstuuJ0pl3rQH4bF1v8ZxS8y3WmHc3V2Zb2W', // bcrypt
    '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$!!!!',
  ])('is false, not an exception, for the malformed hash %j', async (bad) => {
    await expect(verifyPassword(bad, 'Correct#Horse9')).resolves.toBe(false);
  });

  it('is false for non-string input from a bad row', async () => {
    await expect(verifyPassword(null as unknown as string, 'x')).resolves.toBe(false);
    await expect(verifyPassword(undefined as unknown as string, 'x')).resolves.toBe(false);
  });
});

describe('parsePhc', () => {
  it('reads the parameters', () => {
    expect(parsePhc('$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g')).toEqual({
      algorithm: 'argon2id',
      version: 19,
      m: 65536,
      t: 3,
      p: 4,
      saltBytes: 16,
      hashBytes: 32,
    });
  });

  it('throws on anything else', () => {
    expect(() => parsePhc('plain')).toThrow();
  });
});

describe('needsRehash', () => {
  it('is false for a hash made with the configured parameters', async () => {
    expect(needsRehash(await hashPassword('Correct#Horse9'), ARGON2_PARAMS)).toBe(false);
  });

  it('is true when any configured parameter rises above the stored one', async () => {
    const h = await hashPassword('Correct#Horse9');
    expect(needsRehash(h, { ...ARGON2_PARAMS, memoryCost: 65536 })).toBe(true);
    expect(needsRehash(h, { ...ARGON2_PARAMS, timeCost: 3 })).toBe(true);
    expect(needsRehash(h, { ...ARGON2_PARAMS, parallelism: 2 })).toBe(true);
    expect(needsRehash(h, { ...ARGON2_PARAMS, outputLen: 64 })).toBe(true);
    // Lowering the configuration does not downgrade stored hashes.
    expect(needsRehash(h, { ...ARGON2_PARAMS, memoryCost: 8192, timeCost: 1 })).toBe(false);
  });

  it('is true for weaker hashes: old parameters, argon2i, short salt, malformed', async () => {
    const weak = await hashPassword('Correct#Horse9', { memoryCost: 4096, timeCost: 1, parallelism: 1, outputLen: 32 });
    expect(await verifyPassword(weak, 'Correct#Horse9')).toBe(true);
    expect(needsRehash(weak, ARGON2_PARAMS)).toBe(true);
    expect(needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g', ARGON2_PARAMS)).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g', ARGON2_PARAMS)).toBe(true);
    expect(needsRehash('garbage', ARGON2_PARAMS)).toBe(true);
  });
});
