// The crash checker itself (checklist row 46, U): it must flag a lost acknowledged write, and pass a
// history whose indeterminate writes are all-or-nothing.
import { describe, expect, it } from 'vitest';
import { checkHistory, CREATE_ACTION, UPDATE_ACTION, type Observed, type ObservedUnit, type Op, type UnitFields } from './history.ts';

const v = (code: string, n: number, over: Partial<UnitFields> = {}): UnitFields => ({
  code,
  name: `崩溃测试 ${code} v${n}`,
  type: '小学',
  sectorId: 1 + (n % 4),
  town: `安洲街道 ${n}`,
  contactName: n % 2 ? null : `联系人${n}`,
  contactPhone: n % 2 ? '0576-87771234' : '13800001111',
  ...over,
});

/** Client c1: K1 created and updated twice (acked), then a third update in flight at the kill;
 *  K2 created (acked); K3 created, in flight (indeterminate); client c2: K4 created (acked). */
function history(): Op[] {
  return [
    { kind: 'create', client: 'c1', code: 'K1', value: v('K1', 0), acked: true, id: 101 },
    { kind: 'create', client: 'c2', code: 'K4', value: v('K4', 0), acked: true, id: 102 },
    { kind: 'update', client: 'c1', code: 'K1', id: 101, value: v('K1', 1), acked: true },
    { kind: 'create', client: 'c1', code: 'K2', value: v('K2', 0), acked: true, id: 103 },
    { kind: 'update', client: 'c1', code: 'K1', id: 101, value: v('K1', 2), acked: true },
    { kind: 'update', client: 'c1', code: 'K1', id: 101, value: v('K1', 3), acked: false, outcome: 'fetch failed' },
    { kind: 'create', client: 'c2', code: 'K3', value: v('K3', 0), acked: false, outcome: 'fetch failed' },
  ];
}

const unit = (id: number, f: UnitFields): ObservedUnit => ({ id, active: true, ...f });

function observed(over: Partial<Observed> = {}): Observed {
  return {
    units: [unit(1, v('DEMO1', 0)), unit(101, v('K1', 2)), unit(102, v('K4', 0)), unit(103, v('K2', 0))],
    unitAudit: [
      { action: CREATE_ACTION, targetId: '101' },
      { action: CREATE_ACTION, targetId: '102' },
      { action: UPDATE_ACTION, targetId: '101' },
      { action: CREATE_ACTION, targetId: '103' },
      { action: UPDATE_ACTION, targetId: '101' },
    ],
    integrityCheck: ['ok'],
    foreignKeyViolations: [],
    auditVerify: { exitCode: 0, output: 'audit chain intact' },
    codePrefix: 'K',
    ...over,
  };
}

describe('crash history checker', () => {
  it('passes a history whose indeterminate writes were lost whole', () => {
    const r = checkHistory(history(), observed());
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.stats).toMatchObject({ creates: 4, createsAcked: 3, createsIndeterminateAbsent: 1, updates: 3, updatesAcked: 2 });
  });

  it('passes a history whose indeterminate writes were applied whole (with their audit records)', () => {
    const o = observed();
    o.units[1] = unit(101, v('K1', 3));
    o.units.push(unit(104, v('K3', 0)));
    o.unitAudit.push({ action: UPDATE_ACTION, targetId: '101' }, { action: CREATE_ACTION, targetId: '104' });
    const r = checkHistory(history(), o);
    expect(r.problems).toEqual([]);
    expect(r.stats).toMatchObject({ createsIndeterminateApplied: 1, unitsFinalFromIndeterminate: 2 });
  });

  it('flags one lost acknowledged update (the unit holds the version before it)', () => {
    const o = observed();
    o.units[1] = unit(101, v('K1', 1));
    o.unitAudit.pop();
    const r = checkHistory(history(), o);
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^LOST acknowledged update #2 of K1 \(id 101\): name: want "崩溃测试 K1 v2", got "崩溃测试 K1 v1"/);
  });

  it('flags one lost acknowledged create, and a field that is not byte-identical', () => {
    const lost = observed();
    lost.units = lost.units.filter((u) => u.code !== 'K4');
    lost.unitAudit = lost.unitAudit.filter((a) => a.targetId !== '102');
    expect(checkHistory(history(), lost).problems).toEqual(['LOST acknowledged create of K4 (id 102): the unit is gone after the restart']);

    const changed = observed();
    changed.units[3] = unit(103, v('K2', 0, { town: '安洲街道 0 ' }));
    expect(checkHistory(history(), changed).problems).toEqual(['LOST acknowledged create of K2 (id 103): town: want "安洲街道 0", got "安洲街道 0 "']);
  });

  it('flags half-applied writes: a unit without its audit record, an audit record without its unit', () => {
    const noAudit = observed();
    noAudit.units.push(unit(104, v('K3', 0)));
    expect(checkHistory(history(), noAudit).problems).toEqual(['unit K3 (id 104, create unacknowledged) has 0 creation audit record(s), want exactly 1']);

    const noUnit = observed();
    noUnit.unitAudit.push({ action: CREATE_ACTION, targetId: '104' });
    expect(checkHistory(history(), noUnit).problems).toEqual(['1 creation audit record(s) for unit id 104, which does not exist (a half-applied create)']);

    const updateNoAudit = observed();
    updateNoAudit.units[1] = unit(101, v('K1', 3));
    expect(checkHistory(history(), updateNoAudit).problems).toEqual(['unit K1 (id 101) has 2 update audit record(s); want between 3 and 3']);
  });

  it('flags phantoms and an unsound database', () => {
    const o = observed({ integrityCheck: ['row 3 missing from index units_sector_idx'], foreignKeyViolations: [{ table: 'users' }], auditVerify: { exitCode: 1, output: 'seq 7 was altered' } });
    o.units.push(unit(200, v('K9', 0)));
    const r = checkHistory(history(), o);
    expect(r.problems).toEqual([
      'PRAGMA integrity_check: row 3 missing from index units_sector_idx',
      'PRAGMA foreign_key_check: 1 violation(s): [{"table":"users"}]',
      'audit verify exited 1: seq 7 was altered',
      'unit K9 (id 200) exists, but no client created it',
    ]);
  });
});
