// Role-aware navigation: which menu items each role sees (stable data-testids for browser tests).
import type { ReactNode } from 'react';
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import { NotificationOutlined } from '@ant-design/icons';
import { AuditOutlined, CheckSquareOutlined, TrophyOutlined, SolutionOutlined, BankOutlined, BookOutlined, FileSearchOutlined, BulbOutlined, CalendarOutlined, ClusterOutlined, DesktopOutlined, FileWordOutlined, HomeOutlined, ImportOutlined, SafetyCertificateOutlined, ShopOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { can } from '../permissions';
import type { I18n } from '../i18n';
import type { Me } from '../types';

type Item = NonNullable<MenuProps['items']>[number];

function link(key: string, to: string, label: string, testId: string, icon: ReactNode): Item {
  return {
    key,
    icon,
    label: (
      <Link to={to} data-testid={testId}>
        {label}
      </Link>
    ),
  };
}

export function navItems(me: Me, t: I18n['t']): Item[] {
  const items: Item[] = [link('/', '/', t('nav.home'), 'nav-home', <HomeOutlined aria-hidden />)];
  if (can(me, 'ideas.write')) items.push(link('/ideas', '/ideas', t('nav.ideas'), 'nav-ideas', <BulbOutlined aria-hidden />));
  if (can(me, 'ideas.review')) items.push(link('/ideas/review', '/ideas/review', t('nav.review'), 'nav-review', <SafetyCertificateOutlined aria-hidden />));
  if (can(me, 'ideas.desk')) items.push(link('/desk', '/desk', t('nav.desk'), 'nav-desk', <DesktopOutlined aria-hidden />));
  if (can(me, 'ideas.import')) items.push(link('/ideas/import', '/ideas/import', t('nav.wordImport'), 'nav-word-import', <FileWordOutlined aria-hidden />));
  if (can(me, 'campaigns.manage')) items.push(link('/campaigns', '/campaigns', t('nav.campaigns'), 'nav-campaigns', <CalendarOutlined aria-hidden />));
  if (can(me, 'originality.references')) items.push(link('/originality/references', '/originality/references', t('nav.originalityReferences'), 'nav-originality-references', <BookOutlined aria-hidden />));
  if (can(me, 'originality.settings')) items.push(link('/originality/settings', '/originality/settings', t('nav.originalitySettings'), 'nav-originality-settings', <FileSearchOutlined aria-hidden />));
  if (can(me, 'evaluation.judge')) items.push(link('/evaluation/my', '/evaluation/my', t('nav.evalMy'), 'nav-eval-my', <CheckSquareOutlined aria-hidden />));
  if (can(me, 'evaluation.manage')) items.push(link('/evaluation/rounds', '/evaluation/rounds', t('nav.evalRounds'), 'nav-eval-rounds', <TrophyOutlined aria-hidden />));
  if (can(me, 'evaluation.judges')) items.push(link('/evaluation/judges', '/evaluation/judges', t('nav.evalJudges'), 'nav-eval-judges', <SolutionOutlined aria-hidden />));
  if (can(me, 'evaluation.notices')) items.push(link('/evaluation/notices', '/evaluation/notices', t('nav.evalNotices'), 'nav-eval-notices', <NotificationOutlined aria-hidden />));
  if (can(me, 'evaluation.results')) items.push(link('/evaluation/results', '/evaluation/results', t('nav.evalResults'), 'nav-eval-results', <TrophyOutlined aria-hidden />));
  const org: Item[] = [];
  if (can(me, 'org.sectors.view')) org.push(link('/org/sectors', '/org/sectors', t('nav.sectors'), 'nav-org-sectors', <ClusterOutlined aria-hidden />));
  if (can(me, 'org.units.view')) org.push(link('/org/units', '/org/units', t('nav.units'), 'nav-org-units', <BankOutlined aria-hidden />));
  if (can(me, 'org.users.view')) org.push(link('/org/users', '/org/users', t('nav.users'), 'nav-org-users', <TeamOutlined aria-hidden />));
  if (can(me, 'org.import')) org.push(link('/org/import', '/org/import', t('nav.import'), 'nav-org-import', <ImportOutlined aria-hidden />));
  if (org.length) items.push({ type: 'group', key: 'org', label: <span data-testid="nav-org">{t('nav.org')}</span>, children: org });
  if (can(me, 'unit.own') && me.unit) {
    const to = `/org/units/${me.unit.id}`;
    items.push(link(to, to, t('nav.myUnit'), 'nav-my-unit', <ShopOutlined aria-hidden />));
  }
  if (can(me, 'audit.view')) items.push(link('/audit', '/audit', t('nav.audit'), 'nav-audit', <AuditOutlined aria-hidden />));
  items.push(link('/account', '/account', t('nav.account'), 'nav-account', <UserOutlined aria-hidden />));
  return items;
}

/** The menu key to highlight: the longest key that prefixes the current path. */
export function selectedKey(pathname: string, me: Me): string {
  const keys = ['/ideas/review', '/ideas/import', '/ideas', '/desk', '/campaigns', '/originality/references', '/originality/settings', '/evaluation/my', '/evaluation/rounds', '/evaluation/judges', '/evaluation/notices', '/evaluation/results', '/org/sectors', '/org/units', '/org/users', '/org/import', '/audit', '/account'];
  if (me.unit && pathname === `/org/units/${me.unit.id}` && can(me, 'unit.own')) return pathname;
  return keys.find((k) => pathname === k || pathname.startsWith(k + '/')) ?? (pathname === '/' ? '/' : '');
}
