// Shapes of the API contract (docs/api-contract.md) as the web app reads them.
import type { Role } from '../../src/shared/roles';

export type Id = string | number;
export type RoleGrant = { role: Role; sectorId: Id | null };

export type Me = {
  id: Id;
  username: string;
  name: string;
  roles: RoleGrant[];
  unit: { id: Id; code: string; name: string } | null;
  mustChangePassword: boolean;
  passwordExpired: boolean;
  csrfToken: string;
  idleTimeoutSeconds: number;
  sessionExpiresAt: string;
  lastSeenAt: string;
  /** Policy keys the server lets this user call: menus and buttons follow these, never roles. */
  permissions: string[];
  /** Which units the user sees (server policy): all, their sector(s), their own unit, or none. */
  scope: 'all' | 'sectors' | 'unit' | 'none';
};

export type Page<T> = { items: T[]; total: number };

export type Sector = {
  id: Id;
  code: string;
  name: string;
  nameEn?: string;
  leaderUserId: Id | null;
  leaderName: string | null;
  unitCount: number;
};

export type Unit = {
  id: Id;
  code: string;
  name: string;
  type: string;
  sectorId: Id;
  sectorName: string;
  town: string;
  contactName: string | null;
  contactPhone: string | null;
  active: boolean;
  memberCount: number;
};

export type User = {
  id: Id;
  username: string;
  name: string;
  mobile: string | null;
  email: string | null;
  unitId: Id | null;
  unitName: string | null;
  roles: RoleGrant[];
  active: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  lockedUntil: string | null;
};

export type SessionInfo = {
  id: Id;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
};

export type PasswordPolicy = { minLength: number; maxLength: number; minClasses: number; recommendedLength: number };

export type AuditEntry = {
  id: Id;
  seq: number;
  at: string;
  actorId: Id | null;
  actorName: string | null;
  actorRole: string | null;
  unitId: Id | null;
  action: string;
  targetType: string | null;
  targetId: Id | null;
  outcome: string;
  errorCode: string | null;
  ip: string | null;
  requestId: string | null;
};

export type AuditVerify = { ok: boolean; checked: number; brokenAtSeq: number | null; reason?: string | null };

export type Campaign = {
  id: Id;
  title: string;
  theme: string;
  phases: { name: string; startsAt: string; endsAt: string }[];
  deadlines: { name: string; kind?: string; dueAt: string }[];
  description?: string;
  topics?: string[];
  // The contract leaves the shape open (the server sends the phase/deadline object); see home/campaign.ts.
  currentPhase: unknown;
  nextDeadline: unknown;
  /** The server's clock when it answered: countdowns correct for a wrong client clock. */
  serverTime?: string;
};
