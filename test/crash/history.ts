// The crash harness's checker (checklist row 46), pure: given what clients did (with, for each
// request, whether a 2xx came back) and what the database holds after a SIGKILL and a restart, lists
// every violation. A Jepsen-style register check per unit, made simple by the workload: every unit
// has one client that creates it under a client-chosen code and then updates it one request at a
// time, always sending every field, so the unit's final state must be exactly one of the versions
// that client wrote:
//   - an acknowledged write is never lost: the final state is the last acknowledged version, or a
//     version written after it whose answer never came (indeterminate);
//   - an unacknowledged write is all-or-nothing: a unit exists with its one creation audit record, or
//     not at all; an applied update has its audit record;
//   - no phantom: every unit and every unit-creation audit record traces back to a create request;
//   - the database itself is sound (integrity_check, foreign_key_check, audit chain).

/** Every field a client sets on a unit, as sent and as it must be read back, byte for byte. */
export interface UnitFields {
  code: string;
  name: string;
  type: string;
  sectorId: number;
  town: string;
  contactName: string | null;
  contactPhone: string | null;
}

export const UNIT_FIELDS: readonly (keyof UnitFields)[] = ['code', 'name', 'type', 'sectorId', 'town', 'contactName', 'contactPhone'];

export interface CreateOp {
  kind: 'create';
  client: string;
  /** The client-chosen unique code that identifies the unit across the crash. */
  code: string;
  value: UnitFields;
  /** A 2xx was received. */
  acked: boolean;
  /** The id in the acknowledgement (acked only). */
  id?: number;
  /** What came back instead of a 2xx (status or error), for the report. */
  outcome?: string;
}

export interface UpdateOp {
  kind: 'update';
  client: string;
  code: string;
  id: number;
  value: UnitFields;
  acked: boolean;
  outcome?: string;
}

export type Op = CreateOp | UpdateOp;

/** A unit row as read after the restart. */
export interface ObservedUnit extends UnitFields {
  id: number;
  active: boolean;
}

/** A success audit record about a unit. */
export interface ObservedAudit {
  action: string;
  targetId: string | null;
}

export interface Observed {
  /** Every unit in the database (the checker ignores those no op names, except for audit matching). */
  units: ObservedUnit[];
  /** Every success audit record whose target type is `unit`. */
  unitAudit: ObservedAudit[];
  /** SQLite `PRAGMA integrity_check` rows (["ok"] when sound); null on PostgreSQL. */
  integrityCheck: string[] | null;
  /** SQLite `PRAGMA foreign_key_check` rows (empty when sound); null on PostgreSQL. */
  foreignKeyViolations: unknown[] | null;
  /** Exit code of `jindianzi audit verify`, and what it printed. */
  auditVerify: { exitCode: number | null; output: string };
  /** Codes the harness uses start with this: a unit with such a code that no op created is a phantom. */
  codePrefix?: string;
}

export interface Verdict {
  ok: boolean;
  problems: string[];
  stats: {
    creates: number;
    createsAcked: number;
    createsIndeterminateApplied: number;
    createsIndeterminateAbsent: number;
    updates: number;
    updatesAcked: number;
    unitsFinalFromIndeterminate: number;
  };
}

export const CREATE_ACTION = 'org.units.create';
export const UPDATE_ACTION = 'org.units.update';

function sameFields(a: UnitFields, b: UnitFields): boolean {
  return UNIT_FIELDS.every((f) => a[f] === b[f]);
}

function describeDiff(want: UnitFields, got: UnitFields): string {
  return UNIT_FIELDS.filter((f) => want[f] !== got[f])
    .map((f) => `${f}: want ${JSON.stringify(want[f])}, got ${JSON.stringify(got[f])}`)
    .join('; ');
}

export function checkHistory(history: readonly Op[], observed: Observed): Verdict {
  const problems: string[] = [];
  const stats: Verdict['stats'] = {
    creates: 0,
    createsAcked: 0,
    createsIndeterminateApplied: 0,
    createsIndeterminateAbsent: 0,
    updates: 0,
    updatesAcked: 0,
    unitsFinalFromIndeterminate: 0,
  };

  // ---- the database itself ----
  if (observed.integrityCheck && !(observed.integrityCheck.length === 1 && observed.integrityCheck[0] === 'ok')) {
    problems.push(`PRAGMA integrity_check: ${observed.integrityCheck.join('; ')}`);
  }
  if (observed.foreignKeyViolations && observed.foreignKeyViolations.length) {
    problems.push(`PRAGMA foreign_key_check: ${observed.foreignKeyViolations.length} violation(s): ${JSON.stringify(observed.foreignKeyViolations.slice(0, 5))}`);
  }
  if (observed.auditVerify.exitCode !== 0) {
    problems.push(`audit verify exited ${observed.auditVerify.exitCode}: ${observed.auditVerify.output.trim().slice(0, 500)}`);
  }

  // ---- the ops, per unit (code) ----
  const opsByCode = new Map<string, Op[]>();
  for (const op of history) {
    const list = opsByCode.get(op.code) ?? [];
    list.push(op);
    opsByCode.set(op.code, list);
  }
  const unitsByCode = new Map(observed.units.map((u) => [u.code, u]));
  const unitsById = new Map(observed.units.map((u) => [String(u.id), u]));
  const createAudit = new Map<string, number>();
  const updateAudit = new Map<string, number>();
  for (const a of observed.unitAudit) {
    const key = String(a.targetId);
    if (a.action === CREATE_ACTION) createAudit.set(key, (createAudit.get(key) ?? 0) + 1);
    if (a.action === UPDATE_ACTION) updateAudit.set(key, (updateAudit.get(key) ?? 0) + 1);
  }

  for (const [code, ops] of opsByCode) {
    const create = ops[0];
    if (create.kind !== 'create' || ops.slice(1).some((o) => o.kind !== 'create' && o.client !== create.client)) {
      problems.push(`history for ${code} is malformed (must start with its create, one client per unit)`);
      continue;
    }
    if (ops.slice(1).some((o) => o.kind === 'create')) {
      problems.push(`history for ${code} has more than one create (codes must be unique)`);
      continue;
    }
    const updates = ops.slice(1) as UpdateOp[];
    stats.creates++;
    stats.updates += updates.length;
    stats.updatesAcked += updates.filter((u) => u.acked).length;
    if (create.acked) stats.createsAcked++;
    if (!create.acked && updates.length) {
      problems.push(`history for ${code} updates a unit whose create was never acknowledged`);
      continue;
    }

    const unit = unitsByCode.get(code);
    if (!unit) {
      if (create.acked) problems.push(`LOST acknowledged create of ${code} (id ${create.id}): the unit is gone after the restart`);
      else stats.createsIndeterminateAbsent++;
      continue;
    }
    if (!create.acked) stats.createsIndeterminateApplied++;
    if (create.acked && create.id !== undefined && unit.id !== create.id) {
      problems.push(`acknowledged create of ${code} answered id ${create.id}, the database has id ${unit.id}`);
    }
    if (!unit.active) problems.push(`unit ${code} (id ${unit.id}) is inactive, but no client deactivated it`);

    // Atomic: the unit exists, so its creation was audited, exactly once.
    const creates = createAudit.get(String(unit.id)) ?? 0;
    if (creates !== 1) {
      problems.push(`unit ${code} (id ${unit.id}, create ${create.acked ? 'acknowledged' : 'unacknowledged'}) has ${creates} creation audit record(s), want exactly 1`);
    }

    // The register: which versions may the unit hold now?
    const lastAcked = ops.map((o, i) => (o.acked ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    const allowedFrom = lastAcked === -1 ? 0 : lastAcked;
    const allowed = ops.slice(allowedFrom).filter((o, i) => i === 0 || !o.acked);
    const match = allowed.find((o) => sameFields(o.value, unit));
    if (!match) {
      const want = ops[allowedFrom];
      if (lastAcked >= 0) {
        const which = want.kind === 'create' ? 'create' : `update #${ops.indexOf(want)}`;
        problems.push(
          `LOST acknowledged ${which} of ${code} (id ${unit.id}): ${describeDiff(want.value, unit)}` +
            (allowed.length > 1 ? ` (and it matches none of the ${allowed.length - 1} later unacknowledged update(s) either)` : ''),
        );
      } else {
        problems.push(`unit ${code} (id ${unit.id}) holds a state no client wrote: ${describeDiff(create.value, unit)}`);
      }
      continue;
    }
    const matchIndex = ops.indexOf(match);
    if (!match.acked) stats.unitsFinalFromIndeterminate++;

    // Updates are audited in their own transactions: at least every acknowledged one, plus the
    // indeterminate one whose state we see; never more than were sent.
    const audited = updateAudit.get(String(unit.id)) ?? 0;
    const ackedUpdates = updates.filter((u) => u.acked).length;
    const min = ackedUpdates + (matchIndex > lastAcked && match.kind === 'update' ? 1 : 0);
    if (audited < min || audited > updates.length) {
      problems.push(`unit ${code} (id ${unit.id}) has ${audited} update audit record(s); want between ${min} and ${updates.length}`);
    }
  }

  // ---- no phantoms ----
  const knownCodes = new Set(opsByCode.keys());
  for (const [targetId, n] of createAudit) {
    const unit = unitsById.get(targetId);
    if (!unit) problems.push(`${n} creation audit record(s) for unit id ${targetId}, which does not exist (a half-applied create)`);
    else if (!knownCodes.has(unit.code)) problems.push(`creation audit record for unit ${unit.code} (id ${targetId}), which no client created`);
  }
  if (observed.codePrefix) {
    for (const u of observed.units) {
      if (u.code.startsWith(observed.codePrefix) && !knownCodes.has(u.code)) problems.push(`unit ${u.code} (id ${u.id}) exists, but no client created it`);
    }
  }
  for (const [targetId] of updateAudit) {
    if (!unitsById.has(targetId)) problems.push(`update audit record(s) for unit id ${targetId}, which does not exist`);
  }

  return { ok: problems.length === 0, problems, stats };
}
