// My sessions, with "end" per session and "sign out everywhere" (POST /api/auth/logout-all).
import { App, Button, Card, Popconfirm, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { useSignOut } from '../../auth';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import type { SessionInfo } from '../../types';

/** A short description of a User-Agent string: browser and system, enough to recognise a device. */
export function describeAgent(ua: string | null): string {
  if (!ua) return '—';
  const browser = /MicroMessenger/i.test(ua) ? 'WeChat' : /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : '';
  const os = /Android/i.test(ua) ? 'Android' : /iPhone|iPad/i.test(ua) ? 'iOS' : /Windows/i.test(ua) ? 'Windows' : /Mac OS/i.test(ua) ? 'macOS' : /Linux/i.test(ua) ? 'Linux' : '';
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 60) || '—';
}

export function SessionsCard() {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const signOut = useSignOut();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => api.get<{ items: SessionInfo[] }>('/api/auth/sessions') });
  const end = useMutation({
    mutationFn: (s: SessionInfo) => api.del(`/api/auth/sessions/${s.id}`),
    onSuccess: (_, s) => {
      if (s.current) return void signOut('local');
      void qc.invalidateQueries({ queryKey: ['sessions'] });
      void message.success(t('sessions.ended'));
    },
    onError: (e) => void message.error(errorText(e, t)),
  });

  const everywhere = () =>
    modal.confirm({
      title: t('sessions.logoutAllConfirm'),
      content: t('sessions.logoutAllText'),
      okText: t('sessions.logoutAll'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: () => signOut('everywhere'),
    });

  return (
    <Card
      title={<h2 className="jdz-card-h">{t('sessions.title')}</h2>}
      extra={
        <Button danger onClick={everywhere} data-testid="logout-all">
          {t('sessions.logoutAll')}
        </Button>
      }
    >
      <ErrorAlert error={sessions.error} />
      <DataTable<SessionInfo>
        label={t('sessions.title')}
        testId="sessions-table"
        rowKey={(s) => String(s.id)}
        loading={sessions.isPending}
        dataSource={[...(sessions.data?.items ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt))}
        pagination={false}
        columns={[
          {
            title: t('sessions.device'),
            key: 'ua',
            render: (_, s) => (
              <span title={s.userAgent ?? undefined}>
                {describeAgent(s.userAgent)} {s.current && <Tag color="processing">{t('sessions.current')}</Tag>}
              </span>
            ),
          },
          { title: t('sessions.ip'), key: 'ip', render: (_, s) => s.ip ?? '—' },
          { title: t('sessions.createdAt'), key: 'createdAt', render: (_, s) => <span className="jdz-nowrap">{formatDateTime(s.createdAt, locale)}</span> },
          { title: t('sessions.lastSeenAt'), key: 'lastSeenAt', render: (_, s) => <span className="jdz-nowrap">{formatDateTime(s.lastSeenAt, locale)}</span> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, s) => (
              <Popconfirm
                title={s.current ? t('sessions.endCurrentConfirm') : t('sessions.endConfirm')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => end.mutate(s)}
              >
                <Button size="small" data-testid={`session-end-${s.id}`}>
                  {t('sessions.end')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
