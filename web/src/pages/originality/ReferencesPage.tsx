// /originality/references (bureau admin): the reference library every idea is checked against
// (issue 4 item 3): upload a .txt/.docx/.pdf (text extracted by the server) with progress, or paste
// text, each with a title and where it comes from; the list with sizes; read and delete.
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Popconfirm, Progress, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { useReferences, type Reference } from './originalityApi';
import { postFormWithProgress } from './upload';

const EXTENSIONS = ['.txt', '.docx', '.pdf'];
const ACCEPT = '.txt,.docx,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MAX_PASTE = 500_000;

type Meta = { title: string; origin: string };

function UploadForm({ onDone }: { onDone: (r: Reference) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Meta>();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const submit = async (v: Meta) => {
    setError(null);
    setLocalError(null);
    if (!file) return setLocalError(t('references.chooseFile'));
    const ext = /\.[^.]+$/.exec(file.name.toLowerCase())?.[0] ?? '';
    if (!EXTENSIONS.includes(ext)) return setLocalError(t('references.badType', { name: file.name }));
    if (file.size === 0) return setLocalError(t('references.emptyFile', { name: file.name }));
    const data = new FormData();
    data.append('title', v.title.trim());
    data.append('origin', v.origin.trim());
    data.append('file', file, file.name);
    setPercent(0);
    try {
      const r = await postFormWithProgress<Reference>('/api/originality/references/upload', data, setPercent);
      form.resetFields();
      setFile(null);
      if (input.current) input.current.value = '';
      onDone(r);
    } catch (e) {
      setError(e);
    } finally {
      setPercent(null);
    }
  };
  return (
    <Form form={form} name="ref-upload" layout="vertical" onFinish={(v) => void submit(v)} data-testid="ref-upload-form" requiredMark={false}>
      <MetaFields prefix="upload" />
      <Form.Item label={t('references.file')} htmlFor="ref-upload-file" extra={t('references.fileHint')}>
        <input
          ref={input}
          id="ref-upload-file"
          type="file"
          accept={ACCEPT}
          data-testid="ref-upload-file"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          style={{ maxWidth: '100%' }}
        />
      </Form.Item>
      {percent !== null && <Progress percent={percent} status="active" aria-label={t('references.progress')} data-testid="ref-upload-progress" />}
      {localError && <Alert type="error" showIcon role="alert" title={localError} style={{ marginBottom: 12 }} data-testid="ref-local-error" />}
      <ErrorAlert error={error} testId="ref-upload-error" />
      <Button type="primary" htmlType="submit" icon={<UploadOutlined aria-hidden />} loading={percent !== null} {...buttonWithTestId('ref-upload-submit')}>
        {t('references.upload')}
      </Button>
    </Form>
  );
}

function MetaFields({ prefix }: { prefix: string }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="title" label={t('references.title')} rules={[{ required: true, whitespace: true, message: t('references.titleRequired') }, { max: 200 }]}>
        <Input maxLength={200} data-testid={`ref-${prefix}-title`} />
      </Form.Item>
      <Form.Item name="origin" label={t('references.origin')} extra={t('references.originHint')} rules={[{ required: true, whitespace: true, message: t('references.originRequired') }, { max: 300 }]}>
        <Input maxLength={300} data-testid={`ref-${prefix}-origin`} />
      </Form.Item>
    </>
  );
}

function PasteForm({ onDone }: { onDone: (r: Reference) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Meta & { text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: Meta & { text: string }) => {
    setError(null);
    setBusy(true);
    try {
      const r = await api.post<Reference>('/api/originality/references', { title: v.title.trim(), origin: v.origin.trim(), text: v.text });
      form.resetFields();
      onDone(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} name="ref-paste" layout="vertical" onFinish={(v) => void submit(v)} data-testid="ref-paste-form" requiredMark={false}>
      <MetaFields prefix="paste" />
      <Form.Item name="text" label={t('references.text')} rules={[{ required: true, whitespace: true, message: t('references.textRequired') }, { max: MAX_PASTE }]}>
        <Input.TextArea autoSize={{ minRows: 6, maxRows: 16 }} data-testid="ref-paste-text" />
      </Form.Item>
      <ErrorAlert error={error} testId="ref-paste-error" />
      <Button type="primary" htmlType="submit" loading={busy} {...buttonWithTestId('ref-paste-submit')}>
        {t('references.add')}
      </Button>
    </Form>
  );
}

function ReadModal({ reference, onClose }: { reference: Reference | null; onClose: () => void }) {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: ['originality', 'reference', reference?.id],
    queryFn: () => api.get<Reference & { text: string }>(`/api/originality/references/${reference!.id}`),
    enabled: reference !== null,
  });
  return (
    <Modal open={!!reference} title={reference?.title} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <ErrorAlert error={q.error} />
      {reference && q.data ? (
        <div className="jdz-orig-text" tabIndex={0} role="region" aria-label={reference.title} data-testid="ref-text">
          {q.data.text}
        </div>
      ) : (
        !q.error && <Spin description={t('common.loading')} />
      )}
    </Modal>
  );
}

export default function ReferencesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  usePageTitle('references.pageTitle');
  const q = useReferences();
  const [reading, setReading] = useState<Reference | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const added = (r: Reference) => {
    void message.success(t('references.added', { title: r.title, n: r.chars }));
    void qc.invalidateQueries({ queryKey: ['originality', 'references'] });
  };
  const remove = async (r: Reference) => {
    setBusy(r.id);
    try {
      await api.del(`/api/originality/references/${r.id}`);
      void message.success(t('references.deleted', { title: r.title }));
      await qc.invalidateQueries({ queryKey: ['originality', 'references'] });
    } catch (e) {
      void message.error(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <PageHeader title={t('references.pageTitle')} />
      <Typography.Paragraph>{t('references.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Tabs
          items={[
            { key: 'upload', label: <span data-testid="ref-tab-upload">{t('references.tab.upload')}</span>, children: <UploadForm onDone={added} /> },
            { key: 'paste', label: <span data-testid="ref-tab-paste">{t('references.tab.paste')}</span>, children: <PasteForm onDone={added} /> },
          ]}
        />
      </Card>
      <Card title={<h2 className="jdz-card-h">{t('references.list', { n: q.data?.total ?? 0 })}</h2>} data-testid="ref-list">
        <ErrorAlert error={q.error} />
        {q.isPending ? (
          <Spin description={t('common.loading')} />
        ) : !q.data?.items.length ? (
          <Empty description={t('references.none')} />
        ) : (
          <List
            dataSource={q.data.items}
            renderItem={(r) => (
              <List.Item key={r.id} data-testid={`ref-item-${r.id}`}>
                <div style={{ width: '100%', minWidth: 0 }}>
                  <Space wrap size={[8, 4]}>
                    <strong className="jdz-orig-source-title" data-testid="ref-item-title">
                      {r.title}
                    </strong>
                    <Tag>{t(`references.kind.${r.kind}` as MessageKey)}</Tag>
                  </Space>
                  <div className="jdz-orig-source-meta">
                    <span>{r.origin}</span>
                    <span>{t('references.chars', { n: r.chars })}</span>
                    {r.fileName && <span>{r.fileName}</span>}
                    <span>{t('references.addedBy', { at: formatDateTime(r.createdAt, locale), by: r.createdBy })}</span>
                  </div>
                  <Space wrap style={{ marginTop: 6 }}>
                    <Button size="small" icon={<EyeOutlined aria-hidden />} onClick={() => setReading(r)} {...buttonWithTestId('ref-read')}>
                      {t('references.read')}
                    </Button>
                    <Popconfirm title={t('references.confirmDelete', { title: r.title })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void remove(r)} okButtonProps={buttonWithTestId('ref-delete-confirm')}>
                      <Button size="small" danger icon={<DeleteOutlined aria-hidden />} loading={busy === r.id} {...buttonWithTestId('ref-delete')}>
                        {t('references.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
      <ReadModal reference={reading} onClose={() => setReading(null)} />
    </>
  );
}
