// Create or edit an account. The bureau office sets any unit and roles; a unit admin creates
// and edits members of their own unit. A draft is kept in sessionStorage until saved or cancelled.
import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ROLES } from '../../../../src/shared/roles';
import type { Role } from '../../../../src/shared/roles';
import { api } from '../../api';
import { useCurrentUser } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { clearDraft, saveDraft } from '../../drafts';
import { roleLabel, useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { can } from '../../permissions';
import type { Id, RoleGrant, User } from '../../types';
import { changedFields, sectorLabel, useSectors } from './orgApi';
import type { Secret } from './SecretModal';
import { UnitSelect } from './UnitSelect';

export const USER_DRAFT = 'userForm';
export type UserValues = { username: string; name: string; mobile: string; email: string; unitId: Id | null; roles: Role[]; sectorId: Id | null };

export function userToValues(u: User): UserValues {
  const sl = u.roles.find((r) => r.role === 'sector_leader');
  return { username: u.username, name: u.name, mobile: u.mobile ?? '', email: u.email ?? '', unitId: u.unitId, roles: u.roles.map((r) => r.role), sectorId: sl?.sectorId ?? null };
}

function grants(v: UserValues): RoleGrant[] {
  return v.roles.map((role) => ({ role, sectorId: role === 'sector_leader' ? v.sectorId : null }));
}

type Props = { open: boolean; user: User | null; initial?: UserValues; fixedUnit?: { id: Id; name: string } | null; onClose: () => void; onCreated: (s: Secret) => void };

export function UserFormModal({ open, user, initial, fixedUnit, onClose, onCreated }: Props) {
  const { t, locale } = useI18n();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const fullAdmin = can(me, 'org.users.manage');
  const sectors = useSectors(open && fullAdmin);
  const roles = Form.useWatch('roles', form) ?? [];
  const [error, setError] = useState<unknown>(null);
  const unitLocked = !fullAdmin || !!fixedUnit;
  const unit = fixedUnit ?? (!fullAdmin && me.unit ? { id: me.unit.id, name: me.unit.name } : null);

  const save = useMutation({
    mutationFn: async (v: UserValues) => {
      const clean = { name: v.name.trim(), mobile: v.mobile?.trim() ?? '', email: v.email?.trim() ?? '', unitId: unitLocked ? (unit?.id ?? null) : v.unitId };
      if (user) {
        const before = userToValues(user);
        const diff: Record<string, unknown> = changedFields({ name: before.name, mobile: before.mobile, email: before.email, unitId: before.unitId }, clean);
        if (fullAdmin && JSON.stringify(grants(v)) !== JSON.stringify(grants(before))) diff.roles = grants(v).map(stripNullSector);
        return { user: await api.put<User>(`/api/org/users/${user.id}`, diff) };
      }
      const body: Record<string, unknown> = { username: v.username.trim(), name: clean.name, roles: fullAdmin ? grants(v).map(stripNullSector) : [{ role: 'member' }] };
      if (clean.mobile) body.mobile = clean.mobile;
      if (clean.email) body.email = clean.email;
      if (clean.unitId !== null && clean.unitId !== undefined) body.unitId = clean.unitId;
      return api.post<{ user: User; initialPassword: string }>('/api/org/users', body);
    },
    onSuccess: (res) => {
      clearDraft(USER_DRAFT);
      void qc.invalidateQueries({ queryKey: ['org'] });
      setError(null);
      onClose();
      if ('initialPassword' in res && res.initialPassword) onCreated({ username: res.user.username, name: res.user.name, password: res.initialPassword, reset: false });
      else void message.success(t('common.saved'));
    },
    onError: setError,
  });
  const cancel = () => {
    clearDraft(USER_DRAFT);
    setError(null);
    onClose();
  };
  const required = { required: true, whitespace: true, message: t('common.required') };
  const empty: UserValues = { username: '', name: '', mobile: '', email: '', unitId: unit?.id ?? null, roles: fullAdmin ? [] : ['member'], sectorId: null };
  return (
    <Modal
      open={open}
      title={user ? t('users.edit') : t('users.create')}
      onCancel={cancel}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={buttonWithTestId('user-form-submit', { loading: save.isPending })}
      width={mobile ? '100%' : 560}
      destroyOnHidden
    >
      <ErrorAlert error={error} testId="user-form-error" />
      <Form<UserValues>
        form={form}
        layout="vertical"
        initialValues={initial ?? (user ? userToValues(user) : empty)}
        onValuesChange={(_, all) => saveDraft(USER_DRAFT, me.id, user, all)}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="username" label={t('org.username')} rules={user ? [] : [required, { pattern: /^\s*[A-Za-z0-9._-]{3,32}\s*$/, message: t('users.usernameInvalid') }]} extra={user ? undefined : t('users.usernameHint')}>
          <Input data-testid="user-username" disabled={!!user} autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('org.name')} rules={[required, { max: 50 }]}>
          <Input data-testid="user-name" autoComplete="off" maxLength={50} />
        </Form.Item>
        <Form.Item name="mobile" label={t('users.mobile')} rules={[{ pattern: /^\s*[1１][3-9３-９][0-9０-９]{9}\s*$/, message: t('users.mobileInvalid') }]}>
          <Input data-testid="user-mobile" inputMode="tel" autoComplete="off" maxLength={20} />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('users.emailInvalid') }]}>
          <Input data-testid="user-email" type="email" autoComplete="off" maxLength={254} />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('users.unit')}
          dependencies={['roles']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v == null && (getFieldValue('roles') as Role[] | undefined)?.some((r) => r === 'unit_admin' || r === 'member')
                  ? Promise.reject(new Error(t('users.unitRequired')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <UnitSelect testId="user-unit" disabled={unitLocked} initialOption={unit ?? (user?.unitId != null && user.unitName ? { id: user.unitId, name: user.unitName } : null)} />
        </Form.Item>
        {fullAdmin && (
          <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, message: t('users.rolesRequired') }]}>
            <Select mode="multiple" data-testid="user-roles" options={ROLES.map((r) => ({ value: r, label: roleLabel(locale, r) }))} />
          </Form.Item>
        )}
        {fullAdmin && roles.includes('sector_leader') && (
          <Form.Item name="sectorId" label={t('users.sectorOfLeader')} rules={[{ required: true, message: t('common.required') }]}>
            <Select data-testid="user-sector" options={(sectors.data ?? []).map((s) => ({ value: s.id, label: sectorLabel(locale, s) }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function stripNullSector(g: RoleGrant): { role: Role; sectorId?: Id } {
  return g.sectorId === null || g.sectorId === undefined ? { role: g.role } : { role: g.role, sectorId: g.sectorId };
}
