// The one place errors become responses: `{"error":{"code","message","requestId","details"?}}`
// in the caller's language. Unknown errors are logged and answered as a plain 500 without
// internals; refusals and failed writes leave one audit record (row 17).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Locale } from '../../shared/roles.ts';
import { AppError, errorMessage, type ErrorCode } from './errors.ts';
import { auditFailure } from './mutate.ts';
import { isMutating } from './pipeline.ts';

interface Issue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** zod issue → a short message in the caller's language, naming the field. */
export function describeIssue(issue: Issue, locale: Locale): string {
  const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || (locale === 'zh-CN' ? '请求' : 'request');
  const p = issue.params ?? {};
  const zh = locale === 'zh-CN';
  switch (issue.keyword) {
    case 'invalid_type':
      return zh ? `${field}：缺少或类型不正确` : `${field}: missing or of the wrong type`;
    case 'too_small':
      return zh
        ? `${field}：${p.origin === 'string' ? `至少 ${p.minimum} 个字符` : `不能小于 ${p.minimum}`}`
        : `${field}: ${p.origin === 'string' ? `at least ${p.minimum} characters` : `must be at least ${p.minimum}`}`;
    case 'too_big':
      return zh
        ? `${field}：${p.origin === 'string' ? `不能超过 ${p.maximum} 个字符` : `不能大于 ${p.maximum}`}`
        : `${field}: ${p.origin === 'string' ? `at most ${p.maximum} characters` : `must be at most ${p.maximum}`}`;
    case 'invalid_format':
      return zh ? `${field}：格式不正确` : `${field}: invalid format`;
    case 'invalid_value':
      return zh ? `${field}：取值不在允许范围内` : `${field}: value not allowed`;
    case 'custom':
      return `${field}: ${issue.message ?? ''}`;
    default:
      return zh ? `${field}：内容无效` : `${field}: invalid`;
  }
}

function fastifyErrorToApp(err: FastifyError, locale: Locale): AppError | null {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation as unknown as Issue[];
    const unknown = issues.filter((i) => i.keyword === 'unrecognized_keys');
    if (unknown.length) {
      const fields = unknown.flatMap((i) => (i.params?.keys as string[]) ?? []).join(', ');
      return new AppError('UNKNOWN_FIELD', { fields });
    }
    const detail = issues.map((i) => describeIssue(i, locale)).join('；');
    return new AppError('VALIDATION_FAILED', { detail }, { issues: issues.map((i) => ({ path: i.instancePath, code: i.keyword })) });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return new AppError('BODY_TOO_LARGE', { limit: '1 MB' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('BAD_REQUEST');
  }
  if (err instanceof SyntaxError || err.statusCode === 400) return new AppError('BAD_REQUEST');
  return null;
}

/** A database error message may quote the offending value: phones and e-mail addresses never reach the log (row 21). */
export function scrubPersonalData(text: string): string {
  return text.replace(/1[3-9]\d{9}/g, '[phone]').replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]');
}

/** Connection failures of either database answer 503 (the database is down), not 500. */
function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  const msg = String((err as Error)?.message ?? '');
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '08003', 'SQLITE_BUSY', 'SQLITE_CANTOPEN'].includes(code) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|driver has already been destroyed/.test(msg)
  );
}

export async function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const locale = req.locale ?? 'zh-CN';
  let app: AppError | null = err instanceof AppError ? err : fastifyErrorToApp(err, locale);
  if (!app) {
    if (isDatabaseUnavailable(err)) {
      req.log.error({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database unavailable');
      app = new AppError('SERVICE_UNAVAILABLE');
    } else {
      if (isResponseSerializationError(err)) req.log.error({ err: { message: 'response does not match its schema', cause: String(err.cause) } });
      else req.log.error({ err: { message: scrubPersonalData(err.message), stack: scrubPersonalData(err.stack ?? '') } }, 'unhandled error');
      app = new AppError('INTERNAL');
    }
  }
  const denied = app.code === 'FORBIDDEN' || app.code === 'CSRF_FAILED' || app.code === 'PASSWORD_CHANGE_REQUIRED';
  if (req.routeOptions.config?.policy && (isMutating(req.method) || denied) && app.code !== 'SERVICE_UNAVAILABLE') {
    await auditFailure(req, app.code);
  }
  for (const [k, v] of Object.entries(app.headers ?? {})) reply.header(k, v);
  return reply.status(app.status).send(errorBody(app.code, app.message_(locale), String(req.id), app.details));
}

export function errorBody(code: ErrorCode | string, message: string, requestId: string, details?: unknown) {
  return { error: { code, message, requestId, ...(details !== undefined ? { details } : {}) } };
}

export function notFound(req: FastifyRequest, reply: FastifyReply) {
  const locale = req.locale ?? 'zh-CN';
  return reply.status(404).send(errorBody('NOT_FOUND', errorMessage('NOT_FOUND', locale), String(req.id)));
}
