// The unit admin's and the bureau's moves on one idea (approve, return with a comment, bureau
// return with a reason), each with an Idempotency-Key kept for a retry of the same intent.
import { useRef, useState } from 'react';
import { App, Button, Form, Input, Modal } from 'antd';
import type { ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { postOnce, randomKey, type Idea } from './ideasApi';

/** A key per intent: the same click retried after a network failure reuses it; a new intent gets a new one. */
export function useIntentKey() {
  const key = useRef<string | null>(null);
  return {
    get: () => (key.current ??= randomKey()),
    /** Forget it once the server answered (success or a definite refusal); keep it when the answer was lost. */
    settle: (e?: unknown) => {
      if (!e || !(isApiError(e) && (e.status === 0 || e.status >= 500))) key.current = null;
    },
  };
}

export function useInvalidateIdeas() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['ideas'] });
}

type Kind = 'return' | 'bureau-return';

/** A button opening a modal that asks for the comment (退回意见) and posts the move. */
export function CommentAction({ idea, kind, onDone, size, testId }: { idea: Pick<Idea, 'id' | 'title'>; kind: Kind; onDone?: (i: Idea) => void; size?: ButtonProps['size']; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ comment: string }>();
  const key = useIntentKey();
  const invalidate = useInvalidateIdeas();
  const k = (s: string) => `${kind === 'return' ? 'review.return' : 'review.bureauReturn'}${s}` as MessageKey;
  const submit = async ({ comment }: { comment: string }) => {
    setBusy(true);
    setError(null);
    try {
      const body = kind === 'return' ? { comment } : { reason: comment };
      const i = await postOnce<Idea>(`/api/ideas/${idea.id}/${kind}`, body, key.get());
      key.settle();
      setOpen(false);
      form.resetFields();
      void message.success(t(k('.done')));
      await invalidate();
      onDone?.(i);
    } catch (e) {
      key.settle(e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button danger size={size} onClick={() => setOpen(true)} {...buttonWithTestId(testId ?? `idea-${kind}-${idea.id}`)}>
        {t(k(''))}
      </Button>
      <Modal
        open={open}
        title={t(k('.title'))}
        onCancel={() => setOpen(false)}
        okText={t(k(''))}
        okButtonProps={{ danger: true, loading: busy, ...buttonWithTestId('idea-comment-ok') }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <p style={{ marginTop: 0 }}>{idea.title || t('ideas.untitled')}</p>
        <ErrorAlert error={error} testId="idea-comment-error" />
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="comment"
            label={t(k('.comment'))}
            rules={[
              { required: true, whitespace: true, message: t('review.commentRequired') },
              { min: 2, message: t('review.commentRequired') },
            ]}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount data-testid="idea-comment-input" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 审核通过: the unit admin approves a sent idea (or their own draft). */
export function ApproveAction({ idea, onDone, size, block, beforeApprove, onError, testId }: { idea: Pick<Idea, 'id'>; onDone?: (i: Idea) => void; size?: ButtonProps['size']; block?: boolean; beforeApprove?: () => Promise<boolean>; onError?: (e: unknown) => void; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const key = useIntentKey();
  const invalidate = useInvalidateIdeas();
  const go = async () => {
    setBusy(true);
    try {
      if (beforeApprove && !(await beforeApprove())) return;
      const i = await postOnce<Idea>(`/api/ideas/${idea.id}/approve`, {}, key.get());
      key.settle();
      void message.success(t('review.approved'));
      await invalidate();
      onDone?.(i);
    } catch (e) {
      key.settle(e);
      if (onError) onError(e);
      else void message.error(isApiError(e) && e.message ? e.message : t('error.unexpected'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button type="primary" size={size} block={block} loading={busy} onClick={() => void go()} {...buttonWithTestId(testId ?? `idea-approve-${idea.id}`)}>
      {t('review.approve')}
    </Button>
  );
}
