// The campaign form: title, theme, description, discussion topics, phases with their date windows,
// deadlines and the collection rules. Cross-field rules (min ≤ max, a phase ends after it starts,
// distinct topics, one ideas deadline) are the server's: its messages are put at the fields.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { NOTICE_FORM_TITLE, NOTICE_TOPICS, validationProblems } from './campaignsApi';
import type { CampaignFull } from './campaignsApi';
import { fromShanghaiLocal, toShanghaiLocal } from './shanghaiTime';

type PhaseValues = { name: string; startsAt: string; endsAt: string };
type DeadlineValues = { name: string; kind: string; dueAt: string };
type Values = {
  title: string;
  theme: string;
  description: string;
  topics: string[];
  phases: PhaseValues[];
  deadlines: DeadlineValues[];
  ideasMin: number;
  ideasMax: number;
  minChars: number;
  authorship: string;
  formTitle: string;
};
type ListName = 'topics' | 'phases' | 'deadlines';

const FIELDSET = { border: '1px solid #f0f0f0', borderRadius: 8, padding: '8px 12px 12px', margin: '0 0 16px', minWidth: 0 };
const LEGEND = { fontSize: 15, fontWeight: 600, padding: '0 4px', width: 'auto', border: 0, marginBottom: 8 };

function toValues(c: CampaignFull | null): Values {
  if (!c) {
    return {
      title: '',
      theme: '',
      description: '',
      topics: [...NOTICE_TOPICS],
      phases: [{ name: '', startsAt: '', endsAt: '' }],
      deadlines: [{ name: '金点子报送截止', kind: 'ideas', dueAt: '' }],
      ideasMin: 2,
      ideasMax: 5,
      minChars: 500,
      authorship: 'both',
      formTitle: NOTICE_FORM_TITLE,
    };
  }
  return {
    title: c.title,
    theme: c.theme,
    description: c.description,
    topics: [...c.topics],
    phases: c.phases.map((p) => ({ name: p.name, startsAt: toShanghaiLocal(p.startsAt), endsAt: toShanghaiLocal(p.endsAt) })),
    deadlines: c.deadlines.map((d) => ({ name: d.name, kind: d.kind, dueAt: toShanghaiLocal(d.dueAt) })),
    ideasMin: c.ideasMin,
    ideasMax: c.ideasMax,
    minChars: c.minChars,
    authorship: c.authorship,
    formTitle: c.formTitle,
  };
}

const FIELD_LABEL: Record<string, MessageKey> = {
  title: 'campaigns.field.title',
  theme: 'campaigns.field.theme',
  description: 'campaigns.field.description',
  topics: 'campaigns.field.topics',
  phases: 'campaigns.field.phases',
  deadlines: 'campaigns.field.deadlines',
  ideasMin: 'campaigns.field.ideasMin',
  ideasMax: 'campaigns.field.ideasMax',
  minChars: 'campaigns.field.minChars',
  authorship: 'campaigns.field.authorship',
  formTitle: 'campaigns.field.formTitle',
};

export function CampaignEditor({ campaign, onSaved, onCancel }: { campaign: CampaignFull | null; onSaved: (c: CampaignFull) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [listErrors, setListErrors] = useState<Partial<Record<ListName, string[]>>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (campaign ? api.put<CampaignFull>(`/api/campaigns/${campaign.id}`, body) : api.post<CampaignFull>('/api/campaigns', body)),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['campaigns'] });
      void qc.invalidateQueries({ queryKey: ['ideas'] });
      qc.setQueryData(['campaigns', 'one', c.id], c);
      void message.success(t('common.saved'));
      setError(null);
      setProblems([]);
      setListErrors({});
      form.setFieldsValue(toValues(c));
      onSaved(c);
    },
    onError: (e) => {
      const found = validationProblems(e, locale);
      if (!found.length) {
        setError(e);
        setProblems([]);
        return;
      }
      setError(null);
      const lists: Partial<Record<ListName, string[]>> = {};
      const fields: { name: (string | number)[]; errors: string[] }[] = [];
      const lines: string[] = [];
      for (const { path, text } of found) {
        const [head, index, sub] = path;
        const label = FIELD_LABEL[String(head)] ? t(FIELD_LABEL[String(head)]) : String(head);
        lines.push(typeof index === 'number' ? `${label} ${index + 1}：${text}` : `${label}：${text}`);
        if ((head === 'phases' || head === 'deadlines') && typeof index === 'number') {
          fields.push({ name: [head, index, typeof sub === 'string' ? sub : head === 'phases' ? 'endsAt' : 'dueAt'], errors: [text] });
        } else if (head === 'topics' && typeof index === 'number') {
          fields.push({ name: ['topics', index], errors: [text] });
        } else if (head === 'topics' || head === 'phases' || head === 'deadlines') {
          lists[head] = [...(lists[head] ?? []), text];
        } else if (typeof head === 'string' && FIELD_LABEL[head]) {
          fields.push({ name: [head], errors: [text] });
        }
      }
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setListErrors(lists);
      setProblems(lines);
    },
  });

  const submit = (v: Values) => {
    const original = campaign;
    setListErrors({});
    const body = {
      title: v.title,
      theme: v.theme,
      description: v.description ?? '',
      topics: v.topics.map((x) => x.trim()),
      phases: v.phases.map((p, i) => ({
        name: p.name,
        startsAt: fromShanghaiLocal(p.startsAt, false, original?.phases[i]?.startsAt) ?? p.startsAt,
        endsAt: fromShanghaiLocal(p.endsAt, true, original?.phases[i]?.endsAt) ?? p.endsAt,
      })),
      deadlines: v.deadlines.map((d, i) => ({ name: d.name, kind: d.kind, dueAt: fromShanghaiLocal(d.dueAt, true, original?.deadlines[i]?.dueAt) ?? d.dueAt })),
      ideasMin: v.ideasMin,
      ideasMax: v.ideasMax,
      minChars: v.minChars,
      authorship: v.authorship,
      formTitle: v.formTitle,
    };
    save.mutate(body);
  };

  const required = { required: true, whitespace: true, message: t('common.required') };
  const timeRule = { required: true, message: t('campaigns.timeRequired') };
  const timeInput = (testId: string) => <Input type="datetime-local" step={1} data-testid={testId} style={{ width: mobile ? '100%' : 220 }} />;
  // On a phone each row's fields stack at full width.
  const rowStyle = mobile ? { borderBottom: '1px dashed #e8e8e8', marginBottom: 12 } : { display: 'flex', flexWrap: 'wrap' as const, gap: '0 12px', alignItems: 'flex-end', borderBottom: '1px dashed #e8e8e8', marginBottom: 12 };

  return (
    <Form<Values> form={form} layout="vertical" initialValues={toValues(campaign)} onFinish={submit} data-testid="campaign-form" scrollToFirstError>
      <ErrorAlert error={error} testId="campaign-form-error" />
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="campaign-form-problems"
          title={t('campaigns.fixProblems')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form.Item name="title" label={t('campaigns.field.title')} rules={[required, { max: 200 }]}>
        <Input data-testid="campaign-title" maxLength={200} />
      </Form.Item>
      <Form.Item name="theme" label={t('campaigns.field.theme')} rules={[required, { max: 200 }]}>
        <Input data-testid="campaign-theme" maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('campaigns.field.description')} rules={[{ max: 5000 }]}>
        <Input.TextArea data-testid="campaign-description" autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
      </Form.Item>

      <fieldset style={FIELDSET}>
        <legend style={LEGEND}>{t('campaigns.field.topics')}</legend>
        <Form.List name="topics">
          {(items, { add, remove }) => (
            <>
              {items.map((item, i) => (
                <Space key={item.key} align="start" style={{ display: 'flex', marginBottom: 0 }}>
                  <Form.Item name={item.name} rules={[required, { max: 100 }]} style={{ marginBottom: 8 }}>
                    <Input aria-label={t('campaigns.topicN', { n: i + 1 })} data-testid={`campaign-topic-${i}`} maxLength={100} style={{ width: mobile ? 230 : 320 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined aria-hidden />} aria-label={t('campaigns.removeTopic', { n: i + 1 })} disabled={items.length <= 1} onClick={() => remove(item.name)} />
                </Space>
              ))}
              <Form.ErrorList errors={listErrors.topics} />
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add('')} data-testid="campaign-topic-add" disabled={items.length >= 20}>
                {t('campaigns.addTopic')}
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>

      <fieldset style={FIELDSET}>
        <legend style={LEGEND}>{t('campaigns.field.phases')}</legend>
        <p style={{ color: '#595959', marginTop: 0 }}>{t('campaigns.timesHelp')}</p>
        <Form.List name="phases">
          {(items, { add, remove }) => (
            <>
              {items.map((item, i) => (
                <div key={item.key} style={rowStyle} data-testid={`campaign-phase-${i}`}>
                  <Form.Item name={[item.name, 'name']} label={t('campaigns.phaseName', { n: i + 1 })} rules={[required, { max: 100 }]}>
                    <Input data-testid={`campaign-phase-${i}-name`} maxLength={100} style={{ width: mobile ? '100%' : 220 }} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'startsAt']} label={t('campaigns.startsAt')} rules={[timeRule]}>
                    {timeInput(`campaign-phase-${i}-start`)}
                  </Form.Item>
                  <Form.Item name={[item.name, 'endsAt']} label={t('campaigns.endsAt')} rules={[timeRule]}>
                    {timeInput(`campaign-phase-${i}-end`)}
                  </Form.Item>
                  <Form.Item>
                    <Button icon={<DeleteOutlined aria-hidden />} aria-label={t('campaigns.removePhase', { n: i + 1 })} onClick={() => remove(item.name)} />
                  </Form.Item>
                </div>
              ))}
              <Form.ErrorList errors={listErrors.phases} />
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: '', startsAt: '', endsAt: '' })} data-testid="campaign-phase-add" disabled={items.length >= 12}>
                {t('campaigns.addPhase')}
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>

      <fieldset style={FIELDSET}>
        <legend style={LEGEND}>{t('campaigns.field.deadlines')}</legend>
        <Form.List name="deadlines">
          {(items, { add, remove }) => (
            <>
              {items.map((item, i) => (
                <div key={item.key} style={rowStyle} data-testid={`campaign-deadline-${i}`}>
                  <Form.Item name={[item.name, 'name']} label={t('campaigns.deadlineName', { n: i + 1 })} rules={[required, { max: 100 }]}>
                    <Input data-testid={`campaign-deadline-${i}-name`} maxLength={100} style={{ width: mobile ? '100%' : 220 }} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'kind']} label={t('campaigns.deadlineKind')} rules={[{ required: true, message: t('common.required') }]}>
                    <Select
                      data-testid={`campaign-deadline-${i}-kind`}
                      style={{ width: mobile ? '100%' : 180 }}
                      options={[
                        { value: 'ideas', label: t('campaigns.kind.ideas') },
                        { value: 'archive', label: t('campaigns.kind.archive') },
                        { value: 'other', label: t('campaigns.kind.other') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[item.name, 'dueAt']} label={t('campaigns.dueAt')} rules={[timeRule]}>
                    {timeInput(`campaign-deadline-${i}-due`)}
                  </Form.Item>
                  <Form.Item>
                    <Button icon={<DeleteOutlined aria-hidden />} aria-label={t('campaigns.removeDeadline', { n: i + 1 })} onClick={() => remove(item.name)} />
                  </Form.Item>
                </div>
              ))}
              <Form.ErrorList errors={listErrors.deadlines} />
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: '', kind: 'other', dueAt: '' })} data-testid="campaign-deadline-add" disabled={items.length >= 20}>
                {t('campaigns.addDeadline')}
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>

      <fieldset style={FIELDSET}>
        <legend style={LEGEND}>{t('campaigns.rules')}</legend>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 16px' }}>
          <Form.Item name="ideasMin" label={t('campaigns.field.ideasMin')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber data-testid="campaign-ideas-min" min={1} max={50} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="ideasMax" label={t('campaigns.field.ideasMax')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber data-testid="campaign-ideas-max" min={1} max={50} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="minChars" label={t('campaigns.field.minChars')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber data-testid="campaign-min-chars" min={0} max={20000} precision={0} style={{ width: 140 }} />
          </Form.Item>
        </div>
        <Form.Item name="authorship" label={t('campaigns.field.authorship')} rules={[{ required: true, message: t('common.required') }]}>
          <Radio.Group data-testid="campaign-authorship">
            <Radio value="both">{t('campaigns.authorship.both')}</Radio>
            <Radio value="collective">{t('campaigns.authorship.collective')}</Radio>
            <Radio value="individual">{t('campaigns.authorship.individual')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="formTitle" label={t('campaigns.field.formTitle')} rules={[required, { max: 200 }]}>
          <Input data-testid="campaign-form-title" maxLength={200} />
        </Form.Item>
      </fieldset>

      <Space wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="campaign-save">
          {campaign ? t('common.save') : t('campaigns.create')}
        </Button>
        <Button onClick={onCancel} data-testid="campaign-cancel">
          {t('campaigns.close')}
        </Button>
      </Space>
    </Form>
  );
}
