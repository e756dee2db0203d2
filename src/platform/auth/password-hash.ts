// Password hashes: argon2id with every parameter written out (OWASP's minimum: 19 MiB, 2 passes,
// 1 lane), stored as a PHC string so a later rise of the parameters rehashes at the next sign-in.
import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm, type Version } from '@node-rs/argon2';

export interface Argon2Params {
  /** KiB of memory (`m=`). */
  memoryCost: number;
  /** Passes over memory (`t=`). */
  timeCost: number;
  /** Lanes (`p=`). */
  parallelism: number;
  /** Bytes of output. */
  outputLen: number;
}

export const ARGON2_PARAMS: Readonly<Argon2Params> = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 });
export const SALT_BYTES = 16;

// The package declares these as `const enum`s, which isolatedModules cannot inline: use the values.
const ARGON2ID = 2 as Algorithm;
const V0X13 = 1 as Version;

export interface PhcParams {
  algorithm: string;
  version: number;
  m: number;
  t: number;
  p: number;
  saltBytes: number;
  hashBytes: number;
}

export async function hashPassword(password: string, params: Argon2Params = ARGON2_PARAMS): Promise<string> {
  return hash(password, {
    algorithm: ARGON2ID,
    version: V0X13,
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
    outputLen: params.outputLen,
    salt: randomBytes(SALT_BYTES),
  });
}

/** True only when `storedHash` is a well-formed argon2 hash of `password`; never throws. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    if (typeof storedHash !== 'string' || typeof password !== 'string') return false;
    parsePhc(storedHash); // refuse anything that is not a PHC argon2 string before the native code sees it
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

const PHC = /^\$(argon2id|argon2i|argon2d)\$(?:v=(\d+)\$)?m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Reads the parameters of a PHC argon2 string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`); throws if malformed. */
export function parsePhc(phc: string): PhcParams {
  const match = PHC.exec(phc);
  if (!match) throw new Error('not an argon2 PHC string');
  const [, algorithm, version, m, t, p, salt, digest] = match;
  return {
    algorithm,
    version: version === undefined ? 0x10 : Number(version),
    m: Number(m),
    t: Number(t),
    p: Number(p),
    saltBytes: Buffer.from(salt, 'base64').length,
    hashBytes: Buffer.from(digest, 'base64').length,
  };
}

/** True when the stored hash is weaker than `params` in any respect (or is not argon2id v1.3 at all). */
export function needsRehash(storedHash: string, params: Argon2Params = ARGON2_PARAMS): boolean {
  let parsed: PhcParams;
  try {
    parsed = parsePhc(storedHash);
  } catch {
    return true;
  }
  return (
    parsed.algorithm !== 'argon2id' ||
    parsed.version !== 0x13 ||
    parsed.m < params.memoryCost ||
    parsed.t < params.timeCost ||
    parsed.p < params.parallelism ||
    parsed.hashBytes < params.outputLen ||
    parsed.saltBytes < SALT_BYTES
  );
}
