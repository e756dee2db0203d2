// Permissions live here and only here (checklist row 12): every route names a policy key, and
// this table says who may call it. Deny by default: a route whose key is missing fails at start-up
// and in the route × role matrix test. Object-level limits (which units, which users) are the
// scopes below; repositories filter by them, so a foreign object answers like a missing one.
import type { Role } from '../../shared/roles.ts';

export interface ActorRole {
  role: Role;
  sectorId: number | null;
}

export interface Actor {
  userId: number;
  username: string;
  name: string;
  unitId: number | null;
  roles: ActorRole[];
  mustChangePassword: boolean;
  sessionPublicId: string;
}

export type Rule =
  /** Anyone, signed in or not. */
  | { who: 'public' }
  /** Any signed-in user; `pending` also while the initial password still has to be changed. */
  | { who: 'signed-in'; pending?: boolean }
  | { who: Role[] };

const ADMIN: Role[] = ['bureau_admin'];
const ORG_READERS: Role[] = ['bureau_admin', 'leader', 'sector_leader', 'inspector', 'unit_admin'];
/** The bureau's overview roles: everything that reached the bureau, read-only. */
const OVERSEERS: Role[] = ['bureau_admin', 'leader', 'inspector'];
/** Who writes golden ideas. */
const WRITERS: Role[] = ['unit_admin', 'member'];
/** Who reads golden ideas (each within the scope of ideasScope below). */
/** The bureau admin and those who write golden ideas (originality figures, each within its scope). */
const WRITERS_AND_BUREAU: Role[] = ['bureau_admin', 'unit_admin', 'member'];
const IDEA_READERS: Role[] = ['bureau_admin', 'leader', 'sector_leader', 'inspector', 'unit_admin', 'member'];

export const POLICY = {
  'web.app': { who: 'public' },
  'health.read': { who: 'public' },
  'openapi.read': { who: 'public' },
  'auth.login': { who: 'public' },
  'auth.password-policy': { who: 'public' },
  'auth.logout': { who: 'signed-in', pending: true },
  'auth.logout-all': { who: 'signed-in', pending: true },
  'auth.change-password': { who: 'signed-in', pending: true },
  'auth.sessions.list': { who: 'signed-in' },
  'auth.sessions.end': { who: 'signed-in' },
  'me.read': { who: 'signed-in', pending: true },

  'org.sectors.list': { who: ORG_READERS },
  'org.sectors.update': { who: ADMIN },
  'org.units.list': { who: ORG_READERS },
  'org.units.read': { who: [...ORG_READERS, 'member'] },
  'org.units.create': { who: ADMIN },
  'org.units.update': { who: ADMIN },
  'org.units.deactivate': { who: ADMIN },
  'org.units.activate': { who: ADMIN },
  'org.users.list': { who: ORG_READERS },
  'org.users.read': { who: ORG_READERS },
  'org.users.create': { who: ['bureau_admin', 'unit_admin'] },
  'org.users.update': { who: ['bureau_admin', 'unit_admin'] },
  'org.users.deactivate': { who: ['bureau_admin', 'unit_admin'] },
  'org.users.activate': { who: ['bureau_admin', 'unit_admin'] },
  'org.users.reset-password': { who: ['bureau_admin', 'unit_admin'] },
  'org.users.unlock': { who: ['bureau_admin', 'unit_admin'] },
  'org.users.end-sessions': { who: ['bureau_admin', 'unit_admin'] },
  'org.import.units': { who: ADMIN },
  'org.import.users': { who: ADMIN },
  'org.import.template': { who: ADMIN },

  'audit.list': { who: ADMIN },
  'audit.verify': { who: ADMIN },

  'campaigns.current': { who: 'signed-in' },
  'campaigns.todo': { who: 'signed-in' },
  'campaigns.list': { who: OVERSEERS },
  'campaigns.read': { who: 'signed-in' },
  'campaigns.create': { who: ADMIN },
  'campaigns.update': { who: ADMIN },
  'campaigns.extensions.list': { who: ADMIN },
  'campaigns.extensions.grant': { who: ADMIN },

  'ideas.list': { who: IDEA_READERS },
  'ideas.summary': { who: ['bureau_admin', 'leader', 'sector_leader', 'inspector'] },
  'ideas.create': { who: WRITERS },
  'ideas.read': { who: IDEA_READERS },
  'ideas.update': { who: WRITERS },
  'ideas.delete': { who: WRITERS },
  'ideas.send': { who: WRITERS },
  'ideas.return': { who: ['unit_admin'] },
  'ideas.approve': { who: ['unit_admin'] },
  'ideas.bureau-return': { who: ADMIN },
  'ideas.phone.reveal': { who: ADMIN },
  'ideas.attachments.add': { who: WRITERS },
  'ideas.attachments.remove': { who: WRITERS },
  'ideas.attachments.download': { who: IDEA_READERS },
  'ideas.export.xlsx': { who: OVERSEERS },
  'ideas.export.volume': { who: OVERSEERS },
  'ideas.import.upload': { who: ADMIN },
  'ideas.import.status': { who: ADMIN },
  'ideas.import.confirm': { who: ADMIN },

  'batches.list': { who: ORG_READERS },
  'batches.read': { who: ORG_READERS },
  'batches.seal': { who: ['unit_admin'] },
  'batches.receive': { who: ADMIN },
  'batches.return': { who: ADMIN },
  'batches.forms-pdf': { who: ['bureau_admin', 'unit_admin'] },
  'verify.read': { who: 'public' },

  // Originality (issue 4): full reports for the bureau and the idea's unit admin; the author sees the
  // figure and status of their own idea (scopes in originality.service.ts); judges get the figure
  // through the evaluation module only.
  'originality.report': { who: ['bureau_admin', 'unit_admin'] },
  'originality.report-pdf': { who: ['bureau_admin', 'unit_admin'] },
  'originality.summary': { who: WRITERS_AND_BUREAU },
  'originality.check': { who: ['bureau_admin', 'unit_admin'] },
  'originality.references.list': { who: ADMIN },
  'originality.references.read': { who: ADMIN },
  'originality.references.create': { who: ADMIN },
  'originality.references.upload': { who: ADMIN },
  'originality.references.delete': { who: ADMIN },
  'originality.stock.read': { who: ADMIN },
  'originality.stock.update': { who: ADMIN },
  'originality.thresholds.read': { who: ['bureau_admin', 'unit_admin'] },
  'originality.thresholds.update': { who: ADMIN },
  'originality.runs.start': { who: ADMIN },
  'originality.runs.list': { who: ADMIN },
  'originality.runs.read': { who: ADMIN },

  // Evaluation (issue 5): the bureau runs the 评比; a judge reaches only their own reviews.
  'evaluation.judges.list': { who: ADMIN },
  'evaluation.judges.create': { who: ADMIN },
  'evaluation.judges.update': { who: ADMIN },
  'evaluation.rounds.list': { who: ADMIN },
  'evaluation.rounds.read': { who: ADMIN },
  'evaluation.rounds.create': { who: ADMIN },
  'evaluation.rounds.update': { who: ADMIN },
  'evaluation.rounds.assign': { who: ADMIN },
  'evaluation.rounds.open': { who: ADMIN },
  'evaluation.rounds.close': { who: ADMIN },
  'evaluation.assignments.list': { who: ADMIN },
  'evaluation.assignments.add': { who: ADMIN },
  'evaluation.assignments.replace': { who: ADMIN },
  'evaluation.assignments.remove': { who: ADMIN },
  'evaluation.conflicts.list': { who: ADMIN },
  'evaluation.progress': { who: ADMIN },
  'evaluation.remind': { who: ADMIN },
  'evaluation.results': { who: ADMIN },
  'evaluation.disqualify': { who: ADMIN },
  /** A judge's own reviews (the service limits each to the judge's own assignments). */
  'evaluation.my.list': { who: ['judge'] },
  'evaluation.my.read': { who: ['judge'] },
  'evaluation.my.image': { who: ['judge'] },
  'evaluation.my.save': { who: ['judge'] },
  'evaluation.my.submit': { who: ['judge'] },
  'evaluation.my.conflict': { who: ['judge'] },
  'evaluation.my.reminder-read': { who: ['judge'] },
  // Decisions and awards (issue 5 item 5): the bureau proposes, announces (公示), answers objections,
  // finalises and prints; a unit admin reads the notices and files objections; a unit sees its own
  // ideas' final results (a member their own ideas; scopes in awards.service.ts).
  'evaluation.awards.read': { who: ADMIN },
  'evaluation.awards.propose': { who: ADMIN },
  'evaluation.awards.adjust': { who: ADMIN },
  'evaluation.awards.announce': { who: ADMIN },
  'evaluation.awards.finalize': { who: ADMIN },
  'evaluation.awards.publish': { who: ADMIN },
  'evaluation.awards.excellent': { who: ADMIN },
  'evaluation.awards.certificates': { who: ADMIN },
  'evaluation.awards.xlsx': { who: ADMIN },
  'evaluation.objections.answer': { who: ADMIN },
  'evaluation.notices.list': { who: ['unit_admin'] },
  'evaluation.objections.file': { who: ['unit_admin'] },
  'evaluation.unit-results': { who: WRITERS },
} as const satisfies Record<string, Rule>;

export type PolicyKey = keyof typeof POLICY;

export function isPolicyKey(key: unknown): key is PolicyKey {
  return typeof key === 'string' && Object.hasOwn(POLICY, key);
}

export type Decision = 'allow' | 'unauthenticated' | 'forbidden' | 'password-change-required';

/** The one authorisation decision at the edge: may this actor call the route at all? */
export function authorize(actor: Actor | null, key: PolicyKey): Decision {
  const rule: Rule = POLICY[key];
  if (rule.who === 'public') return 'allow';
  if (!actor) return 'unauthenticated';
  if (actor.mustChangePassword && !(rule.who === 'signed-in' && rule.pending)) return 'password-change-required';
  if (rule.who === 'signed-in') return 'allow';
  return actor.roles.some((r) => (rule.who as Role[]).includes(r.role)) ? 'allow' : 'forbidden';
}

/** Every policy key these roles may call (for the web app's menus; the server still decides each call). */
export function allowedPolicies(roles: ActorRole[]): PolicyKey[] {
  const probe: Actor = { userId: 0, username: '', name: '', unitId: null, roles, mustChangePassword: false, sessionPublicId: '' };
  return (Object.keys(POLICY) as PolicyKey[]).filter((k) => POLICY[k].who !== 'public' && authorize(probe, k) === 'allow');
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.some((r) => r.role === role);
}

/** Which units an actor may see (object-level isolation, row 13). */
export type UnitScope =
  | { kind: 'all' }
  | { kind: 'sectors'; sectorIds: number[] }
  | { kind: 'unit'; unitId: number }
  | { kind: 'none' };

export function unitScope(actor: Actor): UnitScope {
  if (actor.roles.some((r) => r.role === 'bureau_admin' || r.role === 'leader' || r.role === 'inspector')) return { kind: 'all' };
  const sectorIds = actor.roles.filter((r) => r.role === 'sector_leader' && r.sectorId != null).map((r) => r.sectorId as number);
  if (sectorIds.length) return { kind: 'sectors', sectorIds };
  if (actor.unitId != null && actor.roles.some((r) => r.role === 'unit_admin' || r.role === 'member')) {
    return { kind: 'unit', unitId: actor.unitId };
  }
  return { kind: 'none' };
}

/**
 * Which golden ideas an actor may see: the bureau's overview roles everything that reached the bureau
 * (sealed and submitted at least once), a sector leader that within the sector, a unit admin the unit's
 * ideas except other people's drafts, a member their own.
 */
export type IdeaScope =
  | { kind: 'reached-all' }
  | { kind: 'reached-sectors'; sectorIds: number[] }
  | { kind: 'unit'; unitId: number; userId: number }
  | { kind: 'author'; userId: number }
  | { kind: 'none' };

export function ideaScope(actor: Actor): IdeaScope {
  if (actor.roles.some((r) => r.role === 'bureau_admin' || r.role === 'leader' || r.role === 'inspector')) return { kind: 'reached-all' };
  const sectorIds = actor.roles.filter((r) => r.role === 'sector_leader' && r.sectorId != null).map((r) => r.sectorId as number);
  if (sectorIds.length) return { kind: 'reached-sectors', sectorIds };
  if (actor.unitId != null && hasRole(actor, 'unit_admin')) return { kind: 'unit', unitId: actor.unitId, userId: actor.userId };
  if (actor.unitId != null && hasRole(actor, 'member')) return { kind: 'author', userId: actor.userId };
  return { kind: 'none' };
}

/**
 * Who sees a golden idea's contact phone in full (row 34): its author and the admin of its unit. The
 * bureau admin sees it masked and reveals it on request (an audited action); everyone else masked.
 */
export function seesIdeaPhone(actor: Actor, idea: { created_by: number; unit_id: number }): boolean {
  return idea.created_by === actor.userId || (hasRole(actor, 'unit_admin') && actor.unitId === idea.unit_id);
}

/** Whose accounts an actor may change: the bureau any, a unit admin the members of its own unit. */
export type UserManageScope = { kind: 'all' } | { kind: 'unit-members'; unitId: number } | { kind: 'none' };

export function userManageScope(actor: Actor): UserManageScope {
  if (hasRole(actor, 'bureau_admin')) return { kind: 'all' };
  if (hasRole(actor, 'unit_admin') && actor.unitId != null) return { kind: 'unit-members', unitId: actor.unitId };
  return { kind: 'none' };
}

/** Roles a manager may grant: a unit admin only makes members of its own unit. */
export function grantableRoles(actor: Actor): Role[] {
  const s = userManageScope(actor);
  if (s.kind === 'all') return ['bureau_admin', 'leader', 'sector_leader', 'inspector', 'unit_admin', 'member', 'judge'];
  if (s.kind === 'unit-members') return ['member'];
  return [];
}

/** Who may see full mobile numbers of other people (PIPL: least necessary). */
export function canSeeFullPhones(actor: Actor): boolean {
  return hasRole(actor, 'bureau_admin') || hasRole(actor, 'unit_admin');
}

/** Roles with administrative powers get the stricter idle timeout and the 90-day rotation. */
export function isAdminActor(roles: readonly { role: Role }[]): boolean {
  return roles.some((r) => r.role === 'bureau_admin' || r.role === 'unit_admin');
}
