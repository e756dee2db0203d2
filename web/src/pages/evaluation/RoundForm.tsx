// The settings of a round (评比轮次) as a modal form: which ideas enter (topics, sectors), the rubric
// (criteria with maximum points and weights; default 创新性, 针对性, 可行性, 实效性, 文字表达),
// reviews per idea, deadline, blind reading (on by default), the same-sector rule and the judges.
// A draft round can change everything; an open round only its title and deadline (the server's rule).
import { useEffect, useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { useCurrentCampaign } from '../ideas/ideasApi';
import { fromShanghaiLocal, toShanghaiLocal } from '../campaigns/shanghaiTime';
import { sectorLabel, useSectors } from '../org/orgApi';
import { DEFAULT_CRITERIA, useJudges, type Round } from './evaluationApi';

type CriterionRow = { key?: string; name: string; maxPoints: number; weight: number };
type Values = {
  title: string;
  topics: string[];
  sectorIds: number[];
  rubric: CriterionRow[];
  reviewsPerIdea: number;
  deadline: string;
  blind: boolean;
  excludeSameSector: boolean;
  judgeIds: number[];
};

/** Criterion codes: kept for existing criteria, c1, c2 … (unused) for new ones. */
function withKeys(rows: CriterionRow[]) {
  const used = new Set(rows.map((r) => r.key).filter(Boolean));
  let n = 1;
  return rows.map((r) => {
    if (r.key) return { key: r.key, name: r.name.trim(), maxPoints: r.maxPoints, weight: r.weight };
    while (used.has(`c${n}`)) n++;
    used.add(`c${n}`);
    return { key: `c${n}`, name: r.name.trim(), maxPoints: r.maxPoints, weight: r.weight };
  });
}

export function RoundForm({ round, open, onClose, onSaved }: { round: Round | null; open: boolean; onClose: () => void; onSaved?: (r: Round) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sectors = useSectors();
  const judges = useJudges();
  const campaign = useCurrentCampaign();
  const topics = campaign.data?.campaign?.topics ?? [];
  const locked = round !== null && round.status !== 'draft';

  // A new round takes every active judge; the list may arrive after the form opened.
  const activeJudgeIds = (judges.data ?? []).filter((j) => j.active).map((j) => j.id);
  const activeKey = activeJudgeIds.join(',');
  useEffect(() => {
    if (open && !round && activeKey && !form.isFieldTouched('judgeIds')) form.setFieldValue('judgeIds', activeKey.split(',').map(Number));
  }, [open, round, activeKey, form]);

  const initial: Values = round
    ? {
        title: round.title,
        topics: round.topics,
        sectorIds: round.sectorIds,
        rubric: round.rubric.map((c) => ({ key: c.key, name: c.name, maxPoints: c.maxPoints, weight: c.weight })),
        reviewsPerIdea: round.reviewsPerIdea,
        deadline: toShanghaiLocal(round.deadline),
        blind: round.blind,
        excludeSameSector: round.excludeSameSector,
        judgeIds: round.judgeIds,
      }
    : {
        title: '',
        topics: [],
        sectorIds: [],
        rubric: DEFAULT_CRITERIA.map((c) => ({ ...c })),
        reviewsPerIdea: 3,
        deadline: '',
        blind: true,
        excludeSameSector: false,
        judgeIds: activeJudgeIds,
      };

  const save = async (v: Values) => {
    setError(null);
    const deadline = v.deadline ? fromShanghaiLocal(v.deadline, true, round?.deadline ?? undefined) : null;
    const body = locked
      ? { title: v.title.trim(), deadline }
      : {
          title: v.title.trim(),
          topics: v.topics,
          sectorIds: v.sectorIds,
          rubric: withKeys(v.rubric),
          reviewsPerIdea: v.reviewsPerIdea,
          deadline,
          blind: v.blind,
          excludeSameSector: v.excludeSameSector,
          judgeIds: v.judgeIds,
        };
    setBusy(true);
    try {
      const r = round ? await api.put<Round>(`/api/evaluation/rounds/${round.id}`, body) : await api.post<Round>('/api/evaluation/rounds', body);
      void message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['evaluation'] });
      onSaved?.(r);
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
      title={round ? t('eval.rounds.edit') : t('eval.rounds.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, ...buttonWithTestId('eval-round-save') }}
      width={mobile ? '100%' : 720}
      destroyOnHidden
    >
      <ErrorAlert error={error} testId="eval-round-error" />
      {locked && <Typography.Paragraph type="secondary">{t('eval.rounds.lockedNote')}</Typography.Paragraph>}
      {round?.assignedAt && !locked && <Typography.Paragraph type="warning">{t('eval.rounds.reassignNote')}</Typography.Paragraph>}
      <Form form={form} layout="vertical" name="eval-round" requiredMark={false} preserve={false} initialValues={initial} onFinish={(v) => void save(v)}>
        <Form.Item name="title" label={t('eval.rounds.titleLabel')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('eval.rounds.titleRule') }]}>
          <Input maxLength={200} data-testid="eval-round-title" />
        </Form.Item>
        <Form.Item name="deadline" label={t('eval.deadlineLabel')} extra={t('eval.rounds.deadlineHelp')}>
          <Input type="datetime-local" step={1} style={{ width: mobile ? '100%' : 240 }} data-testid="eval-round-deadline" />
        </Form.Item>
        <fieldset disabled={locked} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Form.Item name="topics" label={t('eval.rounds.topics')} extra={t('eval.rounds.topicsHelp')}>
            <Select mode="multiple" allowClear disabled={locked} aria-label={t('eval.rounds.topics')} data-testid="eval-round-topics" options={topics.map((x) => ({ value: x, label: x }))} />
          </Form.Item>
          <Form.Item name="sectorIds" label={t('eval.rounds.sectors')} extra={t('eval.rounds.sectorsHelp')}>
            <Select
              mode="multiple"
              allowClear
              disabled={locked}
              aria-label={t('eval.rounds.sectors')}
              data-testid="eval-round-sectors"
              options={(sectors.data ?? []).map((s) => ({ value: Number(s.id), label: sectorLabel(locale, s) }))}
            />
          </Form.Item>
          <Typography.Text strong>{t('eval.rounds.rubric')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('eval.rounds.rubricHelp')}
          </Typography.Paragraph>
          <Form.List name="rubric" rules={[{ validator: (_, rows: CriterionRow[]) => (rows?.length ? Promise.resolve() : Promise.reject(new Error(t('eval.rounds.rubricEmpty')))) }]}>
            {(fields, { add, remove }, { errors }) => (
              <div data-testid="eval-round-rubric">
                {fields.map((f, i) => (
                  <div className="jdz-eval-criterion" key={f.key}>
                    {/* the criterion's code: kept for existing criteria (a hidden field, or the form would drop it) */}
                    <Form.Item name={[f.name, 'key']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, max: 20, message: t('eval.rounds.criterionName') }]}>
                      <Input placeholder={t('eval.rounds.criterionName')} aria-label={t('eval.rounds.criterionNameN', { n: i + 1 })} style={{ width: 140 }} data-testid={`eval-criterion-name-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'maxPoints']} rules={[{ required: true, message: t('eval.rounds.maxPoints') }]}>
                      <InputNumber min={0.5} max={1000} step={1} prefix={t('eval.rounds.maxShort')} aria-label={t('eval.rounds.maxPointsN', { n: i + 1 })} style={{ width: 130 }} data-testid={`eval-criterion-max-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: t('eval.rounds.weight') }]}>
                      <InputNumber min={0.1} max={100} step={0.5} prefix={t('eval.rounds.weightShort')} aria-label={t('eval.rounds.weightN', { n: i + 1 })} style={{ width: 130 }} data-testid={`eval-criterion-weight-${i}`} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined aria-hidden />} aria-label={t('eval.rounds.removeCriterion', { n: i + 1 })} disabled={locked || fields.length <= 1} onClick={() => remove(f.name)} />
                  </div>
                ))}
                <Form.ErrorList errors={errors} />
                <Button icon={<PlusOutlined aria-hidden />} disabled={locked || fields.length >= 20} onClick={() => add({ name: '', maxPoints: 20, weight: 1 })} style={{ marginBottom: 16 }} {...buttonWithTestId('eval-criterion-add')}>
                  {t('eval.rounds.addCriterion')}
                </Button>
              </div>
            )}
          </Form.List>
          <Form.Item name="reviewsPerIdea" label={t('eval.rounds.reviewsPerIdea')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber min={1} max={20} precision={0} disabled={locked} style={{ width: 120 }} data-testid="eval-round-reviews" />
          </Form.Item>
          <Form.Item name="blind" label={t('eval.rounds.blind')} valuePropName="checked" extra={t('eval.rounds.blindHelp')}>
            <Switch disabled={locked} data-testid="eval-round-blind" />
          </Form.Item>
          <Form.Item name="excludeSameSector" label={t('eval.rounds.sameSector')} valuePropName="checked" extra={t('eval.rounds.sameSectorHelp')}>
            <Switch disabled={locked} data-testid="eval-round-same-sector" />
          </Form.Item>
          <Form.Item name="judgeIds" label={t('eval.rounds.judges')} extra={t('eval.rounds.judgesHelp')}>
            <Select
              mode="multiple"
              disabled={locked}
              aria-label={t('eval.rounds.judges')}
              data-testid="eval-round-judges"
              optionFilterProp="label"
              options={(judges.data ?? []).map((j) => ({ value: j.id, label: j.unitName ? `${j.name}（${j.unitName}）` : j.name }))}
            />
          </Form.Item>
        </fieldset>
      </Form>
    </Modal>
  );
}
