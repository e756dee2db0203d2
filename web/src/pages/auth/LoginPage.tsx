// Sign-in by username or mobile number. Shows the server's messages for wrong credentials,
// lockout (423) and rate limit (429), and the "session expired" notice after a timeout.
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { api, ApiError, rememberMe } from '../../api';
import { ME_KEY, FullPageSpin, mustChangePassword, safeNext, useMe } from '../../auth';
import { errorText } from '../../components/ErrorAlert';
import { clearSessionExpired, takeSessionExpired } from '../../drafts';
import { useI18n, usePageTitle } from '../../i18n';
import { LangSwitch } from '../../layout/LangSwitch';
import type { Me } from '../../types';

type Values = { username: string; password: string };

export default function LoginPage() {
  const { t } = useI18n();
  usePageTitle('login.title');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me, isPending } = useMe();
  const [expired] = useState(() => takeSessionExpired());
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [, tick] = useState(0);
  const waitLeft = Math.max(0, Math.ceil((waitUntil - Date.now()) / 1000));
  useEffect(() => {
    if (!waitLeft) return;
    const id = window.setTimeout(() => tick((n) => n + 1), 1000);
    return () => window.clearTimeout(id);
  }, [waitLeft, waitUntil]);

  if (isPending) return <FullPageSpin />;
  if (me && !submitting) return <Navigate to={mustChangePassword(me) ? '/change-password' : next} replace />;

  async function onFinish(v: Values) {
    setSubmitting(true);
    setError(null);
    try {
      const res = await api.post<{ user: Me }>('/api/auth/login', { username: v.username.trim(), password: v.password });
      clearSessionExpired();
      rememberMe(res.user);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, res.user);
      navigate(mustChangePassword(res.user) ? '/change-password' : next, { replace: true });
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 429 && e.retryAfterSeconds) setWaitUntil(Date.now() + e.retryAfterSeconds * 1000);
      setSubmitting(false);
    }
  }

  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="jdz-login-wrap">
      <header className="jdz-login-lang">
        <LangSwitch />
      </header>
      <main className="jdz-login-card">
        <div className="jdz-login-title">
          <span className="jdz-brand-mark" aria-hidden style={{ width: 48, height: 48, fontSize: 26 }}>
            金
          </span>
          <Typography.Title level={1}>{t('app.name')}</Typography.Title>
          <Typography.Text>{t('app.subtitle')}</Typography.Text>
        </div>
        <Card>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
            {t('login.heading')}
          </Typography.Title>
          {expired && !error && <Alert type="warning" showIcon role="alert" data-testid="login-expired" title={t('login.expired')} style={{ marginBottom: 16 }} />}
          {error !== null && (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="login-error"
              data-code={code}
              title={<span style={code === 'ACCOUNT_LOCKED' ? { fontWeight: 600 } : undefined}>{errorText(error, t)}</span>}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false} disabled={submitting}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" data-testid="login-username" size="large" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" data-testid="login-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting} disabled={waitLeft > 0} data-testid="login-submit">
              {waitLeft > 0 ? t('login.wait', { seconds: waitLeft }) : t('login.submit')}
            </Button>
          </Form>
        </Card>
        <Typography.Paragraph style={{ textAlign: 'center', marginTop: 16 }}>{t('login.help')}</Typography.Paragraph>
      </main>
    </div>
  );
}
