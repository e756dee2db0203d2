// Units (单位): search and filter by sector, type and status; the bureau office creates, edits,
// deactivates and activates them. Leaders and inspectors read; a sector leader sees their sector.
import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Input, Popconfirm, Select, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { UNIT_TYPES } from '../../../../src/shared/roles';
import { api } from '../../api';
import { useCurrentUser } from '../../auth';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { unitTypeLabel, useI18n, usePageTitle } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { can } from '../../permissions';
import type { Unit } from '../../types';
import { sectorLabel, useListParams, useSectors, useUnits } from './orgApi';
import { UNIT_DRAFT, UnitFormModal } from './UnitFormModal';
import type { UnitValues } from './UnitFormModal';
import { useDraftRestore } from './useDraftRestore';
import { StatusFilter } from '../../components/StatusFilter';

const KEYS = ['q', 'sectorId', 'type', 'active'] as const;

export default function UnitsPage() {
  const { t, locale } = useI18n();
  usePageTitle('units.title');
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { values, page, pageSize, set } = useListParams(KEYS);
  const units = useUnits({ ...values, page, pageSize });
  const showSectors = can(me, 'org.sectors.view');
  const sectors = useSectors(showSectors);
  const manage = can(me, 'org.units.manage');
  const [modal, setModalState] = useState<{ unit: Unit | null; initial?: UnitValues } | null>(null);
  // A fresh form instance per opening: antd keeps a form's values across remounts otherwise.
  const [seq, setSeq] = useState(0);
  const setModal = (m: { unit: Unit | null; initial?: UnitValues }) => {
    setSeq((n) => n + 1);
    setModalState(m);
  };
  useDraftRestore<UnitValues, Unit>(UNIT_DRAFT, manage, (d) => setModal({ unit: d.target, initial: d.values }));

  const toggle = useMutation({
    mutationFn: (u: Unit) => api.post<Unit>(`/api/org/units/${u.id}/${u.active ? 'deactivate' : 'activate'}`),
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: ['org'] });
      void message.success(u.active ? t('common.activated') : t('common.deactivated'));
    },
    onError: (e) => void message.error(errorText(e, t)),
  });

  return (
    <>
      <PageHeader
        title={t('units.title')}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} data-testid="unit-create" onClick={() => setModal({ unit: null })}>
              {t('units.create')}
            </Button>
          )
        }
      />
      <div className="jdz-filters" role="search" aria-label={t('common.filters')}>
        <Input.Search
          aria-label={t('units.search')}
          placeholder={t('units.search')}
          defaultValue={values.q}
          allowClear
          onSearch={(q) => set({ q })}
          style={{ width: 240 }}
          data-testid="units-search"
        />
        {showSectors && (
          <Select
            aria-label={t('units.sector')}
            placeholder={t('units.allSectors')}
            allowClear
            value={values.sectorId}
            onChange={(v) => set({ sectorId: v })}
            options={(sectors.data ?? []).map((s) => ({ value: String(s.id), label: sectorLabel(locale, s) }))}
            style={{ width: 160 }}
            data-testid="units-filter-sector"
          />
        )}
        <Select
          aria-label={t('units.type')}
          placeholder={t('units.allTypes')}
          allowClear
          value={values.type}
          onChange={(v) => set({ type: v })}
          options={UNIT_TYPES.map((x) => ({ value: x, label: unitTypeLabel(locale, x) }))}
          style={{ width: 180 }}
          data-testid="units-filter-type"
        />
        <StatusFilter value={values.active} onChange={(v) => set({ active: v })} testId="units-filter-active" />
      </div>
      <ErrorAlert error={units.error} />
      <DataTable<Unit>
        label={t('units.title')}
        testId="units-table"
        rowKey={(u) => String(u.id)}
        loading={units.isFetching}
        dataSource={units.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: units.data?.total ?? 0,
          simple: mobile,
          showSizeChanger: !mobile,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, ps) => set({ page: p, pageSize: ps }),
        }}
        columns={[
          { title: t('units.code'), dataIndex: 'code' },
          { title: t('units.name'), key: 'name', render: (_, u) => <Link to={`/org/units/${u.id}`}>{u.name}</Link> },
          { title: t('units.type'), key: 'type', render: (_, u) => unitTypeLabel(locale, u.type) },
          { title: t('units.sector'), key: 'sector', render: (_, u) => sectorLabel(locale, { name: u.sectorName }) },
          { title: t('units.town'), dataIndex: 'town' },
          { title: t('units.contact'), key: 'contact', render: (_, u) => [u.contactName, u.contactPhone].filter(Boolean).join(' ') || '—' },
          { title: t('units.members'), dataIndex: 'memberCount', align: 'right' },
          { title: t('common.status'), key: 'active', render: (_, u) => (u.active ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>) },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  fixed: mobile ? undefined : ('right' as const),
                  render: (_: unknown, u: Unit) => (
                    <Space size={4} wrap>
                      <Button size="small" data-testid={`unit-edit-${u.code}`} onClick={() => setModal({ unit: u })}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={u.active ? t('units.confirmDeactivate', { name: u.name }) : t('units.confirmActivate', { name: u.name })}
                        okText={t('common.confirm')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => toggle.mutate(u)}
                      >
                        <Button size="small" danger={u.active} data-testid={`unit-toggle-${u.code}`}>
                          {u.active ? t('common.deactivate') : t('common.activate')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <UnitFormModal key={seq} open={!!modal} unit={modal?.unit ?? null} initial={modal?.initial} onClose={() => setModalState(null)} />
    </>
  );
}
