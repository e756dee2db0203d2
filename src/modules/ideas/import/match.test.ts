import { describe, expect, it } from 'vitest';
import { matchUnit, normaliseUnitName } from './match.ts';

const units = [
  { id: 1, code: 'XJ001', name: '仙居县城关第二小学' },
  { id: 2, code: 'XJ002', name: '仙居县白塔镇中心小学' },
  { id: 3, code: 'XJ003', name: '仙居县白塔镇中心幼儿园' },
  { id: 4, code: 'XJ004', name: '仙居县教师发展中心' },
];

describe('matchUnit', () => {
  it('exact name', () => {
    expect(matchUnit('仙居县城关第二小学', units)).toEqual({ confidence: 'exact', unit: units[0], candidates: [] });
  });
  it('likely after normalising: spaces, seal mark, county prefix missing or added', () => {
    expect(normaliseUnitName(' 仙居县 城关第二小学（公章）')).toBe('城关第二小学');
    expect(matchUnit('城关第二小学（盖章）', units)).toMatchObject({ confidence: 'likely', unit: units[0] });
    expect(matchUnit('浙江省台州市仙居县教师发展中心', units)).toMatchObject({ confidence: 'likely', unit: units[3] });
  });
  it('likely by containment when one unit fits', () => {
    expect(matchUnit('城关二小', units).confidence).toBe('none');
    expect(matchUnit('白塔镇中心小学语文组', units)).toMatchObject({ confidence: 'likely', unit: units[1] });
  });
  it('none with candidates when several fit, none without', () => {
    const m = matchUnit('白塔镇中心', units);
    expect(m.confidence).toBe('none');
    expect(m.candidates.map((u) => u.id)).toEqual([2, 3]);
    expect(matchUnit('', units)).toEqual({ confidence: 'none', candidates: [] });
    expect(matchUnit('某某公司', units)).toEqual({ confidence: 'none', candidates: [] });
  });
});
