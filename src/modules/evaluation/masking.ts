// Blind reading (issue 5 item 3, checklist row 35): names of units and people written INSIDE an idea's
// title, text and attachments' text are replaced by neutral placeholders before a judge sees them,
// using the organisation's own lists (units, user accounts, the idea's own authors and contact).
// Pure: the service loads the lists and calls buildMasker once per request.
//
// What is masked
//   - 〔单位〕: every unit's full name and the short forms below;
//   - 〔姓名〕: every person name given (users' names, the idea's authors and contact person, the
//     units' contact persons) of at least 2 characters;
//   - 〔电话〕: anything that looks like a mainland mobile (1[3-9] + 9 digits, half- or full-width,
//     optionally with spaces or hyphens between digits); 〔邮箱〕: e-mail addresses;
//   - 〔号码〕: any run of 12 or more digits (an ID card with its final X, a student or bank number,
//     two phones written together): identifiers, never needed to judge an idea.
// Matching is leftmost-longest (src/shared/aho-corasick.ts), so "仙居县横溪镇中心小学" is masked whole,
// not as "仙居县" + a school.
//
// Short forms of a unit's name (the rule; documented in the tests with the sample unit list):
//   1. the full name N, always;
//   2. N without the organisation's place prefix: a leading "<1–4 Han>县/市/区" is cut
//      ("仙居县横溪镇中心小学" → "横溪镇中心小学"), kept when at least 4 characters and not a bare type
//      word (e.g. "特殊教育学校", "初级中学"; "实验小学", "第二小学" name one school and are kept);
//   3. the core: form 2 without its type suffix (the longest of TYPE_SUFFIXES: 九年一贯制学校, 初级中学,
//      高级中学, 中心小学, 小学, 中学, 幼儿园, 学校 …) — "仙居县城峰中学" → "城峰"; none for institutions
//      ending in 中心/学院/研究院, whose cores are ordinary phrases ("教师发展", "教育技术");
//   4. form 2 with the town marker dropped: "横溪镇中心小学" → "横溪中心小学" (镇/乡 after 2 Han chars);
//   5. form 3 with the town marker dropped ("横溪镇" → "横溪") likewise.
//   Short forms 3–5 are used only when UNAMBIGUOUS: derived from exactly one unit, and not equal to any
//   unit's full name of another unit; a core must have ≥ 2 Han characters and must not be generic
//   (实验, 第二, 中心, 机关, 城关-style words listed in GENERIC_CORES, 第N…) nor the place prefix itself
//   ("仙居", "仙居县": the county names every unit shares, which identify nobody).
//   A unit whose name starts with a town ("横溪镇…") also claims the town's name and root ("横溪镇",
//   "横溪") for this count, so a town shared by several units is never a short form; a town name is
//   masked only when exactly one unit of the list derives from it.
// Not masked (known limits): names split by spaces or punctuation ("王 浩 然"), nicknames, pinyin,
// one-character names, and text inside images (images are not shown as text).
import { AhoCorasick } from '../../shared/aho-corasick.ts';

export const UNIT_PLACEHOLDER = '〔单位〕';
export const PERSON_PLACEHOLDER = '〔姓名〕';
export const PHONE_PLACEHOLDER = '〔电话〕';
export const EMAIL_PLACEHOLDER = '〔邮箱〕';
export const NUMBER_PLACEHOLDER = '〔号码〕';

/** Type suffixes of unit names, longest first (the first that ends the name is cut). */
export const TYPE_SUFFIXES = [
  '成人文化技术学校',
  '九年一贯制学校',
  '特殊教育学校',
  '职业技术学校',
  '中心幼儿园',
  '实验幼儿园',
  '初级中学',
  '高级中学',
  '中心小学',
  '实验小学',
  '实验中学',
  '第二小学',
  '职业中专',
  '幼儿园',
  '研究院',
  '小学',
  '中学',
  '学校',
  '中心',
  '学院',
  '中专',
] as const;

/** Cores that name a kind of school, not one school. */
export const GENERIC_CORES = new Set([
  '实验', '第二实验', '中心', '机关', '城关', '职业', '外国语', '特殊教育', '教育', '成人', '成人文化技术',
  '城东', '城西', '城南', '城北', '东门', '新城', '中小学', '中等', '高级', '初级', '县', '市', '区',
]);

/** Suffixes that are a kind of unit, not a unit: a prefix-less name equal to one is not masked alone. */
const BARE_TYPE_WORDS: ReadonlySet<string> = new Set(TYPE_SUFFIXES.filter((s) => !/^(实验|第)/.test(s)));

const HAN = /\p{Script=Han}/u;
const PLACE_PREFIX = /^(\p{Script=Han}{1,4}?[县市区])(?=\p{Script=Han}{2,})/u;
const TOWN_MARK = /^(\p{Script=Han}{2})[镇乡](?=\p{Script=Han})/u;

function hanCount(s: string): number {
  let n = 0;
  for (const ch of s) if (HAN.test(ch)) n++;
  return n;
}

function stripSuffix(s: string): string {
  for (const suf of TYPE_SUFFIXES) if (s.length > suf.length && s.endsWith(suf)) return s.slice(0, -suf.length);
  return s;
}

function dropTown(s: string): string | null {
  const m = TOWN_MARK.exec(s);
  return m ? m[1] + s.slice(m[0].length) : null;
}

function isGenericCore(core: string, places: ReadonlySet<string>): boolean {
  return (
    hanCount(core) < 2 ||
    GENERIC_CORES.has(core) ||
    /^第[一二三四五六七八九十\d]+/.test(core) ||
    places.has(core) ||
    (TYPE_SUFFIXES as readonly string[]).includes(core)
  );
}

/**
 * The forms under which each unit is masked: full names and prefix-less names always, short forms
 * only when unambiguous (see the header). Returns form → unit indexes that produced it.
 */
export function unitNameForms(unitNames: readonly string[]): Map<string, number[]> {
  const names = unitNames.map((n) => n.normalize('NFKC').trim());
  // Place prefixes the organisation shares ("仙居县") and their bare form ("仙居"): never masked alone.
  const places = new Set<string>();
  for (const n of names) {
    const m = PLACE_PREFIX.exec(n);
    if (m) {
      places.add(m[1]);
      places.add(m[1].slice(0, -1));
    }
  }
  const sure = new Map<string, Set<number>>();
  const short = new Map<string, Set<number>>();
  const add = (map: Map<string, Set<number>>, form: string, i: number) => {
    if (!form) return;
    let s = map.get(form);
    if (!s) map.set(form, (s = new Set()));
    s.add(i);
  };
  names.forEach((n, i) => {
    if (hanCount(n) < 2 && n.length < 3) return;
    add(sure, n, i);
    const m = PLACE_PREFIX.exec(n);
    const rest = m ? n.slice(m[0].length) : n;
    if (rest !== n && rest.length >= 4 && !BARE_TYPE_WORDS.has(rest) && !places.has(rest)) add(sure, rest, i);
    // Institutions (…中心, …学院, …研究院) have descriptive cores ("教师发展", "教育技术") that are
    // ordinary phrases of any idea: no core for them.
    const core = /(中心|学院|研究院)$/.test(rest) ? rest : stripSuffix(rest);
    const candidates = [core, dropTown(rest), dropTown(core)];
    // A unit in a town (横溪镇…) also claims the town's name and root, so that a short form equal to
    // them ("横溪" of 横溪中学) counts as ambiguous: the town has other units.
    const town = TOWN_MARK.exec(rest);
    if (town) candidates.push(town[1], town[0]);
    for (const c of candidates) {
      if (c && c !== rest && c !== n && !isGenericCore(c, places)) add(short, c, i);
    }
  });
  const out = new Map<string, number[]>();
  for (const [form, ids] of sure) out.set(form, [...ids]);
  for (const [form, ids] of short) {
    if (ids.size !== 1 || sure.has(form)) continue;
    out.set(form, [...ids]);
  }
  return out;
}

/** Person names worth masking: trimmed, NFKC, at least 2 characters, de-duplicated. */
export function personNameForms(names: readonly (string | null | undefined)[]): string[] {
  const set = new Set<string>();
  for (const raw of names) {
    const n = (raw ?? '').normalize('NFKC').trim();
    if ([...n].length >= 2) set.add(n);
  }
  return [...set];
}

export interface MaskLists {
  /** Full names of the organisation's units (all of them, active or not). */
  unitNames: readonly string[];
  /** Names of people: user accounts, the idea's authors and contact, units' contact persons. */
  personNames: readonly (string | null | undefined)[];
}

export interface Masker {
  mask(text: string): string;
  /** The forms in use (for tests and the admin's explanation). */
  unitForms: string[];
  personForms: string[];
}

const DIGIT = '[0-9０-９]';
const PHONE_RE = new RegExp(`(?<![0-9０-９])[1１][3-9３-９](?:[\\s\\-－]?${DIGIT}){9}(?![0-9０-９])`, 'gu');
const EMAIL_RE = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/g;
const LONG_NUMBER_RE = /(?<![0-9０-９])[0-9０-９]{12,}[XxＸｘ]?(?![0-9０-９])/gu;

/** Phones, long identifying numbers and e-mail only: what a judge never gets, blind round or not. */
export function maskContacts(text: string): string {
  return text.replace(PHONE_RE, PHONE_PLACEHOLDER).replace(LONG_NUMBER_RE, NUMBER_PLACEHOLDER).replace(EMAIL_RE, EMAIL_PLACEHOLDER);
}

export function buildMasker(lists: MaskLists): Masker {
  const unitForms = [...unitNameForms(lists.unitNames).keys()];
  const personForms = personNameForms(lists.personNames).filter((p) => !unitForms.includes(p));
  const patterns = [...unitForms, ...personForms];
  const ac = new AhoCorasick(patterns);
  const units = unitForms.length;
  return {
    unitForms,
    personForms,
    mask(text: string): string {
      const named = ac.replaceAll(text, (m) => (m.pattern < units ? UNIT_PLACEHOLDER : PERSON_PLACEHOLDER));
      return maskContacts(named);
    },
  };
}
