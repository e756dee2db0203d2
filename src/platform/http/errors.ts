// The error catalogue: stable codes, HTTP status and messages in both languages.
// One handler (http/error-handler.ts) maps these to `{"error":{"code","message"}}`.
import type { Locale } from '../../shared/roles.ts';

type Msg = { 'zh-CN': string; 'en-US': string };
type Vars = Record<string, string | number>;

export const ERRORS = {
  BAD_REQUEST: { status: 400, 'zh-CN': '请求格式不正确。', 'en-US': 'The request is malformed.' },
  VALIDATION_FAILED: { status: 400, 'zh-CN': '填写的内容有误：{detail}', 'en-US': 'Some input is invalid: {detail}' },
  UNKNOWN_FIELD: { status: 400, 'zh-CN': '请求中含有不允许的字段：{fields}', 'en-US': 'The request contains fields that are not allowed: {fields}' },
  BODY_TOO_LARGE: { status: 413, 'zh-CN': '提交的内容过大（上限 {limit}）。', 'en-US': 'The request body is too large (limit {limit}).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, 'zh-CN': '不支持的内容类型。', 'en-US': 'Unsupported content type.' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录。', 'en-US': 'Please sign in.' },
  SESSION_EXPIRED: { status: 401, 'zh-CN': '会话已超时，请重新登录。', 'en-US': 'Your session has expired, please sign in again.' },
  INVALID_CREDENTIALS: { status: 401, 'zh-CN': '用户名或密码错误。', 'en-US': 'Wrong username or password.' },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': '连续登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试，或联系管理员解锁。',
    'en-US': 'Too many failed sign-in attempts: the account is locked. Try again in {minutes} minutes or ask an administrator to unlock it.',
  },
  PASSWORD_EXPIRED: { status: 401, 'zh-CN': '初始密码已过期，请联系管理员重置。', 'en-US': 'The initial password has expired; ask an administrator to reset it.' },
  TOO_MANY_ATTEMPTS: { status: 429, 'zh-CN': '登录失败次数过多，请 {seconds} 秒后再试。', 'en-US': 'Too many failed sign-ins, try again in {seconds} seconds.' },
  RATE_LIMITED: { status: 429, 'zh-CN': '操作过于频繁，请 {seconds} 秒后再试。', 'en-US': 'Too many requests, try again in {seconds} seconds.' },
  CSRF_FAILED: { status: 403, 'zh-CN': '请求来源校验失败，请刷新页面后重试。', 'en-US': 'The request could not be verified; reload the page and try again.' },
  FORBIDDEN: { status: 403, 'zh-CN': '您没有执行此操作的权限。', 'en-US': 'You do not have permission to do this.' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, 'zh-CN': '请先修改初始密码。', 'en-US': 'Please change your initial password first.' },
  HTTPS_REQUIRED: { status: 403, 'zh-CN': '生产环境必须通过 HTTPS 访问。', 'en-US': 'HTTPS is required in production.' },
  NOT_FOUND: { status: 404, 'zh-CN': '找不到请求的内容。', 'en-US': 'Not found.' },
  USERNAME_TAKEN: { status: 409, 'zh-CN': '用户名“{username}”已被使用。', 'en-US': 'The username "{username}" is already taken.' },
  MOBILE_TAKEN: { status: 409, 'zh-CN': '手机号已被其他账号使用。', 'en-US': 'The mobile number is already used by another account.' },
  UNIT_CODE_TAKEN: { status: 409, 'zh-CN': '单位代码“{code}”已存在。', 'en-US': 'The unit code "{code}" already exists.' },
  UNIT_NAME_TAKEN: { status: 409, 'zh-CN': '单位名称“{name}”已存在。', 'en-US': 'The unit name "{name}" already exists.' },
  WEAK_PASSWORD: { status: 400, 'zh-CN': '新密码不符合要求：{reasons}', 'en-US': 'The new password does not meet the rules: {reasons}' },
  PASSWORD_REUSED: { status: 400, 'zh-CN': '新密码不能与最近 {count} 次使用过的密码相同。', 'en-US': 'The new password must differ from your last {count} passwords.' },
  WRONG_PASSWORD: { status: 400, 'zh-CN': '当前密码不正确。', 'en-US': 'The current password is wrong.' },
  SELF_ROLE_CHANGE: { status: 403, 'zh-CN': '不能修改自己的角色或停用自己的账号。', 'en-US': 'You cannot change your own roles or deactivate yourself.' },
  SELF_RESET: {
    status: 403,
    'zh-CN': '不能在这里重置自己的密码，请在“我的账号”中输入当前密码后修改。',
    'en-US': 'You cannot reset your own password here; change it under "My account" with your current password.',
  },
  IMPORT_INVALID: { status: 422, 'zh-CN': '文件中有 {count} 处错误，未导入任何数据，请修改后重新上传。', 'en-US': 'The file has {count} errors; nothing was imported. Correct them and upload again.' },
  FILE_REQUIRED: { status: 400, 'zh-CN': '请选择要上传的文件。', 'en-US': 'Please choose a file to upload.' },
  FILE_INVALID: { status: 400, 'zh-CN': '{detail}', 'en-US': '{detail}' },
  FILE_INFECTED: { status: 400, 'zh-CN': '{detail}', 'en-US': '{detail}' },
  ATTACHMENTS_LIMIT: {
    status: 400,
    'zh-CN': '每个金点子最多上传 {max} 个附件，已达上限。请先删除不需要的附件再上传。',
    'en-US': 'A golden idea may have at most {max} attachments; the limit is reached. Remove one before uploading another.',
  },
  ATTACHMENTS_QUOTA: {
    status: 400,
    'zh-CN': '本单位在本次活动中的附件总容量上限为 {quota}，已用 {used}，本文件（{size}）放不下。请压缩图片或删除不需要的附件。',
    'en-US': "Your unit's attachment quota for this campaign is {quota}; {used} is used and this file ({size}) does not fit. Shrink images or remove attachments.",
  },
  NO_CAMPAIGN: { status: 409, 'zh-CN': '当前没有进行中的活动。', 'en-US': 'There is no campaign running.' },
  DEADLINE_PASSED: {
    status: 409,
    'zh-CN': '已过报送截止时间（{deadline}），不能再{action}。如需补报，请联系局办公室申请延期。',
    'en-US': 'The deadline ({deadline}) has passed: you can no longer {action}. Ask the bureau office for an extension.',
  },
  QUOTA_EXCEEDED: {
    status: 409,
    'zh-CN': '每个单位最多报送 {max} 个金点子：本单位已报送 {count} 个，本批 {batch} 个超出名额。',
    'en-US': 'A unit may submit at most {max} golden ideas: your unit has {count}, and this batch of {batch} exceeds the quota.',
  },
  BATCH_TOO_SMALL: {
    status: 409,
    'zh-CN': '每个单位至少报送 {min} 个金点子：加上本批共 {count} 个，不足 {min} 个，不能盖章报送。',
    'en-US': 'A unit must submit at least {min} golden ideas: with this batch there would be {count}; it cannot be sealed.',
  },
  INVALID_TRANSITION: { status: 409, 'zh-CN': '该金点子当前为“{status}”状态，不能{action}。', 'en-US': 'The golden idea is "{status}": you cannot {action}.' },
  IDEA_INCOMPLETE: { status: 400, 'zh-CN': '金点子还不能提交：{reasons}', 'en-US': 'The golden idea cannot be sent yet: {reasons}' },
  VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '该金点子已在其他页面或设备上修改过，请刷新后再修改。',
    'en-US': 'The golden idea was changed on another page or device; reload it before editing.',
  },
  IDEMPOTENCY_MISMATCH: {
    status: 422,
    'zh-CN': '同一个请求编号（Idempotency-Key）已用于另一个不同的请求。',
    'en-US': 'This Idempotency-Key was already used for a different request.',
  },
  INTEGRITY_ERROR: {
    status: 409,
    'zh-CN': '数据校验值不符，可能已被篡改：操作已停止，并已通知管理员。',
    'en-US': 'An integrity check failed (the data may have been tampered with): stopped, and the administrators were alerted.',
  },
  IMPORT_NOT_READY: {
    status: 409,
    'zh-CN': '该导入任务{state}，不能再确认导入。',
    'en-US': 'This import job {stateEn}; it cannot be confirmed now.',
  },
  REFERENCE_TOO_SHORT: {
    status: 400,
    'zh-CN': '参考文献的文字太少，无法用于查重：至少需要 {min} 个字（不计标点和空格），现有 {chars} 个。',
    'en-US': 'The reference text is too short to be used in checks: it needs at least {min} characters (punctuation and spaces not counted); it has {chars}.',
  },
  REFERENCE_UNREADABLE: { status: 400, 'zh-CN': '文件“{name}”无法作为参考文献读取：{reason}', 'en-US': 'The file "{name}" cannot be read as a reference text: {reasonEn}' },
  ORIGINALITY_DRAFT: { status: 409, 'zh-CN': '草稿还不能查重：请先提交到本单位。', 'en-US': 'A draft cannot be checked yet: send it to the unit first.' },
  ORIGINALITY_NO_REPORT: { status: 409, 'zh-CN': '这个金点子还没有完成的查重报告，检测完成后才能打印。', 'en-US': 'This golden idea has no finished originality report yet; print it once the check is done.' },
  ASSIGNMENT_INFEASIBLE: { status: 422, 'zh-CN': '无法完成评委分配，未保存任何分配：{detail}', 'en-US': 'The judges cannot be assigned; nothing was saved: {detail}' },
  ASSIGNMENT_REFUSED: { status: 409, 'zh-CN': '不能这样分配：{detail}', 'en-US': 'This assignment is not allowed: {detail}' },
  ROUND_STATE: { status: 409, 'zh-CN': '该评比轮次{state}，不能{action}。', 'en-US': 'This evaluation round {state}: you cannot {action}.' },
  AWARDS_STATE: { status: 409, 'zh-CN': '不能{action}：{detail}', 'en-US': 'You cannot {action}: {detail}' },
  SCORES_INVALID: { status: 400, 'zh-CN': '评分有误，未保存：{detail}', 'en-US': 'The scores are invalid and were not saved: {detail}' },
  AUDIT_UNAVAILABLE: { status: 503, 'zh-CN': '审计日志暂不可用，操作未执行，请稍后再试。', 'en-US': 'The audit log is unavailable; nothing was changed. Try again later.' },
  SERVICE_UNAVAILABLE: { status: 503, 'zh-CN': '服务暂不可用，请稍后再试。', 'en-US': 'The service is temporarily unavailable. Try again later.' },
  INTERNAL: { status: 500, 'zh-CN': '服务器内部错误，请稍后再试。如问题持续，请联系管理员并提供请求编号。', 'en-US': 'Internal server error. If it persists, contact the administrator with the request id.' },
} as const satisfies Record<string, Msg & { status: number }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error the edge translates; `vars` fill the message, `details` go to the client as they are. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly vars: Vars | ((locale: Locale) => Vars);
  readonly details?: unknown;
  readonly headers?: Record<string, string>;
  constructor(
    code: ErrorCode,
    vars: Vars | ((locale: Locale) => Vars) = {},
    details?: unknown,
    headers?: Record<string, string>,
  ) {
    super(code);
    this.code = code;
    this.vars = vars;
    this.details = details;
    this.headers = headers;
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
  message_(locale: Locale): string {
    return errorMessage(this.code, locale, typeof this.vars === 'function' ? this.vars(locale) : this.vars);
  }
}

export function errorMessage(code: ErrorCode, locale: Locale, vars: Vars = {}): string {
  return ERRORS[code][locale].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}
