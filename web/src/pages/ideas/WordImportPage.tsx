// The bureau's Word import (issue 3 item 6): upload many .docx/.doc → progress while the server reads
// them one by one → the extracted ideas with the unit each seems to come from (a choice where unsure)
// and what could not be read → import the ticked ones as submitted ideas marked imported.
import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, List, Progress, Space, Tag, Typography } from 'antd';
import { ImportOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { useI18n, usePageTitle } from '../../i18n';
import { UnitSelect } from '../org/UnitSelect';

type UnitRef = { id: number; code: string; name: string };
type Refusal = { code: string; zh: string; en: string };
type Idea = {
  unitAsWritten: string;
  contact: string;
  phone: string;
  title: string;
  text: string;
  charCount: number;
  problems: string[];
  match: { confidence: 'exact' | 'likely' | 'none'; unit?: UnitRef; candidates: UnitRef[] };
};
type JobFile = { index: number; name: string; size: number; processed: boolean; ok?: boolean; error?: Refusal; notices?: string[]; ideas: Idea[] };
type Job = { id: number; status: 'processing' | 'done' | 'imported'; total: number; done: number; importedCount: number; files: JobFile[] };
type Row = { key: string; fileIndex: number; ideaIndex: number; file: string; idea: Idea };
type Choice = { include: boolean; unitId: number | null };

const MAX_FILES = 100;
const MAX_BYTES = 30 * 1024 * 1024;

export default function WordImportPage() {
  const { t, locale } = useI18n();
  usePageTitle('wordImport.title');
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [jobId, setJobId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [imported, setImported] = useState<number | null>(null);

  const job = useQuery({
    queryKey: ['ideas', 'word-import', jobId],
    queryFn: () => api.get<Job>(`/api/ideas/import/jobs/${jobId}`),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.status === 'processing' || !q.state.data ? 1000 : false),
  });
  const data = job.data;

  const rows: Row[] = useMemo(
    () => (data?.files ?? []).flatMap((f) => (f.ok ? f.ideas.map((idea, i) => ({ key: `${f.index}/${i}`, fileIndex: f.index, ideaIndex: i, file: f.name, idea })) : [])),
    [data],
  );
  const refused = (data?.files ?? []).filter((f) => f.processed && !f.ok);
  const choiceOf = (r: Row): Choice => choices[r.key] ?? { include: r.idea.match.confidence !== 'none', unitId: r.idea.match.unit?.id ?? null };
  const setChoice = (r: Row, c: Partial<Choice>) => setChoices((prev) => ({ ...prev, [r.key]: { ...choiceOf(r), ...c } }));

  async function upload() {
    setError(null);
    setLocalError(null);
    setImported(null);
    if (files.length === 0) return setLocalError(t('wordImport.chooseFiles'));
    if (files.length > MAX_FILES) return setLocalError(t('wordImport.tooMany', { n: MAX_FILES }));
    const bad = files.find((f) => !/\.docx?$/i.test(f.name));
    if (bad) return setLocalError(t('wordImport.badType', { file: bad.name }));
    const big = files.find((f) => f.size > MAX_BYTES);
    if (big) return setLocalError(t('wordImport.tooLarge', { file: big.name, mb: MAX_BYTES / 1024 / 1024 }));
    setBusy(true);
    try {
      const form = new FormData();
      for (const f of files) form.append('files', f, f.name);
      const res = await api.upload('/api/ideas/import/word', form);
      const body = (await res.json()) as { jobId: number };
      setChoices({});
      setJobId(body.jobId);
      setFiles([]);
      if (input.current) input.current.value = '';
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!data) return;
    setError(null);
    setLocalError(null);
    const items = rows.map((r) => {
      const c = choiceOf(r);
      return { fileIndex: r.fileIndex, ideaIndex: r.ideaIndex, include: c.include, ...(c.unitId ? { unitId: c.unitId } : {}) };
    });
    const missing = rows.find((r) => choiceOf(r).include && !choiceOf(r).unitId);
    if (missing) return setLocalError(t('wordImport.chooseUnit', { title: missing.idea.title || missing.file }));
    if (!items.some((i) => i.include)) return setLocalError(t('wordImport.nothingChosen'));
    setBusy(true);
    try {
      const r = await api.post<{ imported: number }>(`/api/ideas/import/jobs/${data.id}/confirm`, { items });
      setImported(r.imported);
      void qc.invalidateQueries({ queryKey: ['ideas'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const confidenceTag = (m: Idea['match']) =>
    // Plain tags: antd's coloured ones fail the contrast check; the words say it.
    <Tag data-testid={`word-import-match-${m.confidence}`}>{t(`wordImport.match.${m.confidence}`)}</Tag>;
  const percent = data && data.total ? Math.round((data.done / data.total) * 100) : 0;
  const msg = (r: Refusal) => (locale === 'en-US' ? r.en : r.zh);
  const locked = data?.status !== 'done' || imported !== null;

  return (
    <>
      <PageHeader title={t('wordImport.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph>{t('wordImport.intro')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => void upload()}>
          <Form.Item label={t('wordImport.files')} htmlFor="word-import-files" extra={t('wordImport.filesHint', { n: MAX_FILES, mb: MAX_BYTES / 1024 / 1024 })}>
            <input
              ref={input}
              id="word-import-files"
              type="file"
              multiple
              accept=".docx,.doc,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/msword"
              data-testid="word-import-files"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
              style={{ maxWidth: '100%' }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<UploadOutlined aria-hidden />} loading={busy && !data} data-testid="word-import-upload">
            {t('wordImport.upload')}
          </Button>
        </Form>
      </Card>
      {localError && <Alert type="error" showIcon role="alert" title={localError} data-testid="word-import-local-error" style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error ?? job.error} testId="word-import-error" />
      {data && (
        <Card style={{ marginBottom: 16 }} data-testid="word-import-job">
          <Typography.Text>{data.status === 'processing' ? t('wordImport.processing', { done: data.done, total: data.total }) : t('wordImport.processed', { total: data.total, ideas: rows.length, refused: refused.length })}</Typography.Text>
          <Progress percent={percent} status={data.status === 'processing' ? 'active' : 'normal'} aria-label={t('wordImport.progress')} data-testid="word-import-progress" />
        </Card>
      )}
      {refused.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="word-import-refused"
          title={t('wordImport.refusedTitle', { n: refused.length })}
          description={<List size="small" dataSource={refused} renderItem={(f) => <List.Item>{`${f.name}：${f.error ? msg(f.error) : ''}`}</List.Item>} />}
        />
      )}
      {rows.length > 0 && (
        <>
          <DataTable<Row>
            label={t('wordImport.tableLabel')}
            testId="word-import-table"
            rowKey="key"
            dataSource={rows}
            pagination={false}
            columns={[
              {
                title: t('wordImport.col.include'),
                key: 'include',
                render: (_, r) => <Checkbox checked={choiceOf(r).include} disabled={locked} aria-label={t('wordImport.col.include')} onChange={(e) => setChoice(r, { include: e.target.checked })} />,
              },
              { title: t('wordImport.col.file'), key: 'file', render: (_, r) => r.file },
              { title: t('wordImport.col.unitAsWritten'), key: 'unitAsWritten', render: (_, r) => r.idea.unitAsWritten || '—' },
              {
                title: t('wordImport.col.unit'),
                key: 'unit',
                render: (_, r) => (
                  <Space direction="vertical" size={4}>
                    {confidenceTag(r.idea.match)}
                    {r.idea.match.confidence === 'exact' ? (
                      r.idea.match.unit?.name
                    ) : (
                      <UnitSelect
                        value={choiceOf(r).unitId}
                        onChange={(v) => setChoice(r, { unitId: v === null ? null : Number(v) })}
                        initialOption={r.idea.match.unit ?? r.idea.match.candidates[0] ?? null}
                        disabled={locked}
                        ariaLabel={t('wordImport.col.unit')}
                        style={{ minWidth: 220 }}
                      />
                    )}
                  </Space>
                ),
              },
              { title: t('wordImport.col.contact'), key: 'contact', render: (_, r) => r.idea.contact || '—' },
              { title: t('wordImport.col.phone'), key: 'phone', render: (_, r) => r.idea.phone || '—' },
              { title: t('wordImport.col.title'), key: 'title', render: (_, r) => r.idea.title || '—' },
              { title: t('wordImport.col.chars'), key: 'chars', render: (_, r) => r.idea.charCount },
              {
                title: t('wordImport.col.problems'),
                key: 'problems',
                render: (_, r) => (r.idea.problems.length ? r.idea.problems.map((p) => <Tag key={p}>{p}</Tag>) : t('wordImport.none')),
              },
            ]}
          />
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" icon={<ImportOutlined aria-hidden />} disabled={locked} loading={busy && !!data} onClick={() => void confirm()} data-testid="word-import-confirm">
              {t('wordImport.confirm')}
            </Button>
          </Space>
        </>
      )}
      {imported !== null && <Alert type="success" showIcon role="status" data-testid="word-import-success" title={t('wordImport.done', { n: imported })} style={{ marginTop: 16 }} />}
      {data?.status === 'imported' && imported === null && <Alert type="info" showIcon title={t('wordImport.alreadyImported', { n: data.importedCount })} style={{ marginTop: 16 }} />}
    </>
  );
}
