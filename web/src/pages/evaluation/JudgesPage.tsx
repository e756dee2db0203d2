// /evaluation/judges (bureau admin): the judge accounts (评委) with their unit, sector and topic
// expertise — the unit and sector decide conflicts, expertise is preferred when assigning — and a
// form to create one (the initial password is shown once) or edit a judge's profile.
import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Select, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { useI18n, usePageTitle } from '../../i18n';
import { useCurrentCampaign } from '../ideas/ideasApi';
import { SecretModal, type Secret } from '../org/SecretModal';
import { sectorLabel, useSectors } from '../org/orgApi';
import { UnitSelect } from '../org/UnitSelect';
import { useJudges, type Judge } from './evaluationApi';

type FormValues = { username?: string; name?: string; mobile?: string; unitId?: number | null; sectorId?: number | null; expertise?: string[]; capacity?: number | null };

function JudgeModal({ judge, open, onClose, onCreated }: { judge: Judge | null; open: boolean; onClose: () => void; onCreated: (s: Secret) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sectors = useSectors();
  const campaign = useCurrentCampaign();
  const topics = campaign.data?.campaign?.topics ?? [];
  const save = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    const profile = { sectorId: v.sectorId ?? null, expertise: v.expertise ?? [], capacity: v.capacity ?? null };
    try {
      if (judge) {
        await api.put(`/api/evaluation/judges/${judge.id}`, profile);
        void message.success(t('common.saved'));
      } else {
        const r = await api.post<{ judge: Judge; initialPassword: string }>('/api/evaluation/judges', {
          ...profile,
          username: v.username,
          name: v.name,
          mobile: v.mobile?.trim() ? v.mobile.trim() : null,
          unitId: v.unitId ?? null,
        });
        onCreated({ username: r.judge.username, name: r.judge.name, password: r.initialPassword, reset: false });
      }
      await qc.invalidateQueries({ queryKey: ['evaluation', 'judges'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={judge ? t('eval.judges.edit', { name: judge.name }) : t('eval.judges.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, ...buttonWithTestId('eval-judge-save') }}
      destroyOnHidden
    >
      <ErrorAlert error={error} testId="eval-judge-error" />
      <Form
        form={form}
        layout="vertical"
        name="eval-judge"
        requiredMark={false}
        preserve={false}
        initialValues={judge ? { sectorId: judge.sectorId, expertise: judge.expertise, capacity: judge.capacity } : { expertise: [] }}
        onFinish={(v) => void save(v)}
      >
        {!judge && (
          <>
            <Form.Item name="username" label={t('eval.judges.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9._-]{3,32}$/, message: t('eval.judges.usernameRule') }]}>
              <Input autoComplete="off" data-testid="eval-judge-username" />
            </Form.Item>
            <Form.Item name="name" label={t('eval.judges.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={50} data-testid="eval-judge-name" />
            </Form.Item>
            <Form.Item name="mobile" label={t('eval.judges.mobile')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('eval.judges.mobileRule') }]}>
              <Input inputMode="tel" data-testid="eval-judge-mobile" />
            </Form.Item>
            <Form.Item name="unitId" label={t('eval.judges.unit')} extra={t('eval.judges.unitHelp')}>
              <UnitSelect testId="eval-judge-unit" style={{ width: '100%' }} ariaLabel={t('eval.judges.unit')} />
            </Form.Item>
          </>
        )}
        <Form.Item name="sectorId" label={t('eval.judges.sector')} extra={t('eval.judges.sectorHelp')}>
          <Select allowClear data-testid="eval-judge-sector" aria-label={t('eval.judges.sector')} options={(sectors.data ?? []).map((s) => ({ value: Number(s.id), label: sectorLabel(locale, s) }))} />
        </Form.Item>
        <Form.Item name="expertise" label={t('eval.judges.expertise')} extra={t('eval.judges.expertiseHelp')}>
          <Select mode="tags" data-testid="eval-judge-expertise" aria-label={t('eval.judges.expertise')} options={topics.map((x) => ({ value: x, label: x }))} />
        </Form.Item>
        <Form.Item name="capacity" label={t('eval.judges.capacity')} extra={t('eval.judges.capacityHelp')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} data-testid="eval-judge-capacity" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function JudgesPage() {
  const { t } = useI18n();
  usePageTitle('eval.judges.title');
  const q = useJudges();
  const [editing, setEditing] = useState<Judge | null>(null);
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);
  return (
    <>
      <PageHeader
        title={t('eval.judges.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
            {...buttonWithTestId('eval-judge-create')}
          >
            {t('eval.judges.create')}
          </Button>
        }
      />
      <ErrorAlert error={q.error} />
      <DataTable<Judge>
        label={t('eval.judges.title')}
        testId="eval-judges-table"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        onRow={(j) => ({ 'data-testid': `eval-judge-row-${j.username}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('eval.judges.name'), render: (_, j) => (j.active ? j.name : `${j.name}（${t('common.inactive')}）`) },
          { key: 'username', title: t('eval.judges.username'), dataIndex: 'username' },
          { key: 'unit', title: t('eval.judges.unit'), render: (_, j) => j.unitName ?? '—' },
          { key: 'sector', title: t('eval.judges.sector'), render: (_, j) => j.sectorName ?? '—' },
          { key: 'expertise', title: t('eval.judges.expertise'), render: (_, j) => (j.expertise.length ? j.expertise.map((x) => <Tag key={x}>{x}</Tag>) : '—') },
          { key: 'capacity', title: t('eval.judges.capacity'), render: (_, j) => j.capacity ?? t('eval.judges.noLimit') },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, j) => (
              <Button
                size="small"
                onClick={() => {
                  setEditing(j);
                  setOpen(true);
                }}
                {...buttonWithTestId(`eval-judge-edit-${j.username}`)}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <JudgeModal judge={editing} open={open} onClose={() => setOpen(false)} onCreated={setSecret} />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
