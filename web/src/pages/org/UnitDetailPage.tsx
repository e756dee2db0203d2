// One unit and its accounts. For a unit admin this is "本单位": they manage their members here.
import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, Descriptions, Input, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useCurrentUser } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoPermission } from '../../components/NoPermission';
import { PageHeader } from '../../components/PageHeader';
import { unitTypeLabel, useI18n, usePageTitle } from '../../i18n';
import NotFoundPage from '../NotFoundPage';
import { canManageUser } from '../../permissions';
import { isApiError } from '../../api';
import { sectorLabel, useUnit, useUsers, DEFAULT_PAGE_SIZE } from './orgApi';
import { UsersTable } from './UsersTable';
import { useUserForms } from './useUserForms';

export default function UnitDetailPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const me = useCurrentUser();
  const unit = useUnit(id);
  usePageTitle(unit.data ? 'units.detailTitle' : 'units.title', { name: unit.data?.name ?? '' });
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: DEFAULT_PAGE_SIZE });
  const users = useUsers({ unitId: id, q, ...page }, !!unit.data);
  const manage = !!unit.data && canManageUser(me, unit.data.id);
  const forms = useUserForms(manage, unit.data ? { id: unit.data.id, name: unit.data.name } : null);

  if (isApiError(unit.error) && unit.error.status === 404) return <NotFoundPage />;
  if (isApiError(unit.error) && unit.error.status === 403) return <NoPermission />;
  const u = unit.data;
  return (
    <>
      <PageHeader
        title={<span data-testid="unit-detail-name">{u?.name ?? t('units.title')}</span>}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} data-testid="unit-member-create" onClick={forms.openCreate}>
              {t('units.addMember')}
            </Button>
          )
        }
      />
      <ErrorAlert error={unit.error} />
      <Card loading={unit.isPending} style={{ marginBottom: 16 }} title={<h2 className="jdz-card-h">{t('units.info')}</h2>}>
        {u && (
          <Descriptions
            column={{ xs: 1, sm: 2, lg: 3 }}
            size="small"
            items={[
              { key: 'code', label: t('units.code'), children: u.code },
              { key: 'type', label: t('units.type'), children: unitTypeLabel(locale, u.type) },
              { key: 'sector', label: t('units.sector'), children: sectorLabel(locale, { name: u.sectorName }) },
              { key: 'town', label: t('units.town'), children: u.town || '—' },
              { key: 'contact', label: t('units.contact'), children: [u.contactName, u.contactPhone].filter(Boolean).join(' ') || '—' },
              { key: 'members', label: t('units.members'), children: u.memberCount },
              { key: 'status', label: t('common.status'), children: u.active ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag> },
            ]}
          />
        )}
      </Card>
      <Card title={<h2 className="jdz-card-h">{t('units.accounts')}</h2>}>
        <div className="jdz-filters" role="search" aria-label={t('common.filters')}>
          <Input.Search
            aria-label={t('users.search')}
            placeholder={t('users.search')}
            allowClear
            onSearch={(v) => {
              setQ(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            style={{ width: 240 }}
            data-testid="unit-users-search"
          />
        </div>
        <ErrorAlert error={users.error} />
        <UsersTable
          data={users.data}
          loading={users.isFetching}
          page={page.page}
          pageSize={page.pageSize}
          onPage={(p, ps) => setPage({ page: p, pageSize: ps })}
          onEdit={forms.openEdit}
          onSecret={forms.showSecret}
          hideUnit
        />
      </Card>
      {forms.elements}
    </>
  );
}
