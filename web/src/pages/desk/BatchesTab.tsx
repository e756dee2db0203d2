// Batches: those awaiting receipt (签收, or 退回 with a reason) and those already received or
// returned. A row unfolds to the batch's ideas.
import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { useCurrentUser } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import type { BatchDetail, DeskBatch } from './deskApi';
import { STATUS_COLOR, statusLabel, TAG } from './deskApi';

function BatchIdeas({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ['ideas', 'batch', id], queryFn: () => api.get<BatchDetail>(`/api/batches/${id}`) });
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <span>{t('common.loading')}</span>;
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }} data-testid={`batch-ideas-${id}`}>
      {q.data.ideas.map((i) => (
        <li key={i.id}>
          <Link to={`/ideas/${i.id}`}>{i.title || t('desk.untitled')}</Link> <span style={{ color: '#595959' }}>{[i.receiptNo, i.topic, t('desk.charsN', { n: i.charCount })].filter(Boolean).join(' · ')}</span>{' '}
          <Tag color={STATUS_COLOR[i.status]}>{statusLabel(i.status, locale)}</Tag>
          {!i.inBatch && <Tag>{t('desk.batch.leftBatch')}</Tag>}
        </li>
      ))}
    </ul>
  );
}

const batchStatusKey = { submitted: 'desk.batch.status.submitted', received: 'desk.batch.status.received', returned: 'desk.batch.status.returned' } as const;
const batchStatusColor = { submitted: TAG.blue, received: TAG.green, returned: TAG.orange } as const;

export function BatchesTab() {
  const { t, locale } = useI18n();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const canReceive = me.permissions.includes('batches.receive');
  const canReturn = me.permissions.includes('batches.return');
  const waiting = useQuery({ queryKey: ['ideas', 'batches', 'submitted'], queryFn: () => api.get<{ items: DeskBatch[] }>('/api/batches', { status: 'submitted' }) });
  const all = useQuery({ queryKey: ['ideas', 'batches', 'all'], queryFn: () => api.get<{ items: DeskBatch[] }>('/api/batches') });
  const decided = (all.data?.items ?? []).filter((b) => b.status !== 'submitted');
  const [returning, setReturning] = useState<DeskBatch | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const done = (text: string) => {
    void qc.invalidateQueries({ queryKey: ['ideas'] });
    void message.success(text);
  };
  const receive = useMutation({
    mutationFn: (b: DeskBatch) => api.post<DeskBatch>(`/api/batches/${b.id}/receive`, {}),
    onSuccess: (b) => done(t('desk.batch.receivedMsg', { unit: b.unitName, receipt: b.receiptNo })),
    onError: (e) => void message.error(errorText(e, t)),
  });
  const giveBack = useMutation({
    mutationFn: ({ b, reason }: { b: DeskBatch; reason: string }) => api.post<DeskBatch>(`/api/batches/${b.id}/return`, { reason }),
    onSuccess: (b) => {
      setReturning(null);
      form.resetFields();
      done(t('desk.batch.returnedMsg', { unit: b.unitName, receipt: b.receiptNo }));
    },
  });

  const common = [
    { title: t('desk.col.unit'), key: 'unit', render: (_: unknown, b: DeskBatch) => `${b.unitName}（${b.unitCode}）` },
    { title: t('desk.batch.receipt'), key: 'receipt', render: (_: unknown, b: DeskBatch) => <span className="jdz-nowrap">{b.receiptNo}</span> },
    { title: t('desk.batch.count'), dataIndex: 'ideaCount', align: 'right' as const },
    {
      title: t('desk.batch.sealed'),
      key: 'sealed',
      render: (_: unknown, b: DeskBatch) => (
        <>
          <div className="jdz-nowrap">{formatDateTime(b.sealedAt, locale)}</div>
          <div style={{ color: '#595959', fontSize: 12 }}>{b.sealedBy}</div>
        </>
      ),
    },
    { title: t('desk.col.marks'), key: 'late', render: (_: unknown, b: DeskBatch) => (b.late ? <Tag color={TAG.volcano}>{t('desk.late')}</Tag> : null) },
  ];

  return (
    <>
      <Card size="small" title={<h2 className="jdz-card-h">{t('desk.batch.waiting')}</h2>} style={{ marginBottom: 16 }}>
        <ErrorAlert error={waiting.error ?? receive.error} />
        <DataTable<DeskBatch>
          label={t('desk.batch.waiting')}
          testId="desk-batches-waiting"
          rowKey={(b) => String(b.id)}
          loading={waiting.isPending}
          dataSource={waiting.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <span style={{ color: '#595959' }}>{t('desk.batch.noneWaiting')}</span> }}
          expandable={{ expandedRowRender: (b) => <BatchIdeas id={b.id} /> }}
          columns={[
            ...common,
            ...(canReceive || canReturn
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    fixed: mobile ? undefined : ('right' as const),
                    render: (_: unknown, b: DeskBatch) => (
                      <Space size={4} wrap>
                        {canReceive && (
                          <Popconfirm title={t('desk.batch.confirmReceive', { unit: b.unitName, n: b.ideaCount })} okText={t('desk.batch.receive')} cancelText={t('common.cancel')} okButtonProps={buttonWithTestId(`batch-receive-ok-${b.unitCode}`)} onConfirm={() => receive.mutate(b)}>
                            <Button size="small" type="primary" data-testid={`batch-receive-${b.unitCode}`} loading={receive.isPending && receive.variables?.id === b.id}>
                              {t('desk.batch.receive')}
                            </Button>
                          </Popconfirm>
                        )}
                        {canReturn && (
                          <Button size="small" danger data-testid={`batch-return-${b.unitCode}`} onClick={() => setReturning(b)}>
                            {t('desk.batch.return')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title={<h2 className="jdz-card-h">{t('desk.batch.decided')}</h2>}>
        <ErrorAlert error={all.error} />
        <DataTable<DeskBatch>
          label={t('desk.batch.decided')}
          testId="desk-batches-decided"
          rowKey={(b) => String(b.id)}
          loading={all.isPending}
          dataSource={decided}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true, simple: mobile }}
          locale={{ emptyText: <span style={{ color: '#595959' }}>{t('desk.batch.noneDecided')}</span> }}
          expandable={{ expandedRowRender: (b) => <BatchIdeas id={b.id} /> }}
          columns={[
            ...common,
            { title: t('common.status'), key: 'status', render: (_: unknown, b: DeskBatch) => <Tag color={batchStatusColor[b.status]}>{t(batchStatusKey[b.status])}</Tag> },
            {
              title: t('desk.batch.decidedAt'),
              key: 'decided',
              render: (_: unknown, b: DeskBatch) => (
                <>
                  <div className="jdz-nowrap">{formatDateTime(b.decidedAt, locale)}</div>
                  {b.returnReason && <div style={{ color: '#595959', fontSize: 12 }}>{b.returnReason}</div>}
                </>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={!!returning}
        title={t('desk.batch.returnTitle', { unit: returning?.unitName ?? '' })}
        onCancel={() => {
          setReturning(null);
          giveBack.reset();
        }}
        onOk={() => form.submit()}
        okText={t('desk.batch.return')}
        cancelText={t('common.cancel')}
        okButtonProps={buttonWithTestId('batch-return-submit', { danger: true, loading: giveBack.isPending })}
        destroyOnHidden
      >
        <p>{t('desk.batch.returnHelp')}</p>
        <ErrorAlert error={giveBack.error} testId="batch-return-error" />
        <Form form={form} layout="vertical" onFinish={(v) => returning && giveBack.mutate({ b: returning, reason: v.reason.trim() })}>
          <Form.Item name="reason" label={t('desk.batch.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, max: 1000, message: t('desk.batch.reasonLength') }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={1000} data-testid="batch-return-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
