// 活动设置 (R2, bureau admin): the list of campaigns, a new one from the 2017 仙居 template or a blank
// form, the editor (topics, phases, deadlines, collection rules) and the units' extensions (延期).
// Times are entered and shown in Asia/Shanghai; the server validates and its messages are shown at
// the fields they concern.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Card, Form, InputNumber, Modal, Space, Tag } from 'antd';
import { FileAddOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import type { CampaignFull, CampaignListItem } from './campaignsApi';
import { CampaignEditor } from './CampaignEditor';
import { ExtensionsCard } from './ExtensionsCard';

function shanghaiYear(): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

export default function CampaignsPage() {
  const { t, locale } = useI18n();
  usePageTitle('campaigns.title');
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const edit = params.get('edit');
  const editId = edit && /^\d+$/.test(edit) ? Number(edit) : null;
  const list = useQuery({ queryKey: ['campaigns', 'list'], queryFn: () => api.get<{ items: CampaignListItem[] }>('/api/campaigns') });
  const [templateOpen, setTemplateOpen] = useState(false);
  const [year, setYear] = useState<number | null>(shanghaiYear());

  const open = (v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set('edit', v);
    else next.delete('edit');
    setParams(next);
  };

  const fromTemplate = useMutation({
    mutationFn: (y: number) => api.post<CampaignFull>('/api/campaigns', { template: 'xianju-2017', year: y }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['campaigns'] });
      void qc.invalidateQueries({ queryKey: ['ideas'] });
      void message.success(t('campaigns.created', { title: c.title }));
      setTemplateOpen(false);
      open(String(c.id));
    },
  });

  const sorted = [...(list.data?.items ?? [])].sort((a, b) => b.id - a.id);
  const currentId = sorted[0]?.id;

  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        extra={
          <>
            <Button type="primary" icon={<FileAddOutlined aria-hidden />} data-testid="campaign-from-template" onClick={() => setTemplateOpen(true)}>
              {t('campaigns.fromTemplate')}
            </Button>
            <Button icon={<PlusOutlined aria-hidden />} data-testid="campaign-create-blank" onClick={() => open('new')}>
              {t('campaigns.createBlank')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={list.error} />
      <DataTable<CampaignListItem>
        label={t('campaigns.list')}
        testId="campaigns-table"
        rowKey={(c) => String(c.id)}
        loading={list.isPending}
        dataSource={sorted}
        pagination={false}
        locale={{ emptyText: <span style={{ color: '#595959' }}>{t('campaigns.none')}</span> }}
        columns={[
          {
            title: t('campaigns.field.title'),
            key: 'title',
            render: (_, c) => (
              <Space size={4} wrap>
                <span>{c.title}</span>
                {c.id === currentId && <Tag color="#7a4b00">{t('campaigns.current')}</Tag>}
              </Space>
            ),
          },
          { title: t('campaigns.field.theme'), dataIndex: 'theme', className: mobile ? 'jdz-hide-phone' : undefined },
          { title: t('campaigns.createdAt'), key: 'createdAt', render: (_, c) => <span className="jdz-nowrap">{formatDateTime(c.createdAt, locale)}</span> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => (
              <Button size="small" data-testid={`campaign-edit-${c.id}`} aria-label={`${t('campaigns.editAndExtensions')}：${c.title}`} onClick={() => open(String(c.id))}>
                {t('campaigns.editAndExtensions')}
              </Button>
            ),
          },
        ]}
      />
      {edit === 'new' && (
        <Card style={{ marginTop: 16 }} title={<h2 className="jdz-card-h">{t('campaigns.createBlank')}</h2>}>
          <CampaignEditor
            key="new"
            campaign={null}
            onSaved={(c) => {
              open(String(c.id));
            }}
            onCancel={() => open(null)}
          />
        </Card>
      )}
      {editId !== null && <EditSection key={editId} id={editId} onClose={() => open(null)} />}
      <Modal
        open={templateOpen}
        title={t('campaigns.fromTemplate')}
        onCancel={() => setTemplateOpen(false)}
        onOk={() => year && fromTemplate.mutate(year)}
        okText={t('campaigns.create')}
        cancelText={t('common.cancel')}
        okButtonProps={buttonWithTestId('campaign-template-submit', { loading: fromTemplate.isPending, disabled: !year })}
        destroyOnHidden
      >
        <p>{t('campaigns.templateHelp')}</p>
        <ErrorAlert error={fromTemplate.error} testId="campaign-template-error" />
        <Form layout="vertical">
          <Form.Item label={t('campaigns.year')} htmlFor="campaign-template-year">
            <InputNumber id="campaign-template-year" data-testid="campaign-template-year" min={2000} max={2100} precision={0} value={year} onChange={(v) => setYear(v)} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function EditSection({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useI18n();
  const campaign = useQuery({ queryKey: ['campaigns', 'one', id], queryFn: () => api.get<CampaignFull>(`/api/campaigns/${id}`) });
  return (
    <>
      <Card style={{ marginTop: 16 }} loading={campaign.isPending} title={<h2 className="jdz-card-h">{t('campaigns.editTitle', { title: campaign.data?.title ?? '' })}</h2>} data-testid="campaign-editor-card">
        <ErrorAlert error={campaign.error} />
        {campaign.data && <CampaignEditor key={campaign.data.id} campaign={campaign.data} onSaved={() => undefined} onCancel={onClose} />}
      </Card>
      {campaign.data && <ExtensionsCard campaign={campaign.data} />}
    </>
  );
}
