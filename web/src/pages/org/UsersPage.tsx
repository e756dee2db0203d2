// Accounts: search and filter by unit, role and status; create (initial password shown once),
// edit, deactivate/activate, reset password, unlock — as the caller's role allows.
import { Button, Input, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLES } from '../../../../src/shared/roles';
import { useCurrentUser } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { roleLabel, useI18n, usePageTitle } from '../../i18n';
import { can } from '../../permissions';
import { useListParams, useUsers } from './orgApi';
import { UnitSelect } from './UnitSelect';
import { UsersTable } from './UsersTable';
import { useUserForms } from './useUserForms';
import { StatusFilter } from '../../components/StatusFilter';

const KEYS = ['q', 'unitId', 'role', 'active', 'inactiveDays'] as const;

export default function UsersPage() {
  const { t, locale } = useI18n();
  usePageTitle('users.title');
  const me = useCurrentUser();
  const { values, page, pageSize, set } = useListParams(KEYS);
  const users = useUsers({ ...values, page, pageSize });
  const canCreate = can(me, 'org.users.manage');
  const forms = useUserForms(canCreate || can(me, 'org.users.manageOwnUnit'));

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          canCreate && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} data-testid="user-create" onClick={forms.openCreate}>
              {t('users.create')}
            </Button>
          )
        }
      />
      <div className="jdz-filters" role="search" aria-label={t('common.filters')}>
        <Input.Search
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          defaultValue={values.q}
          allowClear
          onSearch={(q) => set({ q })}
          style={{ width: 240 }}
          data-testid="users-search"
        />
        <UnitSelect ariaLabel={t('users.unit')} value={values.unitId ?? null} onChange={(v) => set({ unitId: v === null ? undefined : String(v) })} testId="users-filter-unit" style={{ width: 220 }} />
        <Select
          aria-label={t('users.roles')}
          placeholder={t('users.allRoles')}
          allowClear
          value={values.role}
          onChange={(v) => set({ role: v })}
          options={ROLES.map((r) => ({ value: r, label: roleLabel(locale, r) }))}
          style={{ width: 180 }}
          data-testid="users-filter-role"
        />
        <StatusFilter value={values.active} onChange={(v) => set({ active: v })} testId="users-filter-active" />
        <Select
          aria-label={t('users.staleFilter')}
          placeholder={t('users.staleAny')}
          allowClear
          value={values.inactiveDays}
          onChange={(v) => set({ inactiveDays: v })}
          options={[
            { value: '90', label: t('users.stale90') },
            { value: '180', label: t('users.stale180') },
          ]}
          style={{ width: 180 }}
          data-testid="users-filter-stale"
        />
      </div>
      <ErrorAlert error={users.error} />
      <UsersTable
        data={users.data}
        loading={users.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={(p, ps) => set({ page: p, pageSize: ps })}
        onEdit={forms.openEdit}
        onSecret={forms.showSecret}
      />
      {forms.elements}
    </>
  );
}
