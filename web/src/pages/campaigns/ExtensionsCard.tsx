// Extensions (延期): after the ideas deadline a unit may still send only with an extension the
// bureau grants; every grant is recorded (unit, until, reason, who, when) and listed here.
import { App, Button, Card, Form, Input } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import type { Id } from '../../types';
import { UnitSelect } from '../org/UnitSelect';
import type { CampaignFull, Extension } from './campaignsApi';
import { fromShanghaiLocal, toShanghaiLocal } from './shanghaiTime';

type Values = { unitId: Id | null; until: string; reason: string };

export function ExtensionsCard({ campaign }: { campaign: CampaignFull }) {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const key = ['campaigns', 'extensions', campaign.id];
  const list = useQuery({ queryKey: key, queryFn: () => api.get<{ items: Extension[] }>(`/api/campaigns/${campaign.id}/extensions`) });
  const grant = useMutation({
    mutationFn: (v: Values) => api.post<Extension>(`/api/campaigns/${campaign.id}/extensions`, { unitId: Number(v.unitId), until: fromShanghaiLocal(v.until, true) ?? v.until, reason: v.reason.trim() }),
    onSuccess: (e) => {
      void qc.invalidateQueries({ queryKey: key });
      void message.success(t('campaigns.ext.granted', { unit: e.unitName, until: formatDateTime(e.until, locale) }));
      form.resetFields();
    },
  });
  const items = [...(list.data?.items ?? [])].sort((a, b) => b.id - a.id);
  return (
    <Card style={{ marginTop: 16 }} title={<h2 className="jdz-card-h">{t('campaigns.ext.title')}</h2>} data-testid="extensions-card">
      <p style={{ marginTop: 0, color: '#595959' }}>
        {campaign.ideasDueAt ? t('campaigns.ext.help', { due: formatDateTime(campaign.ideasDueAt, locale) }) : t('campaigns.ext.noDeadline')}
      </p>
      <ErrorAlert error={list.error} />
      <DataTable<Extension>
        label={t('campaigns.ext.title')}
        testId="extensions-table"
        rowKey={(e) => String(e.id)}
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <span style={{ color: '#595959' }}>{t('campaigns.ext.none')}</span> }}
        columns={[
          { title: t('campaigns.ext.unit'), dataIndex: 'unitName' },
          { title: t('campaigns.ext.until'), key: 'until', render: (_, e) => <span className="jdz-nowrap">{formatDateTime(e.until, locale)}</span> },
          { title: t('campaigns.ext.reason'), dataIndex: 'reason' },
          { title: t('campaigns.ext.grantedBy'), dataIndex: 'grantedBy' },
          { title: t('campaigns.ext.grantedAt'), key: 'grantedAt', render: (_, e) => <span className="jdz-nowrap">{formatDateTime(e.grantedAt, locale)}</span> },
        ]}
      />
      <h3 style={{ fontSize: 15, margin: '20px 0 8px' }}>{t('campaigns.ext.grant')}</h3>
      <ErrorAlert error={grant.error} testId="extension-error" />
      <Form<Values>
        form={form}
        layout={mobile ? 'vertical' : 'inline'}
        initialValues={{ unitId: null, until: campaign.ideasDueAt ? toShanghaiLocal(new Date(Date.parse(campaign.ideasDueAt) + 2 * 86400_000).toISOString()) : '', reason: '' }}
        onFinish={(v) => grant.mutate(v)}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="unitId" label={t('campaigns.ext.unit')} htmlFor="extension-unit" rules={[{ required: true, message: t('common.required') }]}>
          <UnitSelect id="extension-unit" testId="extension-unit" style={{ width: mobile ? '100%' : 260 }} />
        </Form.Item>
        <Form.Item name="until" label={t('campaigns.ext.until')} rules={[{ required: true, message: t('campaigns.timeRequired') }]}>
          <Input type="datetime-local" step={1} data-testid="extension-until" style={{ width: mobile ? '100%' : 220 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('campaigns.ext.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, max: 500, message: t('campaigns.ext.reasonLength') }]}>
          <Input data-testid="extension-reason" maxLength={500} style={{ width: mobile ? '100%' : 260 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={grant.isPending} data-testid="extension-submit">
            {t('campaigns.ext.submit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
