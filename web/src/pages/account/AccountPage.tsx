// My account: who I am, change password, my sessions.
import { App, Card, Descriptions, Space, Tag } from 'antd';
import { useCurrentUser } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../format';
import { roleLabel, useI18n, usePageTitle } from '../../i18n';
import { PasswordChangeForm } from '../auth/PasswordChangeForm';
import { SessionsCard } from './SessionsCard';

export default function AccountPage() {
  const { t, locale } = useI18n();
  usePageTitle('account.title');
  const me = useCurrentUser();
  const { message } = App.useApp();
  return (
    <>
      <PageHeader title={t('account.title')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={<h2 className="jdz-card-h">{t('account.profile')}</h2>}>
          <Descriptions
            column={{ xs: 1, sm: 1, md: 2 }}
            size="small"
            items={[
              { key: 'name', label: t('org.name'), children: me.name },
              { key: 'username', label: t('org.username'), children: <span data-testid="account-username">{me.username}</span> },
              { key: 'unit', label: t('home.unit'), children: me.unit?.name ?? t('home.noUnit') },
              { key: 'roles', label: t('home.roles'), children: me.roles.map((r) => <Tag key={r.role}>{roleLabel(locale, r.role)}</Tag>) },
              { key: 'expires', label: t('account.sessionExpires'), children: formatDateTime(me.sessionExpiresAt, locale) },
              { key: 'idle', label: t('account.idleTimeout'), children: t('account.minutes', { n: Math.round(me.idleTimeoutSeconds / 60) }) },
            ]}
          />
        </Card>
        <Card title={<h2 className="jdz-card-h">{t('account.changePassword')}</h2>}>
          <PasswordChangeForm onDone={() => void message.success(t('password.changed'))} />
        </Card>
        <SessionsCard />
      </Space>
    </>
  );
}
