// The fetch wrapper every page uses: same-origin `/api/...`, Accept-Language, the CSRF header on
// mutating requests, and `{error:{code,message,details}}` parsed into an ApiError.
import { currentLocale } from './i18n';
import type { Me } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(init: { status: number; code: string; message: string; details?: Record<string, unknown>; requestId?: string; retryAfterSeconds?: number }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

type Query = Record<string, string | number | boolean | null | undefined>;
export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  form?: FormData;
  query?: Query;
  /** The request checks whether we are signed in: a 401 is an answer, not a lost session. */
  authProbe?: boolean;
  /** Return the Response itself (downloads). */
  raw?: boolean;
  /** Extra request headers (Idempotency-Key). */
  headers?: Record<string, string>;
  /** Let the request outlive the page (a last save on pagehide). */
  keepalive?: boolean;
};

type Hooks = { sessionLost: (code: string) => void; passwordChangeRequired: () => void };
let hooks: Hooks = { sessionLost: () => {}, passwordChangeRequired: () => {} };
/** The app registers what to do when the session ends or a password change is due. */
export function setApiHooks(h: Hooks): void {
  hooks = h;
}

let csrfToken: string | null = null;
let lastContact = Date.now();
export function rememberMe(me: Me | null): void {
  csrfToken = me?.csrfToken ?? null;
}
/** Whether this page has been signed in (it holds a CSRF token from /api/me or the sign-in). */
export function hasSession(): boolean {
  return csrfToken !== null;
}
/** When the server last answered us (any authenticated request extends the idle timeout). */
export function lastServerContact(): number {
  return lastContact;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION_LOST = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function ensureCsrf(): Promise<void> {
  if (csrfToken) return;
  try {
    rememberMe(await request<Me>('/api/me', { authProbe: true }));
  } catch {
    /* the mutation itself will report the problem */
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  const retry = Number(res.headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: Record<string, unknown>; requestId?: string } };
    if (body?.error?.code) {
      const { code, message, details, requestId } = body.error;
      return new ApiError({ status: res.status, code, message: message ?? code, details, requestId, retryAfterSeconds });
    }
  } catch {
    /* not JSON: a proxy page or an empty body */
  }
  return new ApiError({ status: res.status, code: `HTTP_${res.status}`, message: '', retryAfterSeconds });
}

export async function request<T>(path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined || opts.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { ...opts.headers, Accept: 'application/json', 'Accept-Language': currentLocale() };
  const isLogin = path === '/api/auth/login';
  if (MUTATING.has(method) && !isLogin) {
    await ensureCsrf();
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', keepalive: opts.keepalive });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', message: '' });
  }
  if (res.status !== 401) lastContact = Date.now();
  if (!res.ok) {
    const err = await toApiError(res);
    if (err.code === 'CSRF_FAILED' && !retried) {
      csrfToken = null; // the token rotated (new sign-in elsewhere in this browser): fetch it again once
      return request<T>(path, opts, true);
    }
    if (res.status === 401 && SESSION_LOST.has(err.code) && !opts.authProbe && !isLogin) {
      // Only a session we had can be lost: late answers after signing out are ignored.
      const hadSession = csrfToken !== null;
      csrfToken = null;
      if (hadSession) hooks.sessionLost(err.code);
    }
    if (err.code === 'PASSWORD_CHANGE_REQUIRED') hooks.passwordChangeRequired();
    throw err;
  }
  if (opts.raw) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, extra?: Omit<RequestOptions, 'query'>) => request<T>(path, { ...extra, query }),
  post: <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  del: <T = void>(path: string) => request<T>(path, { method: 'DELETE' }),
  upload: (path: string, form: FormData) => request<Response>(path, { method: 'POST', form, raw: true }),
};

/** Saves a Response body as a file (filename from Content-Disposition, else `fallback`). */
export async function saveResponseAsFile(res: Response, fallback: string): Promise<string> {
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  let name = fallback;
  try {
    if (star) name = decodeURIComponent(star[1]);
    else if (plain) name = plain[1];
  } catch {
    /* keep the fallback */
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
