// All submissions: filters (sector, unit, unit type, topic, status, authorship, 字数, late, imported)
// and a search box over titles and texts, kept in the URL; paginated on the server. Phones come
// masked from the server for everyone but the unit; a row opens the idea's page.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { UNIT_TYPES } from '../../../../src/shared/roles';
import { IDEA_STATUSES } from '../../../../src/modules/ideas/ideas.states';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { unitTypeLabel, useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { sectorLabel, useListParams } from '../org/orgApi';
import { FILTER_KEYS, filterQuery, STATUS_COLOR, statusLabel, TAG, useCampaign } from './deskApi';
import type { DeskIdea, Filters, IdeaPage, Summary } from './deskApi';
import { ExportBar } from './ExportBar';

/** Selects apply at once; typed fields (search, 字数) on Enter or 查询. */
const IMMEDIATE = new Set(['sectorId', 'unitId', 'unitType', 'topic', 'status', 'authorship', 'late', 'imported']);

export function IdeasTab({ summary }: { summary: Summary | undefined }) {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const { values, page, pageSize, set } = useListParams(FILTER_KEYS);
  const filters = filterQuery(values);
  const query = { ...filters, page, pageSize };
  const list = useQuery({ queryKey: ['ideas', 'desk-list', query], queryFn: () => api.get<IdeaPage>('/api/ideas', query), placeholderData: keepPreviousData });
  const campaign = useCampaign();
  const [form] = Form.useForm<Filters>();
  // On a phone the filters beyond the search box fold away until asked for (or already in use).
  const [more, setMore] = useState(() => FILTER_KEYS.some((k) => k !== 'q' && values[k]));
  const folded = mobile && !more;
  // Back/forward or a unit clicked in the overview change the URL: the form follows (keyed by the values, not the object).
  const key = JSON.stringify(values);
  useEffect(() => {
    form.setFieldsValue(Object.fromEntries(FILTER_KEYS.map((k) => [k, values[k] ?? undefined])) as Filters);
  }, [key]);

  const apply = (v: Filters) => {
    const patch: Record<string, string | undefined> = {};
    for (const k of FILTER_KEYS) {
      const x = v[k];
      patch[k] = x === undefined || x === null ? undefined : String(x).trim() || undefined;
    }
    set(patch);
  };
  const w = (px: number) => ({ width: mobile ? '100%' : px });
  const yesNo = [
    { value: 'true', label: t('desk.yes') },
    { value: 'false', label: t('desk.no') },
  ];

  return (
    <>
      <Form<Filters>
        form={form}
        layout={mobile ? 'vertical' : 'inline'}
        className="jdz-filters"
        role="search"
        aria-label={t('common.filters')}
        initialValues={values}
        onFinish={apply}
        onValuesChange={(changed) => {
          if (Object.keys(changed).some((k) => IMMEDIATE.has(k))) form.submit();
        }}
        style={{ rowGap: 8 }}
      >
        <Form.Item name="q" label={t('desk.filter.q')}>
          <Input.Search allowClear placeholder={t('desk.filter.qPlaceholder')} onSearch={() => form.submit()} style={w(240)} data-testid="desk-search" maxLength={100} />
        </Form.Item>
        <Form.Item hidden={folded} name="sectorId" label={t('desk.col.sector')}>
          <Select allowClear placeholder={t('common.all')} style={w(130)} data-testid="desk-filter-sector" options={(summary?.sectors ?? []).map((s) => ({ value: String(s.sectorId), label: sectorLabel(locale, { name: s.sectorName }) }))} />
        </Form.Item>
        <Form.Item hidden={folded} name="unitId" label={t('desk.col.unit')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('common.all')}
            style={w(220)}
            data-testid="desk-filter-unit"
            options={(summary?.units ?? []).map((u) => ({ value: String(u.unitId), label: `${u.name}（${u.code}）` }))}
          />
        </Form.Item>
        <Form.Item hidden={folded} name="unitType" label={t('desk.col.type')}>
          <Select allowClear placeholder={t('common.all')} style={w(150)} data-testid="desk-filter-type" options={UNIT_TYPES.map((x) => ({ value: x, label: unitTypeLabel(locale, x) }))} />
        </Form.Item>
        <Form.Item hidden={folded} name="topic" label={t('desk.col.topic')}>
          <Select allowClear placeholder={t('common.all')} style={w(170)} data-testid="desk-filter-topic" options={(campaign.data?.topics ?? []).map((x) => ({ value: x, label: x }))} />
        </Form.Item>
        <Form.Item hidden={folded} name="status" label={t('common.status')}>
          <Select allowClear placeholder={t('common.all')} style={w(160)} data-testid="desk-filter-status" options={IDEA_STATUSES.map((s) => ({ value: s, label: statusLabel(s, locale) }))} />
        </Form.Item>
        <Form.Item hidden={folded} name="authorship" label={t('desk.col.authorship')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={w(120)}
            data-testid="desk-filter-authorship"
            options={[
              { value: 'collective', label: t('desk.authorship.collective') },
              { value: 'individual', label: t('desk.authorship.individual') },
            ]}
          />
        </Form.Item>
        <Form.Item hidden={folded} label={t('desk.filter.chars')} style={{ marginBottom: 0 }}>
          <Space.Compact>
            <Form.Item name="minChars" noStyle>
              <InputNumber min={0} max={100000} precision={0} placeholder={t('desk.filter.charsMin')} aria-label={t('desk.filter.charsMin')} style={{ width: 100 }} data-testid="desk-filter-min-chars" />
            </Form.Item>
            <Form.Item name="maxChars" noStyle>
              <InputNumber min={0} max={100000} precision={0} placeholder={t('desk.filter.charsMax')} aria-label={t('desk.filter.charsMax')} style={{ width: 100 }} data-testid="desk-filter-max-chars" />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item hidden={folded} name="late" label={t('desk.filter.late')}>
          <Select allowClear placeholder={t('common.all')} style={w(100)} data-testid="desk-filter-late" options={yesNo} />
        </Form.Item>
        <Form.Item hidden={folded} name="imported" label={t('desk.filter.imported')}>
          <Select allowClear placeholder={t('common.all')} style={w(100)} data-testid="desk-filter-imported" options={yesNo} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="desk-filter-submit">
              {t('common.search')}
            </Button>
            {mobile && (
              <Button icon={<FilterOutlined aria-hidden />} aria-expanded={more} onClick={() => setMore(!more)} data-testid="desk-filter-more">
                {more ? t('desk.filter.less') : t('desk.filter.more')}
              </Button>
            )}
            <Button
              data-testid="desk-filter-reset"
              onClick={() => {
                form.resetFields();
                set(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])));
              }}
            >
              {t('desk.filter.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <ExportBar filters={filters} total={list.data?.total} />
      <ErrorAlert error={list.error} />
      <DataTable<DeskIdea>
        label={t('desk.tab.ideas')}
        testId="desk-ideas"
        locale={{ emptyText: <span style={{ color: '#595959' }}>{t('desk.empty')}</span> }}
        rowKey={(i) => String(i.id)}
        loading={list.isFetching && list.isPlaceholderData}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          simple: mobile,
          showSizeChanger: !mobile,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, ps) => set({ page: p, pageSize: ps }),
        }}
        columns={[
          { title: t('desk.col.receipt'), key: 'receipt', render: (_, i) => <span className="jdz-nowrap">{i.receiptNo ?? '—'}</span>, className: mobile ? 'jdz-hide-phone' : undefined },
          {
            title: t('desk.col.title'),
            key: 'title',
            render: (_, i) => (
              <Link to={`/ideas/${i.id}`} data-testid={`desk-idea-${i.id}`}>
                {i.title || t('desk.untitled')}
              </Link>
            ),
          },
          {
            title: t('desk.col.unit'),
            key: 'unit',
            render: (_, i) => (
              <>
                <div>{i.unit.name}</div>
                <div style={{ color: '#595959', fontSize: 12 }}>{sectorLabel(locale, { name: i.unit.sectorName })}</div>
              </>
            ),
          },
          { title: t('desk.col.topic'), dataIndex: 'topic', className: mobile ? 'jdz-hide-phone' : undefined },
          {
            title: t('desk.col.authorship'),
            key: 'authorship',
            render: (_, i) => (i.authorship === 'collective' ? t('desk.authorship.collective') : [t('desk.authorship.individual'), i.authors.join('、')].filter(Boolean).join('：')),
          },
          { title: t('desk.col.chars'), dataIndex: 'charCount', align: 'right' },
          { title: t('common.status'), key: 'status', render: (_, i) => <Tag color={STATUS_COLOR[i.status]}>{statusLabel(i.status, locale)}</Tag> },
          {
            title: t('desk.col.contact'),
            key: 'contact',
            render: (_, i) => (
              <span className="jdz-nowrap" data-testid="desk-idea-phone">
                {i.contactName} {i.contactPhone}
              </span>
            ),
          },
          {
            title: t('desk.col.marks'),
            key: 'marks',
            render: (_, i) => (
              <>
                {i.late && <Tag color={TAG.volcano}>{t('desk.late')}</Tag>}
                {i.imported && <Tag color={TAG.purple}>{t('desk.imported')}</Tag>}
              </>
            ),
          },
          { title: t('desk.col.submittedAt'), key: 'submittedAt', render: (_, i) => <span className="jdz-nowrap">{formatDateTime(i.submittedAt, locale)}</span> },
        ]}
      />
    </>
  );
}
