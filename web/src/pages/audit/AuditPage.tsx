// The audit log (bureau office): filter by action, outcome and date range (Shanghai days);
// times shown in Asia/Shanghai; the hash chain can be verified.
import { Button, Form, Input, Select, Tag } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, shanghaiDayBound } from '../../format';
import { roleLabel, useI18n, usePageTitle } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import type { AuditEntry, Page } from '../../types';
import { useListParams } from '../org/orgApi';
import { useVerifyChain, VerifyButton, VerifyResult } from './VerifyChain';
import { actionLabel } from '../../../../src/shared/actions';

const KEYS = ['action', 'outcome', 'from', 'to'] as const;
type Filters = { action?: string; outcome?: string; from?: string; to?: string };

export default function AuditPage() {
  const { t, locale } = useI18n();
  usePageTitle('audit.title');
  const mobile = useIsMobile();
  const { values, page, pageSize, set } = useListParams(KEYS);
  const query = {
    action: values.action,
    outcome: values.outcome,
    from: values.from ? shanghaiDayBound(values.from, false) : undefined,
    to: values.to ? shanghaiDayBound(values.to, true) : undefined,
    page,
    pageSize,
  };
  const log = useQuery({ queryKey: ['audit', query], queryFn: () => api.get<Page<AuditEntry>>('/api/audit', query), placeholderData: keepPreviousData });
  const verify = useVerifyChain();
  const [form] = Form.useForm<Filters>();

  return (
    <>
      <PageHeader title={t('audit.title')} extra={<VerifyButton verify={verify} />} />
      <VerifyResult verify={verify} />
      <Form<Filters>
        form={form}
        layout={mobile ? 'vertical' : 'inline'}
        className="jdz-filters"
        role="search"
        aria-label={t('common.filters')}
        initialValues={values}
        onFinish={(v) => set({ action: v.action?.trim(), outcome: v.outcome, from: v.from, to: v.to })}
      >
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear data-testid="audit-filter-action" placeholder="auth.login" style={{ width: mobile ? '100%' : 180 }} />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select
            allowClear
            data-testid="audit-filter-outcome"
            placeholder={t('common.all')}
            style={{ width: mobile ? '100%' : 130 }}
            options={[
              { value: 'success', label: t('audit.success') },
              { value: 'failure', label: t('audit.failure') },
            ]}
          />
        </Form.Item>
        <Form.Item name="from" label={t('audit.from')}>
          <Input type="date" data-testid="audit-filter-from" style={{ width: mobile ? '100%' : 160 }} />
        </Form.Item>
        <Form.Item name="to" label={t('audit.to')}>
          <Input type="date" data-testid="audit-filter-to" style={{ width: mobile ? '100%' : 160 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="audit-filter-submit">
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={log.error} />
      <DataTable<AuditEntry>
        label={t('audit.title')}
        testId="audit-table"
        rowKey={(r) => String(r.id)}
        loading={log.isFetching}
        dataSource={log.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: log.data?.total ?? 0,
          simple: mobile,
          showSizeChanger: !mobile,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, ps) => set({ page: p, pageSize: ps }),
        }}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', align: 'right' },
          { title: t('audit.at'), key: 'at', render: (_, r) => <span className="jdz-nowrap">{formatDateTime(r.at, locale)}</span> },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_, r) => (r.actorName ?? (r.actorId != null ? `#${r.actorId}` : '—')) + (r.actorRole ? ` · ${roleLabel(locale, r.actorRole)}` : ''),
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (a: string) => (
              <span title={a}>
                {actionLabel(a, locale)} <code style={{ fontSize: 12, color: '#595959' }}>{a}</code>
              </span>
            ),
          },
          { title: t('audit.target'), key: 'target', render: (_, r) => (r.targetType ? `${r.targetType}${r.targetId != null ? ` #${r.targetId}` : ''}` : '—') },
          {
            title: t('audit.outcome'),
            key: 'outcome',
            render: (_, r) =>
              r.outcome === 'success' ? (
                <Tag color="success">{t('audit.success')}</Tag>
              ) : (
                <Tag color="error">
                  {r.outcome === 'failure' ? t('audit.failure') : r.outcome}
                  {r.errorCode ? ` · ${r.errorCode}` : ''}
                </Tag>
              ),
          },
          { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          { title: t('audit.requestId'), dataIndex: 'requestId', render: (v: string | null) => (v ? <code>{v}</code> : '—') },
        ]}
      />
    </>
  );
}
