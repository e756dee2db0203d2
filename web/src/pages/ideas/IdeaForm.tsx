// The 金点子征集表 being filled (R5): unit from the account, contact, phone checked while typing,
// authorship, topic, title, the text with its live 字数, attachments and the originality pledge.
// It saves itself (useAutosave) and keeps an unsent local copy; sending carries an Idempotency-Key.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Checkbox, Form, Input, Popconfirm, Radio, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api';
import { useCurrentUser } from '../../auth';
import { errorText } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { can } from '../../permissions';
import { countChars } from '../../../../src/shared/wordcount';
import { isValidPhone } from '../../../../src/modules/ideas/ideas.rules';
import { useIntentKey } from './actions';
import { AttachmentList } from './AttachmentList';
import { Deadline } from './Deadline';
import { History } from './IdeaView';
import { incompleteReasons, postOnce, type CurrentCampaign, type Idea, type IdeaContent } from './ideasApi';
import { dropCopy, sameContent, type LocalCopy } from './localCopy';
import { contentOf, useAutosave } from './useAutosave';

type FormValues = Omit<IdeaContent, 'authors'> & { authorsText: string };

const splitNames = (s: string) => s.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);

function toForm(c: IdeaContent): FormValues {
  const { authors, ...rest } = c;
  return { ...rest, authorsText: authors.join('、') };
}
function fromForm(v: FormValues): IdeaContent {
  const { authorsText, ...rest } = v;
  return { ...rest, authors: v.authorship === 'individual' ? splitNames(authorsText ?? '') : [] };
}

const EMPTY: IdeaContent = { contactName: '', contactPhone: '', authorship: 'individual', authors: [], topic: '', title: '', body: '', pledge: false };

/** 已输入 499 字，还差 1 字 / 已达到 500 字要求, as the teacher types. */
export function CharCounter({ text, min }: { text: string; min: number }) {
  const { t } = useI18n();
  const n = useMemo(() => countChars(text), [text]);
  const ok = n >= min;
  return (
    <div data-testid="idea-charcount" className={ok ? 'jdz-count-ok' : 'jdz-count-short'} aria-live="polite" style={{ fontSize: 14, marginTop: 4, color: ok ? '#237804' : '#ad4e00' }}>
      {ok ? t('ideas.count.ok', { n, min }) : t('ideas.count.short', { n, left: min - n })}
    </div>
  );
}

function SaveStatus({ state }: { state: ReturnType<typeof useAutosave>['state'] }) {
  const { t, locale } = useI18n();
  let text = '';
  if (state.kind === 'saving') text = t('ideas.autosave.saving');
  else if (state.kind === 'saved') text = t('ideas.autosave.saved', { at: formatDateTime(state.at, locale).slice(11) });
  else if (state.kind === 'failed') text = t('ideas.autosave.local');
  else text = t('ideas.autosave.hint');
  return (
    <Typography.Text type={state.kind === 'failed' ? 'warning' : 'secondary'} data-testid="idea-autosave" role="status" style={{ fontSize: 13 }}>
      {text}
    </Typography.Text>
  );
}

export function IdeaForm({
  campaign,
  skew,
  idea,
  clientId,
  restored,
  onCreated,
  onLeave,
}: {
  campaign: CurrentCampaign;
  skew: number;
  idea: Idea | null;
  clientId: string;
  restored: LocalCopy | null;
  onCreated?: (id: number) => void;
  onLeave?: () => void;
}) {
  const me = useCurrentUser();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [current, setCurrent] = useState<Idea | null>(idea);
  const [sendError, setSendError] = useState<{ message: string; reasons: string[] } | null>(null);
  const [sending, setSending] = useState(false);
  const sendKey = useIntentKey();
  const reviewer = current ? current.can.approve : can(me, 'ideas.review');

  // Where the form starts: the server's content, or the local copy when it holds unsent input.
  const server = idea ? contentOf(idea) : { ...EMPTY, contactName: me.name };
  const copyDiffers = !!restored && !sameContent(restored.values, server);
  const copyIsNewer = copyDiffers && (idea == null || restored!.baseVersion === idea.version);
  const [pendingChoice, setPendingChoice] = useState(copyDiffers && !copyIsNewer);
  const initial = useMemo(() => toForm(copyIsNewer ? restored!.values : server), []); // eslint-disable-line react-hooks/exhaustive-deps

  const createdNotified = useRef(false);
  const autosave = useAutosave({
    owner: me.id,
    idea,
    clientId,
    onSaved: (i) => {
      setCurrent(i);
      qc.setQueryData(['ideas', 'one', i.id], i);
      if (!idea && !createdNotified.current) {
        createdNotified.current = true;
        onCreated?.(i.id);
        navigate(`/ideas/${i.id}`, { replace: true });
      }
    },
  });

  const body = Form.useWatch('body', form) ?? initial.body;
  const authorship = Form.useWatch('authorship', form) ?? initial.authorship;

  // A restored copy that is newer than the server's: save it now.
  const restoredOnce = useRef(false);
  useEffect(() => {
    if (restoredOnce.current) return;
    restoredOnce.current = true;
    if (copyIsNewer) {
      void message.info(t('ideas.restored'));
      autosave.change(fromForm(form.getFieldsValue(true) as FormValues));
    }
  }); // eslint-disable-line react-hooks/exhaustive-deps

  const onValuesChange = (_: unknown, all: FormValues) => {
    setSendError(null);
    autosave.change(fromForm({ ...initial, ...all }));
  };

  const reload = async (keepLocal: boolean) => {
    const id = autosave.ideaId();
    if (id == null) return;
    const fresh = await api.get<Idea>(`/api/ideas/${id}`);
    qc.setQueryData(['ideas', 'one', id], fresh);
    setCurrent(fresh);
    if (!fresh.can.edit) {
      dropCopy(me.id, id);
      onLeave?.();
      await qc.invalidateQueries({ queryKey: ['ideas'] });
      return;
    }
    autosave.rebase(fresh, keepLocal);
    if (keepLocal) await autosave.saveNow();
    else {
      dropCopy(me.id, id);
      form.setFieldsValue(toForm(contentOf(fresh)));
    }
  };

  const send = async () => {
    setSendError(null);
    setSending(true);
    try {
      autosave.change(fromForm({ ...initial, ...(form.getFieldsValue(true) as FormValues) }));
      await autosave.saveNow();
      const id = autosave.ideaId();
      if (id == null || autosave.conflicted()) {
        if (id == null) setSendError({ message: t('ideas.send.empty'), reasons: [] });
        return;
      }
      if (autosave.isDirty()) {
        setSendError({ message: t('ideas.send.notSaved'), reasons: [] });
        return;
      }
      const path = reviewer ? `/api/ideas/${id}/approve` : `/api/ideas/${id}/send`;
      const done = await postOnce<Idea>(path, {}, sendKey.get());
      sendKey.settle();
      dropCopy(me.id, id);
      dropCopy(me.id, null);
      qc.setQueryData(['ideas', 'one', id], done);
      void message.success(t(reviewer ? 'ideas.send.approved' : 'ideas.send.done', { receipt: done.receiptNo ?? '' }));
      await qc.invalidateQueries({ queryKey: ['ideas'] });
      onLeave?.();
      window.scrollTo(0, 0);
    } catch (e) {
      sendKey.settle(e);
      setSendError({ message: errorText(e, t), reasons: incompleteReasons(e, locale) });
    } finally {
      setSending(false);
    }
  };

  const remove = async () => {
    const id = autosave.ideaId();
    if (id != null) await api.del(`/api/ideas/${id}`);
    dropCopy(me.id, id);
    dropCopy(me.id, null);
    navigate('/ideas', { replace: true });
    qc.removeQueries({ queryKey: ['ideas', 'one', id] });
    await qc.invalidateQueries({ queryKey: ['ideas'] });
  };

  const authorshipOptions = [
    ...(campaign.authorship !== 'individual' ? [{ value: 'collective', label: t('ideas.authorship.collective') }] : []),
    ...(campaign.authorship !== 'collective' ? [{ value: 'individual', label: t('ideas.authorship.individual') }] : []),
  ];
  const conflict = autosave.state.kind === 'conflict';
  const conflictError = autosave.state.kind === 'conflict' ? autosave.state.error : null;
  const unitName = current?.unit.name ?? me.unit?.name ?? '';

  return (
    <>
      <PageHeader title={current ? t('ideas.editTitle') : t('ideas.newTitle')} />
      <Deadline dueAt={campaign.ideasDueAt} skew={skew} />
      {current?.status === 'returned' && current.lastComment && (
        <Alert type="warning" showIcon data-testid="idea-returned-comment" title={t('ideas.returnedBecause')} description={current.lastComment} style={{ marginBottom: 16 }} />
      )}
      {pendingChoice && restored && (
        <Alert
          type="warning"
          showIcon
          data-testid="idea-copy-choice"
          title={t('ideas.copy.title', { at: formatDateTime(restored.savedAt, locale) })}
          description={t('ideas.copy.text')}
          style={{ marginBottom: 16 }}
          action={
            <Space orientation="vertical">
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  setPendingChoice(false);
                  form.setFieldsValue(toForm(restored.values));
                  autosave.change(restored.values);
                }}
              >
                {t('ideas.copy.use')}
              </Button>
              <Button
                size="small"
                onClick={() => {
                  setPendingChoice(false);
                  dropCopy(me.id, restored.ideaId);
                }}
              >
                {t('ideas.copy.discard')}
              </Button>
            </Space>
          }
        />
      )}
      {conflict && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="idea-conflict"
          title={t('ideas.conflict.title')}
          description={isApiError(conflictError, 'INVALID_TRANSITION') ? errorText(conflictError, t) : t('ideas.conflict.text')}
          style={{ marginBottom: 16 }}
          action={
            <Space orientation="vertical">
              <Button size="small" type="primary" onClick={() => void reload(false)} {...buttonWithTestId('idea-conflict-reload')}>
                {t('ideas.conflict.reload')}
              </Button>
              {!isApiError(conflictError, 'INVALID_TRANSITION') && (
                <Button size="small" onClick={() => void reload(true)} {...buttonWithTestId('idea-conflict-overwrite')}>
                  {t('ideas.conflict.overwrite')}
                </Button>
              )}
            </Space>
          }
        />
      )}
      {autosave.state.kind === 'failed' && (
        <Alert
          type="warning"
          showIcon
          data-testid="idea-save-failed"
          title={t('ideas.autosave.failed')}
          description={errorText(autosave.state.error, t)}
          action={
            <Button size="small" onClick={() => void autosave.saveNow()}>
              {t('common.retry')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <div className="jdz-idea-form">
        <Typography.Title level={2} style={{ fontSize: 17, textAlign: 'center', marginTop: 0 }}>
          {campaign.formTitle}
        </Typography.Title>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onValuesChange={onValuesChange}
          onBlurCapture={() => void autosave.saveNow()}
          requiredMark={false}
          disabled={conflict}
          size="large"
        >
          <Form.Item label={t('ideas.field.unit')} htmlFor="idea-unit-input">
            <Input id="idea-unit-input" value={unitName} readOnly aria-readonly data-testid="idea-unit" variant="filled" />
          </Form.Item>
          <Form.Item name="contactName" label={t('ideas.field.contactName')}>
            <Input maxLength={50} autoComplete="name" data-testid="idea-contact-name" />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={t('ideas.field.contactPhone')}
            extra={t('ideas.field.contactPhoneHelp')}
            validateTrigger="onChange"
            rules={[{ validator: async (_, v: string) => (!v || isValidPhone(v) ? undefined : Promise.reject(new Error(t('ideas.field.phoneInvalid')))) }]}
          >
            <Input maxLength={30} inputMode="tel" autoComplete="tel" data-testid="idea-contact-phone" />
          </Form.Item>
          <Form.Item name="authorship" label={t('ideas.field.authorship')}>
            <Radio.Group options={authorshipOptions} optionType="button" buttonStyle="solid" data-testid="idea-authorship" />
          </Form.Item>
          {authorship === 'individual' && (
            <Form.Item name="authorsText" label={t('ideas.field.authors')} extra={t('ideas.field.authorsHelp')}>
              <Input maxLength={200} data-testid="idea-authors" />
            </Form.Item>
          )}
          <Form.Item name="topic" label={t('ideas.field.topic')}>
            <Radio.Group className="jdz-topic-list" data-testid="idea-topic" options={campaign.topics.map((x) => ({ value: x, label: x }))} />
          </Form.Item>
          <Form.Item name="title" label={t('ideas.field.title')}>
            <Input maxLength={200} data-testid="idea-title" />
          </Form.Item>
          <Form.Item name="body" label={t('ideas.field.body', { min: campaign.minChars })} style={{ marginBottom: 4 }}>
            <Input.TextArea autoSize={{ minRows: 10, maxRows: 30 }} maxLength={60000} data-testid="idea-body" />
          </Form.Item>
          <CharCounter text={body ?? ''} min={campaign.minChars} />
          <div style={{ height: 16 }} />
          <div style={{ marginBottom: 24 }}>
            <AttachmentList ideaId={current?.id ?? null} attachments={current?.attachments ?? []} editable />
          </div>
          <Form.Item name="pledge" valuePropName="checked">
            <Checkbox data-testid="idea-pledge">{t('ideas.field.pledge')}</Checkbox>
          </Form.Item>
        </Form>
        <div style={{ marginBottom: 12 }}>
          <SaveStatus state={autosave.state} />
        </div>
        {sendError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="idea-send-error"
            title={sendError.reasons.length ? t('ideas.send.incomplete') : sendError.message}
            description={
              sendError.reasons.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {sendError.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : undefined
            }
            style={{ marginBottom: 12 }}
          />
        )}
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button type="primary" size="large" block loading={sending} disabled={conflict} onClick={() => void send()} {...buttonWithTestId('idea-send')}>
            {reviewer ? t('ideas.send.approve') : t('ideas.send.button')}
          </Button>
          {(current ? current.can.delete : true) && (
            <Popconfirm title={t('ideas.delete.confirm')} okText={t('ideas.delete.button')} cancelText={t('common.cancel')} onConfirm={() => void remove()}>
              <Button size="large" block danger type="text" {...buttonWithTestId('idea-delete')}>
                {t('ideas.delete.button')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      {current && current.history.length > 0 && <History idea={current} />}
    </>
  );
}
