// Shown while me.mustChangePassword or passwordExpired: no other page is reachable until done.
import { useNavigate } from 'react-router';
import { App, Button, Card, Typography } from 'antd';
import { useCurrentUser, useSignOut } from '../../auth';
import { useI18n, usePageTitle } from '../../i18n';
import { Brand } from '../../layout/AppLayout';
import { LangSwitch } from '../../layout/LangSwitch';
import { PasswordChangeForm } from './PasswordChangeForm';

export default function ForcedPasswordPage() {
  const { t } = useI18n();
  usePageTitle('forced.title');
  const me = useCurrentUser();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const { message } = App.useApp();
  return (
    <div className="jdz-login-wrap" style={{ justifyContent: 'flex-start' }}>
      <header style={{ width: '100%', maxWidth: 520, display: 'flex', alignItems: 'center', gap: 8, marginBottom: 16 }}>
        <Brand />
        <span style={{ flex: 1 }} />
        <LangSwitch />
        <Button type="text" data-testid="logout-button" onClick={() => void signOut()}>
          {t('nav.logout')}
        </Button>
      </header>
      <main style={{ width: '100%', maxWidth: 520 }}>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
            {t('forced.title')}
          </Typography.Title>
          <Typography.Paragraph data-testid="forced-reason">{t(me.passwordExpired && !me.mustChangePassword ? 'forced.expired' : 'forced.initial', { name: me.name })}</Typography.Paragraph>
          <PasswordChangeForm
            onDone={() => {
              void message.success(t('password.changed'));
              navigate('/', { replace: true });
            }}
          />
        </Card>
      </main>
    </div>
  );
}
