// The desk's overview: totals, per sector the units that sent none / too few / enough, and every unit
// with its counts (sortable, filtered by standing) so the office sees at a glance who is missing.
import { useMemo, useState } from 'react';
import { Button, Card, Input, Radio, Select, Tag } from 'antd';
import { DataTable } from '../../components/DataTable';
import { unitTypeLabel, useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { sectorLabel } from '../org/orgApi';
import { TAG } from './deskApi';
import type { SectorCount, Standing, Summary, UnitCount } from './deskApi';

export function StandingTag({ standing, n, min, max }: { standing: Standing; n: number; min: number; max: number }) {
  const { t } = useI18n();
  if (standing === 'none') return <Tag color={TAG.red}>{t('desk.standing.none')}</Tag>;
  if (standing === 'below') return <Tag color={TAG.orange}>{t('desk.standing.belowN', { n, min })}</Tag>;
  return <Tag color={TAG.green}>{t('desk.standing.okN', { n, min, max })}</Tag>;
}

function Stat({ label, value, testId, tone }: { label: string; value: number | string; testId: string; tone?: string }) {
  return (
    <div style={{ minWidth: 120, flex: '1 1 120px', background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: '10px 14px' }}>
      <div style={{ color: '#595959', fontSize: 13 }}>{label}</div>
      <div data-testid={testId} style={{ fontSize: 24, fontWeight: 600, color: tone ?? '#262626' }}>
        {value}
      </div>
    </div>
  );
}

export function Overview({ summary, loading, onUnit }: { summary: Summary | undefined; loading: boolean; onUnit: (unitId: number) => void }) {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const [standing, setStanding] = useState<Standing | 'all'>('all');
  const [sector, setSector] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const min = summary?.ideasMin ?? 2;
  const max = summary?.ideasMax ?? 5;
  const units = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (summary?.units ?? []).filter(
      (u) => (standing === 'all' || u.standing === standing) && (sector === undefined || u.sectorId === sector) && (!needle || u.name.toLowerCase().includes(needle) || u.code.toLowerCase().includes(needle)),
    );
  }, [summary, standing, sector, q]);
  const tot = summary?.totals;

  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 16 }} data-testid="desk-totals">
        <Stat label={t('desk.total.units')} value={tot?.units ?? '—'} testId="desk-total-units" />
        <Stat label={t('desk.total.none')} value={tot?.none ?? '—'} testId="desk-total-none" tone="#a8071a" />
        <Stat label={t('desk.total.below', { min })} value={tot?.below ?? '—'} testId="desk-total-below" tone="#ad4e00" />
        <Stat label={t('desk.total.ok', { min, max })} value={tot?.ok ?? '—'} testId="desk-total-ok" tone="#237804" />
        <Stat label={t('desk.total.submitted')} value={tot?.submitted ?? '—'} testId="desk-total-submitted" />
        <Stat label={t('desk.total.received')} value={tot?.received ?? '—'} testId="desk-total-received" />
      </div>

      <Card title={<h2 className="jdz-card-h">{t('desk.bySector')}</h2>} style={{ marginBottom: 16 }} size="small">
        <DataTable<SectorCount>
          label={t('desk.bySector')}
          testId="desk-sectors"
          locale={{ emptyText: <span style={{ color: '#595959' }}>{t('desk.empty')}</span> }}
          rowKey={(s) => String(s.sectorId)}
          loading={loading}
          dataSource={summary?.sectors ?? []}
          pagination={false}
          columns={[
            { title: t('desk.col.sector'), key: 'sector', render: (_, s) => sectorLabel(locale, { name: s.sectorName }) },
            { title: t('desk.col.units'), dataIndex: 'units', align: 'right' },
            {
              title: t('desk.standing.none'),
              key: 'none',
              align: 'right',
              render: (_, s) => (
                <Button type="link" size="small" style={{ padding: 0, color: s.none ? '#a8071a' : undefined }} aria-label={`${s.none} ${t('desk.showSectorStanding', { sector: s.sectorName, what: t('desk.standing.none') })}`} onClick={() => { setSector(s.sectorId); setStanding('none'); }}>
                  {s.none}
                </Button>
              ),
            },
            {
              title: t('desk.standing.below', { min }),
              key: 'below',
              align: 'right',
              render: (_, s) => (
                <Button type="link" size="small" style={{ padding: 0, color: s.below ? '#ad4e00' : undefined }} aria-label={`${s.below} ${t('desk.showSectorStanding', { sector: s.sectorName, what: t('desk.standing.below', { min }) })}`} onClick={() => { setSector(s.sectorId); setStanding('below'); }}>
                  {s.below}
                </Button>
              ),
            },
            { title: t('desk.standing.ok', { min, max }), dataIndex: 'ok', align: 'right' },
            { title: t('desk.col.submitted'), dataIndex: 'submitted', align: 'right' },
          ]}
        />
      </Card>

      <Card title={<h2 className="jdz-card-h">{t('desk.byUnit')}</h2>} size="small">
        <div className="jdz-filters" role="search" aria-label={t('desk.unitFilters')}>
          <Radio.Group
            value={standing}
            onChange={(e) => setStanding(e.target.value as Standing | 'all')}
            optionType="button"
            aria-label={t('desk.col.standing')}
            data-testid="desk-standing-filter"
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'none', label: t('desk.standing.none') },
              { value: 'below', label: t('desk.standing.below', { min }) },
              { value: 'ok', label: t('desk.standing.ok', { min, max }) },
            ]}
          />
          <Select
            aria-label={t('desk.col.sector')}
            placeholder={t('desk.allSectors')}
            allowClear
            value={sector}
            onChange={(v) => setSector(v)}
            options={(summary?.sectors ?? []).map((s) => ({ value: s.sectorId, label: sectorLabel(locale, { name: s.sectorName }) }))}
            style={{ width: 160 }}
            data-testid="desk-unit-sector"
          />
          <Input.Search aria-label={t('desk.searchUnit')} placeholder={t('desk.searchUnit')} allowClear onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 220 }} data-testid="desk-unit-search" />
        </div>
        <DataTable<UnitCount>
          label={t('desk.byUnit')}
          testId="desk-units"
          locale={{ emptyText: <span style={{ color: '#595959' }}>{t('desk.empty')}</span> }}
          rowKey={(u) => String(u.unitId)}
          loading={loading}
          dataSource={units}
          pagination={{ defaultPageSize: 20, simple: mobile, showSizeChanger: !mobile, showTotal: (n) => t('common.total', { n }) }}
          onRow={(u) => ({ 'data-testid': `desk-unit-${u.code}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('desk.col.code'), dataIndex: 'code', sorter: (a, b) => a.code.localeCompare(b.code), className: mobile ? 'jdz-hide-phone' : undefined },
            {
              title: t('desk.col.unit'),
              key: 'name',
              sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
              render: (_, u) => (
                <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onUnit(u.unitId)} data-testid={`desk-unit-open-${u.code}`}>
                  {u.name}
                </Button>
              ),
            },
            { title: t('desk.col.type'), key: 'type', render: (_, u) => unitTypeLabel(locale, u.type), className: mobile ? 'jdz-hide-phone' : undefined },
            { title: t('desk.col.sector'), key: 'sector', render: (_, u) => sectorLabel(locale, { name: u.sectorName }), sorter: (a, b) => a.sectorId - b.sectorId },
            {
              title: t('desk.col.submitted'),
              dataIndex: 'submitted',
              align: 'right',
              sorter: (a, b) => a.submitted - b.submitted,
              defaultSortOrder: 'ascend',
              render: (n: number) => <span data-testid="desk-unit-submitted">{n}</span>,
            },
            { title: t('desk.col.received'), dataIndex: 'received', align: 'right', sorter: (a, b) => a.received - b.received },
            { title: t('desk.col.inReview'), dataIndex: 'inReview', align: 'right', sorter: (a, b) => a.inReview - b.inReview },
            { title: t('desk.col.returned'), dataIndex: 'returned', align: 'right', sorter: (a, b) => a.returned - b.returned },
            {
              title: t('desk.col.standing'),
              key: 'standing',
              sorter: (a, b) => a.submitted - b.submitted,
              render: (_, u) => <StandingTag standing={u.standing} n={u.submitted} min={min} max={max} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
