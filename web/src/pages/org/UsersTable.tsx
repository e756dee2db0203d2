// The account list with its row actions, shared by the users page and the unit detail page.
import { App, Button, Popconfirm, Space, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { useCurrentUser } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { errorText } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { roleLabel, useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { can, canManageUser } from '../../permissions';
import type { Page, User } from '../../types';
import { isLocked } from './orgApi';
import type { Secret } from './SecretModal';

type Props = {
  data: Page<User> | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  onEdit: (u: User) => void;
  onSecret: (s: Secret) => void;
  hideUnit?: boolean;
};

export function UsersTable({ data, loading, page, pageSize, onPage, onEdit, onSecret, hideUnit }: Props) {
  const { t, locale } = useI18n();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const done = (text: string) => {
    void qc.invalidateQueries({ queryKey: ['org'] });
    void message.success(text);
  };
  const onError = (e: unknown) => void message.error(errorText(e, t));
  const toggle = useMutation({
    mutationFn: (u: User) => api.post<User>(`/api/org/users/${u.id}/${u.active ? 'deactivate' : 'activate'}`),
    onSuccess: (u) => done(u.active ? t('common.activated') : t('common.deactivated')),
    onError,
  });
  const reset = useMutation({
    mutationFn: (u: User) => api.post<{ initialPassword: string }>(`/api/org/users/${u.id}/reset-password`),
    onSuccess: (r, u) => {
      void qc.invalidateQueries({ queryKey: ['org'] });
      onSecret({ username: u.username, name: u.name, password: r.initialPassword, reset: true });
    },
    onError,
  });
  const unlock = useMutation({ mutationFn: (u: User) => api.post<User>(`/api/org/users/${u.id}/unlock`), onSuccess: () => done(t('users.unlocked')), onError });

  const status = (u: User) => (
    <Space size={4} wrap>
      {u.active ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
      {isLocked(u) && <Tag color="error">{t('users.locked')}</Tag>}
      {u.mustChangePassword && <Tag color="warning">{t('users.mustChange')}</Tag>}
    </Space>
  );
  const actions = (u: User) => {
    const manage = canManageUser(me, u.unitId);
    const self = String(u.id) === String(me.id);
    return (
      <Space size={4} wrap>
        {manage && (
          <Button size="small" data-testid={`user-edit-${u.username}`} onClick={() => onEdit(u)}>
            {t('common.edit')}
          </Button>
        )}
        {manage && !self && (
          <Popconfirm
            title={u.active ? t('users.confirmDeactivate', { name: u.name }) : t('users.confirmActivate', { name: u.name })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => toggle.mutate(u)}
          >
            <Button size="small" danger={u.active} data-testid={`user-toggle-${u.username}`}>
              {u.active ? t('common.deactivate') : t('common.activate')}
            </Button>
          </Popconfirm>
        )}
        {manage && !self && (
          <Popconfirm title={t('users.confirmReset', { name: u.name })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => reset.mutate(u)}>
            <Button size="small" data-testid={`user-reset-${u.username}`}>
              {t('users.resetPassword')}
            </Button>
          </Popconfirm>
        )}
        {manage && isLocked(u) && (
          <Button size="small" data-testid={`user-unlock-${u.username}`} onClick={() => unlock.mutate(u)}>
            {t('users.unlock')}
          </Button>
        )}
      </Space>
    );
  };
  const anyActions = can(me, 'org.users.manage') || can(me, 'org.users.manageOwnUnit');
  return (
    <DataTable<User>
      label={t('users.title')}
      testId="users-table"
      rowKey={(u) => String(u.id)}
      loading={loading}
      dataSource={data?.items ?? []}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        simple: mobile,
        showSizeChanger: !mobile,
        showTotal: (n) => t('common.total', { n }),
        onChange: onPage,
      }}
      columns={[
        { title: t('org.username'), dataIndex: 'username' },
        { title: t('org.name'), dataIndex: 'name' },
        { title: t('users.mobile'), key: 'mobile', render: (_, u) => u.mobile ?? '—' },
        ...(hideUnit ? [] : [{ title: t('users.unit'), key: 'unit', render: (_: unknown, u: User) => u.unitName ?? '—' }]),
        { title: t('users.roles'), key: 'roles', render: (_, u) => u.roles.map((r) => <Tag key={r.role}>{roleLabel(locale, r.role)}</Tag>) },
        { title: t('common.status'), key: 'status', render: (_, u) => status(u) },
        { title: t('users.lastLogin'), key: 'lastLoginAt', render: (_, u) => <span className="jdz-nowrap">{formatDateTime(u.lastLoginAt, locale)}</span> },
        ...(anyActions ? [{ title: t('common.actions'), key: 'actions', fixed: mobile ? undefined : ('right' as const), render: (_: unknown, u: User) => actions(u) }] : []),
      ]}
    />
  );
}
