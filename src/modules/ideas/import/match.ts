// Which unit wrote a Word file: `unitAsWritten` against the unit list (pure).
// exact: the name as written is a unit's name; likely: one unit after normalising (white space,
// full-width forms, 浙江省/台州市/仙居县 prefixes, （公章） marks) or by containment; none: no unit,
// or several candidates (the bureau chooses).

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export interface UnitMatch {
  confidence: 'exact' | 'likely' | 'none';
  unit?: UnitRef;
  candidates: UnitRef[];
}

export function normaliseUnitName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[(（][^()（）]*(公章|盖章|章)[)）]/g, '')
    .replace(/^(浙江省)?(台州市)?(仙居县)?/, '')
    .replace(/[“”"'‘’·.]/g, '');
}

export function matchUnit(asWritten: string, units: UnitRef[]): UnitMatch {
  const raw = asWritten.trim();
  if (!raw) return { confidence: 'none', candidates: [] };
  const exact = units.filter((u) => u.name === raw);
  if (exact.length === 1) return { confidence: 'exact', unit: exact[0], candidates: [] };
  const n = normaliseUnitName(raw);
  if (!n) return { confidence: 'none', candidates: [] };
  const same = units.filter((u) => normaliseUnitName(u.name) === n);
  if (same.length === 1) return { confidence: 'likely', unit: same[0], candidates: same };
  const contained = units.filter((u) => {
    const un = normaliseUnitName(u.name);
    return un.length >= 2 && (un.includes(n) || n.includes(un));
  });
  if (contained.length === 1) return { confidence: 'likely', unit: contained[0], candidates: contained };
  return { confidence: 'none', candidates: (same.length ? same : contained).slice(0, 10) };
}
