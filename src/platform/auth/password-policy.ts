// The password rules (security checklist rows 2–3): length in code points, character classes under
// the `mlps` profile (Chinese assessors expect them; ASVS does not, hence the `basic` profile), no
// username / mobile, no common password, no password made of words tied to this site, no runs.
// Pure: no I/O, so the server, the CLI and the web form's server check all answer the same.
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_POLICY = { minLength: 8, maxLength: 128, minClasses: 3, recommendedLength: 12 } as const;

export type PasswordProfile = 'mlps' | 'basic';

export interface PasswordContext {
  username?: string;
  mobile?: string | null;
  /** The person's name (姓名): treated as a context word. */
  name?: string | null;
  /** More words tied to this account: unit name, county, product (added to the defaults). */
  contextWords?: string[];
  /** `mlps` (default) adds the 3-of-4 character-class rule. */
  profile?: PasswordProfile;
}

export type PasswordReasonCode =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'TOO_FEW_CLASSES'
  | 'CONTAINS_USERNAME'
  | 'CONTAINS_MOBILE'
  | 'COMMON_PASSWORD'
  | 'CONTEXT_WORD'
  | 'REPETITIVE';

export interface PasswordReason {
  code: PasswordReasonCode;
  zh: string;
  en: string;
}

export interface PasswordVerdict {
  ok: boolean;
  reasons: PasswordReason[];
}

/** Words tied to this deployment (仙居 county, the product, education); callers add unit names. */
export const DEFAULT_CONTEXT_WORDS: readonly string[] = ['xianju', '仙居', 'jindianzi', '金点子', 'jiaoyu', '教育', 'edu'];

/** How many entries of the zxcvbn common-password list (ordered by frequency) are refused. */
export const COMMON_PASSWORD_COUNT = 3000;

const { minLength, maxLength, minClasses } = PASSWORD_POLICY;

const REASONS: Record<PasswordReasonCode, Omit<PasswordReason, 'code'>> = {
  TOO_SHORT: { zh: `密码至少需要 ${minLength} 个字符`, en: `Use at least ${minLength} characters.` },
  TOO_LONG: { zh: `密码不能超过 ${maxLength} 个字符`, en: `Use at most ${maxLength} characters.` },
  TOO_FEW_CLASSES: {
    zh: `密码须至少包含大写字母、小写字母、数字、其他字符（符号、汉字等）中的 ${minClasses} 类`,
    en: `Use at least ${minClasses} of: upper-case letters, lower-case letters, digits, other characters (symbols, Chinese characters, emoji).`,
  },
  CONTAINS_USERNAME: { zh: '密码不能包含用户名或其倒序', en: 'The password must not contain the username or the username reversed.' },
  CONTAINS_MOBILE: { zh: '密码不能包含手机号或其倒序', en: 'The password must not contain the mobile number or the number reversed.' },
  COMMON_PASSWORD: { zh: '这是常见密码（或其简单变体），容易被猜中', en: 'This is a common password (or a simple variant of one) and easy to guess.' },
  CONTEXT_WORD: {
    zh: '密码主要由与本平台、本县、单位或姓名相关的词（如“仙居”“金点子”）组成，容易被猜中',
    en: 'The password is mostly made of words tied to this site, the county, the unit or your name (such as "xianju" or "jindianzi").',
  },
  REPETITIVE: {
    zh: '密码不能只由重复或连续的字符组成（如 aaaaaaaa、12345678abc）',
    en: 'The password must not consist only of repeated or sequential characters (such as aaaaaaaa or 12345678abc).',
  },
};

function reason(code: PasswordReasonCode): PasswordReason {
  return { code, ...REASONS[code] };
}

/** Comparison form: NFKC folds full-width forms (Ａ１ → A1), then case is folded. */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

const codePoints = (s: string): string[] => Array.from(s);
const reverse = (s: string): string => codePoints(s).reverse().join('');

let commonSet: Set<string> | undefined;
function commonPasswords(): Set<string> {
  commonSet ??= new Set(dictionary['passwords-common'].slice(0, COMMON_PASSWORD_COUNT).map(fold));
  return commonSet;
}

// One substitution table is enough for the usual variants (p@ssw0rd, s3cr3t); '1' is read both ways.
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '3': 'e', '$': 's', '5': 's', '7': 't', '!': 'i', '8': 'b', '9': 'g' };
function unleet(s: string, one: 'i' | 'l'): string {
  return s.replace(/[@40$3579!81]/g, (c) => (c === '1' ? one : LEET[c] ?? c));
}

const NON_LETTERS = String.raw`[\p{N}\p{P}\p{S}\s]+`;
const TRAILING = new RegExp(`${NON_LETTERS}$`, 'u');
const LEADING = new RegExp(`^${NON_LETTERS}`, 'u');
const TRAILING_SYMBOLS = /[\p{P}\p{S}\s]+$/u;

/** The folded password and its cheap variants: digits/symbols trimmed at either end, l33t undone. */
function variants(folded: string): Set<string> {
  const out = new Set<string>([folded]);
  for (const v of [folded.replace(TRAILING, ''), folded.replace(LEADING, ''), folded.replace(LEADING, '').replace(TRAILING, ''), folded.replace(TRAILING_SYMBOLS, '')]) {
    if (codePoints(v).length >= 4) out.add(v);
  }
  for (const v of [...out]) {
    for (const one of ['i', 'l'] as const) {
      const u = unleet(v, one);
      if (u !== v) out.add(u);
    }
  }
  return out;
}

function isCommon(folded: string): boolean {
  const set = commonPasswords();
  for (const v of variants(folded)) if (set.has(v)) return true;
  return false;
}

/** Runs of one character, or of consecutive code points up or down (aaa, abc, 987), two or more long. */
function isRepetitive(folded: string): boolean {
  const cps = codePoints(folded).map((c) => c.codePointAt(0)!);
  const n = cps.length;
  if (n === 0) return false;
  // A short block repeated (Ab1!Ab1!, abcabcabc).
  for (let unit = 1; unit <= n / 2; unit++) {
    if (n % unit !== 0 || (unit > 4 && n / unit < 3)) continue;
    if (cps.every((c, i) => c === cps[i % unit])) return true;
  }
  // Can the whole string be cut into uniform-step segments (step 0 or ±1) of length ≥ 2?
  const can = new Array<boolean>(n + 1).fill(false);
  can[0] = true;
  for (let start = 0; start < n; start++) {
    if (!can[start]) continue;
    for (const step of [0, 1, -1]) {
      let end = start + 1;
      while (end < n && cps[end] - cps[end - 1] === step) end++;
      for (let e = start + 2; e <= end; e++) can[e] = true;
    }
  }
  return can[n];
}

function mobileDigits(mobile: string): string {
  let d = mobile.normalize('NFKC').replace(/\D/g, '');
  if (d.length > 11 && d.startsWith('0086')) d = d.slice(4);
  else if (d.length > 11 && d.startsWith('86')) d = d.slice(2);
  return d;
}

function containsEither(folded: string, needle: string): boolean {
  return folded.includes(needle) || folded.includes(reverse(needle));
}

/** Positions of `folded` covered by any of the words (all occurrences). */
function coverage(folded: string, words: string[]): boolean[] {
  const cps = codePoints(folded);
  const covered = new Array<boolean>(cps.length).fill(false);
  for (const w of words) {
    const wl = codePoints(w).length;
    for (let i = 0; i + wl <= cps.length; i++) {
      if (cps.slice(i, i + wl).join('') === w) covered.fill(true, i, i + wl);
    }
  }
  return covered;
}

/**
 * "Mainly" context words: they cover half the password or more, or what is left once they are
 * removed has fewer than 3 letters (xianju@2024), is common (edu!qwerty1) or is a run (金点子123456).
 */
function isMainlyContext(folded: string, ctx: PasswordContext): boolean {
  const words = [...DEFAULT_CONTEXT_WORDS, ...(ctx.contextWords ?? []), ...(ctx.name ? [ctx.name] : [])]
    .map((w) => fold(w).trim())
    .filter((w) => codePoints(w).length >= 2);
  if (words.length === 0) return false;
  const cps = codePoints(folded);
  const covered = coverage(folded, words);
  const nCovered = covered.filter(Boolean).length;
  if (nCovered === 0) return false;
  if (nCovered * 2 >= cps.length) return true;
  const rest = cps.filter((_, i) => !covered[i]).join('');
  const restLetters = codePoints(rest.replace(/[^\p{L}]/gu, '')).length;
  return restLetters < 3 || isCommon(rest) || isRepetitive(rest);
}

function classCount(password: string): number {
  let upper = false;
  let lower = false;
  let digit = false;
  let other = false;
  for (const c of password) {
    if (/[\p{Lu}\p{Lt}]/u.test(c)) upper = true;
    else if (/\p{Ll}/u.test(c)) lower = true;
    else if (/\p{Nd}/u.test(c)) digit = true;
    else other = true; // symbols, spaces, CJK (Lo), emoji, marks
  }
  return Number(upper) + Number(lower) + Number(digit) + Number(other);
}

/** Checks a new password against the policy; every failed rule is reported, in a stable order. */
export function checkPassword(password: string, ctx: PasswordContext = {}): PasswordVerdict {
  const length = codePoints(password).length;
  // Past the maximum nothing else is worth computing (and the run check is quadratic).
  if (length > maxLength) return { ok: false, reasons: [reason('TOO_LONG')] };

  const reasons: PasswordReason[] = [];
  if (length < minLength) reasons.push(reason('TOO_SHORT'));
  if ((ctx.profile ?? 'mlps') === 'mlps' && classCount(password) < minClasses) reasons.push(reason('TOO_FEW_CLASSES'));

  const folded = fold(password);
  const username = ctx.username ? fold(ctx.username).trim() : '';
  if (username) {
    // A one- or two-character username is only refused as the whole password.
    const hit = codePoints(username).length >= 3 ? containsEither(folded, username) : folded === username || folded === reverse(username);
    if (hit) reasons.push(reason('CONTAINS_USERNAME'));
  }
  const mobile = ctx.mobile ? mobileDigits(ctx.mobile) : '';
  if (mobile.length >= 6) {
    const compact = folded.replace(/[\s\-.()+]/g, '');
    if (containsEither(folded, mobile) || containsEither(compact, mobile)) reasons.push(reason('CONTAINS_MOBILE'));
  }
  if (isCommon(folded)) reasons.push(reason('COMMON_PASSWORD'));
  if (isMainlyContext(folded, ctx)) reasons.push(reason('CONTEXT_WORD'));
  if (isRepetitive(folded)) reasons.push(reason('REPETITIVE'));
  return { ok: reasons.length === 0, reasons };
}

// Unambiguous when read aloud or off paper: no 0/O/o, 1/l/I/i; symbols easy to type on any keyboard.
const INITIAL_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghjkmnpqrstuvwxyz', '23456789', '!#$%&*+-=?@'] as const;
const INITIAL_ALPHABET = INITIAL_CLASSES.join('');
export const INITIAL_PASSWORD_LENGTH = 14;

/**
 * A random initial password: 14 characters drawn uniformly from the unambiguous alphabet, redrawn
 * whole until it has all four classes and passes `checkPassword` (so the result is uniform over
 * the passwords that qualify). Bytes are rejection-sampled: no modulo bias.
 */
export function generateInitialPassword(randomBytes: (n: number) => Buffer = cryptoRandomBytes): string {
  const size = INITIAL_ALPHABET.length;
  const limit = 256 - (256 % size); // bytes at or above this would favour the first characters
  for (let attempt = 0; attempt < 1000; attempt++) {
    let out = '';
    for (let chunk = 0; out.length < INITIAL_PASSWORD_LENGTH; chunk++) {
      if (chunk > 100) throw new Error('generateInitialPassword: the random source yields no usable bytes');
      for (const b of randomBytes(32)) {
        if (b >= limit) continue;
        out += INITIAL_ALPHABET[b % size];
        if (out.length === INITIAL_PASSWORD_LENGTH) break;
      }
    }
    const allClasses = INITIAL_CLASSES.every((cls) => [...out].some((c) => cls.includes(c)));
    if (allClasses && checkPassword(out).ok) return out;
  }
  throw new Error('generateInitialPassword: the random source keeps producing unusable passwords');
}
