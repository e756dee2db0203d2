// Model-based test of the golden idea's state machine (checklist row 16 "F"): a tiny reference model,
// written here from the workflow (item 4) independently of ideas.states.ts, and random walks
// over actions × standings. checkMove must allow exactly the moves the model allows, and a sealed idea
// must never become editable except through the bureau sending it back.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkMove, COUNTED, IDEA_STATUSES, MOVES, SEALED, type IdeaAction, type IdeaStatus, type Standing } from './ideas.states.ts';

const ACTIONS = Object.keys(MOVES) as IdeaAction[];

type Outcome = { ok: true; to: IdeaStatus } | { ok: false; reason: 'forbidden' | 'state' };

/** The workflow as the issue tells it, one rule per line. */
function model(action: IdeaAction, s: IdeaStatus, who: Standing): Outcome {
  const no = (reason: 'forbidden' | 'state'): Outcome => ({ ok: false, reason });
  const to = (t: IdeaStatus): Outcome => ({ ok: true, to: t });
  switch (action) {
    // The author writes while the idea is a draft or came back for correction; edits keep the state.
    case 'edit':
      if (!who.author) return no('forbidden');
      return s === 'draft' || s === 'returned' ? to(s) : no('state');
    // Only a draft that was never sent can be thrown away.
    case 'delete':
      if (!who.author) return no('forbidden');
      return s === 'draft' ? to('draft') : no('state');
    case 'send':
      if (!who.author) return no('forbidden');
      return s === 'draft' || s === 'returned' ? to('sent') : no('state');
    // The unit admin approves what was sent; its own ideas it may approve without sending.
    case 'approve':
      if (!who.unitAdmin) return no('forbidden');
      if (s === 'sent') return to('approved');
      return (s === 'draft' || s === 'returned') && who.author ? to('approved') : no('state');
    case 'return':
      if (!who.unitAdmin) return no('forbidden');
      return s === 'sent' || s === 'approved' ? to('returned') : no('state');
    case 'seal':
      if (!who.unitAdmin) return no('forbidden');
      return s === 'approved' ? to('submitted') : no('state');
    case 'receive':
      if (!who.bureau) return no('forbidden');
      return s === 'submitted' ? to('received') : no('state');
    case 'bureau-return':
      if (!who.bureau) return no('forbidden');
      return s === 'submitted' || s === 'received' ? to('returned') : no('state');
  }
}

const standingArb = fc.record({ author: fc.boolean(), unitAdmin: fc.boolean(), bureau: fc.boolean() });
const stepArb = fc.record({ action: fc.constantFrom(...ACTIONS), standing: standingArb });
const ALL_STANDINGS: Standing[] = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => ({ author: !!(n & 1), unitAdmin: !!(n & 2), bureau: !!(n & 4) }));
const editable = (s: IdeaStatus) => ALL_STANDINGS.some((w) => checkMove('edit', s, w).ok);

describe('the golden idea state machine against a reference model', () => {
  it('checkMove agrees with the model on every action × state × standing', () => {
    for (const action of ACTIONS) for (const s of IDEA_STATUSES) for (const w of ALL_STANDINGS) expect(checkMove(action, s, w), `${action} from ${s} as ${JSON.stringify(w)}`).toEqual(model(action, s, w));
  });

  it('random walks: every step is allowed exactly when the model allows it, and lands where the model says', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 80 }), (steps) => {
        let state: IdeaStatus = 'draft';
        for (const { action, standing } of steps) {
          const got = checkMove(action, state, standing);
          expect(got).toEqual(model(action, state, standing));
          if (!got.ok) continue; // refused: nothing changes
          if (action === 'delete') return; // the idea is gone
          state = got.to;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a sealed idea never becomes editable except through bureau-return; only seal enters the counted states', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 120 }), (steps) => {
        let state: IdeaStatus = 'draft';
        for (const { action, standing } of steps) {
          const got = checkMove(action, state, standing);
          if (!got.ok) continue;
          const from = state;
          if (action === 'delete') return;
          state = got.to;
          if (SEALED.includes(from)) {
            // Nothing edits, deletes or re-sends a sealed idea; leaving the sealed states is the bureau's return.
            expect(['edit', 'delete', 'send', 'approve', 'return', 'seal']).not.toContain(action);
            if (!SEALED.includes(state)) expect(action).toBe('bureau-return');
          }
          if (SEALED.includes(state)) expect(editable(state)).toBe(false);
          if (COUNTED.includes(state) && !COUNTED.includes(from)) expect(action).toBe('seal');
          if (editable(state) && SEALED.includes(from)) expect(action).toBe('bureau-return');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('every state is reachable from a draft, and every state but a deleted draft can reach submitted again', () => {
    const reach = (start: IdeaStatus) => {
      const seen = new Set<IdeaStatus>([start]);
      const queue = [start];
      while (queue.length) {
        const s = queue.shift()!;
        for (const a of ACTIONS) for (const w of ALL_STANDINGS) {
          const m = checkMove(a, s, w);
          if (m.ok && a !== 'delete' && !seen.has(m.to)) (seen.add(m.to), queue.push(m.to));
        }
      }
      return seen;
    };
    expect([...reach('draft')].sort()).toEqual([...IDEA_STATUSES].sort());
    for (const s of IDEA_STATUSES) expect(reach(s).has('submitted'), s).toBe(true);
  });
});
