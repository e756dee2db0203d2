import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SECTORS, UNIT_TYPES } from '../../shared/roles.ts';
import { isMobile } from '../../shared/text.ts';
import { validateUnitRows } from '../org/import/units-import.ts';
import { CAMPAIGN_TITLE_2017, DEMO_TEACHERS, DEMO_UNITS, demoCampaign2017, demoCampaignForYear, phaseAt, type DemoCampaign } from './demo-data.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const UNITS_CSV = path.resolve(REPO_ROOT, '../shared/data/units.csv');
const hasSharedData = existsSync(UNITS_CSV);
if (!hasSharedData && process.env.CI) {
  describe('shared test data', () => {
    it('is present in CI', () => {
      expect.fail(`${UNITS_CSV} is missing; CI must provide ../shared/data`);
    });
  });
} else if (!hasSharedData) {
  console.warn(`[demo-data] skipping the comparison with units.csv: ${UNITS_CSV} not found`);
}

const TOWNS: Record<string, string[]> = {
  城区板块: ['安洲街道', '福应街道', '南峰街道'],
  中部板块: ['白塔镇', '田市镇', '官路镇', '大战乡', '广度乡'],
  东部板块: ['下各镇', '朱溪镇', '安岭乡', '双庙乡'],
  西部板块: ['横溪镇', '埠头镇', '步路乡', '上张乡', '湫山乡', '溪港乡', '皤滩乡', '淡竹乡'],
};

function expectOrdered(c: DemoCampaign) {
  for (const p of c.phases) expect(p.startsAt < p.endsAt).toBe(true);
  for (let i = 1; i < c.phases.length; i++) expect(Date.parse(c.phases[i].startsAt) - Date.parse(c.phases[i - 1].endsAt)).toBe(1);
  const [first, last] = [c.phases[0], c.phases[c.phases.length - 1]];
  for (const d of c.deadlines) expect(d.dueAt >= first.startsAt && d.dueAt <= last.endsAt).toBe(true);
}

describe('DEMO_UNITS', () => {
  it('has 90 units with unique codes DEMO001–DEMO090 and unique names', () => {
    expect(DEMO_UNITS).toHaveLength(90);
    expect(DEMO_UNITS.map((u) => u.code)).toEqual(Array.from({ length: 90 }, (_, i) => `DEMO${String(i + 1).padStart(3, '0')}`));
    expect(new Set(DEMO_UNITS.map((u) => u.name)).size).toBe(90);
  });

  it('uses every sector (35/22/20/13), valid types including all eight, and towns of their sector', () => {
    const count = (s: string) => DEMO_UNITS.filter((u) => u.sector === s).length;
    expect(SECTORS.map((s) => count(s.name))).toEqual([35, 22, 20, 13]);
    for (const u of DEMO_UNITS) {
      expect(UNIT_TYPES).toContain(u.type);
      expect(TOWNS[u.sector]).toContain(u.town);
      expect(u.contactName).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(u.contactPhone).toMatch(/^1380000\d{4}$/);
    }
    expect(new Set(DEMO_UNITS.map((u) => u.type))).toEqual(new Set(UNIT_TYPES));
    expect(DEMO_UNITS[0].type).toBe('小学'); // the demo unit admin and member belong to a school
  });

  it('passes the unit import rules', () => {
    const sectors = SECTORS.map((s, i) => ({ id: i + 1, code: s.code, name: s.name }));
    const sheet = {
      header: ['代码', '名称', '类型', '板块', '乡镇', '联系人', '联系电话'],
      rows: DEMO_UNITS.map((u, i) => ({ rowNumber: i + 2, cells: [u.code, u.name, u.type, u.sector, u.town, u.contactName, u.contactPhone] })),
    };
    expect(validateUnitRows(sheet, { sectors, existingUnitCodes: new Set() }).ok).toBe(true);
  });

  it('has teachers in existing demo units with fake mobiles', () => {
    expect(DEMO_TEACHERS.length).toBeGreaterThan(2);
    for (const t of DEMO_TEACHERS) {
      expect(DEMO_UNITS.some((u) => u.code === t.unitCode)).toBe(true);
      expect(isMobile(t.mobile) && t.mobile.startsWith('1380000')).toBe(true);
    }
  });

  (hasSharedData ? it : it.skip)('shares no unit name with the sample list in ../shared/data/units.csv', () => {
    const sample = new Set(readFileSync(UNITS_CSV, 'utf8').split('\n').slice(1).map((l) => l.split(',')[1]));
    expect(DEMO_UNITS.filter((u) => sample.has(u.name)).map((u) => u.name)).toEqual([]);
  });
});

describe('demoCampaign2017', () => {
  const c = demoCampaign2017();

  it('is the campaign of the notice', () => {
    expect(c.title).toBe(CAMPAIGN_TITLE_2017);
    expect(c.title).toBe('教育“解放思想 赶超发展”大讨论活动');
    expect(c.theme).toBe('教育赶超发展');
    expect(c.goals).toContain('创建教育现代化县');
    expect(c.topics).toEqual(['投融资渠道创新', '城乡教育均衡发展', '教师队伍建设', '教学质量提升', '校园文化打造', '课堂教学改革']);
  });

  it('has the three phases and two deadlines in Asia/Shanghai days', () => {
    expect(c.phases.map((p) => [p.name, p.startsAt, p.endsAt])).toEqual([
      ['学习宣传·调查研究', '2017-08-31T16:00:00.000Z', '2017-09-10T15:59:59.999Z'],
      ['梳理短板·讨论汇总', '2017-09-10T16:00:00.000Z', '2017-09-30T15:59:59.999Z'],
      ['整改问题·总结提升', '2017-09-30T16:00:00.000Z', '2017-10-20T15:59:59.999Z'],
    ]);
    expect(c.deadlines.map((d) => [d.kind, d.name, d.dueAt])).toEqual([
      ['archive', '讨论材料归档', '2017-10-05T15:59:59.999Z'],
      ['ideas', '金点子报送', '2017-10-20T15:59:59.999Z'],
    ]);
    expectOrdered(c);
    expect(phaseAt(c, new Date('2017-09-06T02:00:00Z'))?.key).toBe('study'); // the notice's own date
  });
});

describe('demoCampaignForYear', () => {
  it('keeps the natural dates without `now` or when `now` falls inside them', () => {
    const c = demoCampaignForYear(2030);
    expect(c.title).toBe(`2030年${CAMPAIGN_TITLE_2017}`);
    expect(c.phases[0].startsAt).toBe('2030-08-31T16:00:00.000Z');
    const inside = demoCampaignForYear(2030, new Date('2030-10-19T20:00:00Z')); // 10-20 04:00 in Shanghai
    expect(inside.phases).toEqual(c.phases);
    expect(phaseAt(inside, new Date('2030-10-19T20:00:00Z'))?.key).toBe('rectify');
  });

  it('places the phases around any other `now`, with both deadlines ahead', () => {
    for (const iso of ['2025-01-01T00:00:00Z', '2025-06-15T15:59:59Z', '2025-12-31T16:30:00Z', '2024-02-29T12:00:00Z']) {
      const now = new Date(iso);
      const c = demoCampaignForYear(now.getUTCFullYear(), now);
      expectOrdered(c);
      expect(phaseAt(c, now)?.key).toBe('discuss');
      for (const d of c.deadlines) expect(Date.parse(d.dueAt)).toBeGreaterThan(now.getTime());
      for (const p of c.phases) expect(new Date(Date.parse(p.startsAt) + 8 * 3_600_000).toISOString().slice(11)).toBe('00:00:00.000Z');
    }
  });
});
