// Bulk import of units or accounts from .xlsx/.csv. Nothing is imported when any row is wrong:
// the server answers 422 IMPORT_INVALID with row numbers and reasons, shown as a table. A users
// import answers with an .xlsx account sheet (initial passwords), which is downloaded.
import { useRef, useState } from 'react';
import { Alert, Button, Card, Form, Radio, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, saveResponseAsFile } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { useI18n, usePageTitle } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';

type Kind = 'units' | 'users';
type RowError = { row: number; reason: string };
type Outcome = { kind: Kind; imported?: number; file?: string };

const MAX_BYTES = 10 * 1024 * 1024;

export default function ImportPage() {
  const { t } = useI18n();
  usePageTitle('import.title');
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('units');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rows, setRows] = useState<RowError[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  function reset() {
    setError(null);
    setRows([]);
    setOutcome(null);
    setLocalError(null);
  }

  async function submit() {
    reset();
    if (!file) return setLocalError(t('import.chooseFile'));
    if (!/\.(xlsx|csv)$/i.test(file.name)) return setLocalError(t('import.badType'));
    if (file.size > MAX_BYTES) return setLocalError(t('import.tooLarge', { mb: MAX_BYTES / 1024 / 1024 }));
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await api.upload(`/api/org/import/${kind}`, form);
      const type = res.headers.get('Content-Type') ?? '';
      if (type.includes('application/json')) {
        const body = (await res.json()) as { imported?: number };
        setOutcome({ kind, imported: body.imported });
      } else {
        const name = await saveResponseAsFile(res, t('import.sheetName'));
        setOutcome({ kind, file: name });
      }
      void qc.invalidateQueries({ queryKey: ['org'] });
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && Array.isArray(e.details?.rows)) setRows(e.details.rows as RowError[]);
    } finally {
      setBusy(false);
    }
  }

  const columns = kind === 'units' ? t('import.unitColumns') : t('import.userColumns');
  return (
    <>
      <PageHeader title={t('import.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical" onFinish={() => void submit()}>
          <Form.Item label={t('import.kind')}>
            <Radio.Group
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                reset();
              }}
              aria-label={t('import.kind')}
              options={[
                { value: 'units', label: <span data-testid="import-kind-units">{t('import.units')}</span> },
                { value: 'users', label: <span data-testid="import-kind-users">{t('import.users')}</span> },
              ]}
            />
          </Form.Item>
          <Typography.Paragraph>
            {t('import.columns')} {columns}
          </Typography.Paragraph>
          <Typography.Paragraph>
            <a href={`/api/org/import/template/${kind}`} download data-testid={`import-template-${kind}`}>
              <DownloadOutlined aria-hidden /> {kind === 'units' ? t('import.templateUnits') : t('import.templateUsers')}
            </a>
          </Typography.Paragraph>
          <Form.Item label={t('import.file')} htmlFor="import-file" extra={t('import.fileHint')}>
            <input
              ref={input}
              id="import-file"
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              data-testid="import-file"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                reset();
              }}
              style={{ maxWidth: '100%' }}
            />
          </Form.Item>
          {kind === 'users' && <Alert type="warning" showIcon title={t('import.usersNote')} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" icon={<UploadOutlined aria-hidden />} loading={busy} data-testid="import-submit">
            {t('import.submit')}
          </Button>
        </Form>
      </Card>
      {localError && <Alert type="error" showIcon role="alert" title={localError} data-testid="import-local-error" style={{ marginBottom: 16 }} />}
      {outcome && (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="import-success"
          title={
            outcome.kind === 'units'
              ? t('import.unitsDone', { n: outcome.imported ?? '—' })
              : outcome.file
                ? t('import.usersDone', { file: outcome.file })
                : t('import.usersDoneCount', { n: outcome.imported ?? '—' })
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <ErrorAlert error={error} testId="import-error" />
      {rows.length > 0 && (
        <DataTable<RowError>
          label={t('import.reason')}
          testId="import-errors"
          rowKey={(r, i) => `${r.row}-${i}`}
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50 } : false}
          columns={[
            { title: t('import.row'), dataIndex: 'row', width: 90 },
            { title: t('import.reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </>
  );
}
