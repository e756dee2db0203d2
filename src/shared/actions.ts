// What each audited action is called in the audit log (action code = the route's policy key).
import type { Locale } from './roles.ts';

export const ACTION_LABELS: Record<string, Record<Locale, string>> = {
  'web.app': { 'zh-CN': '访问页面', 'en-US': 'Open a page' },
  'health.read': { 'zh-CN': '健康检查', 'en-US': 'Health check' },
  'openapi.read': { 'zh-CN': '接口文档', 'en-US': 'API document' },
  'auth.password-policy': { 'zh-CN': '查看密码规则', 'en-US': 'Read password rules' },
  'auth.login': { 'zh-CN': '登录', 'en-US': 'Sign in' },
  'auth.lockout': { 'zh-CN': '账号锁定', 'en-US': 'Account locked' },
  'auth.logout': { 'zh-CN': '退出登录', 'en-US': 'Sign out' },
  'auth.logout-all': { 'zh-CN': '退出所有设备', 'en-US': 'Sign out everywhere' },
  'auth.change-password': { 'zh-CN': '修改密码', 'en-US': 'Change password' },
  'auth.sessions.list': { 'zh-CN': '查看会话', 'en-US': 'List sessions' },
  'auth.sessions.end': { 'zh-CN': '结束会话', 'en-US': 'End a session' },
  'me.read': { 'zh-CN': '查看本人信息', 'en-US': 'Read own profile' },
  'org.sectors.list': { 'zh-CN': '查看板块', 'en-US': 'List sectors' },
  'org.sectors.update': { 'zh-CN': '设置板块负责人', 'en-US': 'Set sector leader' },
  'org.units.list': { 'zh-CN': '查看单位列表', 'en-US': 'List units' },
  'org.units.read': { 'zh-CN': '查看单位', 'en-US': 'Read unit' },
  'org.units.create': { 'zh-CN': '新建单位', 'en-US': 'Create unit' },
  'org.units.update': { 'zh-CN': '修改单位', 'en-US': 'Update unit' },
  'org.units.deactivate': { 'zh-CN': '停用单位', 'en-US': 'Deactivate unit' },
  'org.units.activate': { 'zh-CN': '启用单位', 'en-US': 'Activate unit' },
  'org.users.list': { 'zh-CN': '查看用户列表', 'en-US': 'List users' },
  'org.users.read': { 'zh-CN': '查看用户', 'en-US': 'Read user' },
  'org.users.create': { 'zh-CN': '新建账号', 'en-US': 'Create account' },
  'org.users.update': { 'zh-CN': '修改账号', 'en-US': 'Update account' },
  'org.users.deactivate': { 'zh-CN': '停用账号', 'en-US': 'Deactivate account' },
  'org.users.activate': { 'zh-CN': '启用账号', 'en-US': 'Activate account' },
  'org.users.reset-password': { 'zh-CN': '重置密码', 'en-US': 'Reset password' },
  'org.users.unlock': { 'zh-CN': '解锁账号', 'en-US': 'Unlock account' },
  'org.users.end-sessions': { 'zh-CN': '强制下线', 'en-US': 'Sign user out everywhere' },
  'org.import.units': { 'zh-CN': '批量导入单位', 'en-US': 'Import units' },
  'org.import.users': { 'zh-CN': '批量导入账号', 'en-US': 'Import accounts' },
  'org.import.template': { 'zh-CN': '下载导入模板', 'en-US': 'Download import template' },
  'audit.list': { 'zh-CN': '查看审计日志', 'en-US': 'Read audit log' },
  'audit.verify': { 'zh-CN': '校验审计链', 'en-US': 'Verify audit chain' },
  'campaigns.current': { 'zh-CN': '查看当前活动', 'en-US': 'Read current campaign' },
  'cli.create-admin': { 'zh-CN': '命令行创建管理员', 'en-US': 'CLI: create admin' },
  'cli.import-units': { 'zh-CN': '命令行导入单位', 'en-US': 'CLI: import units' },
};

export function actionLabel(code: string, locale: Locale): string {
  return ACTION_LABELS[code]?.[locale] ?? code;
}
