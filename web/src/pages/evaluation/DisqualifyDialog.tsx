// 取消资格 (issue 5 item 5): the bureau disqualifies an idea of the round, e.g. after an originality
// finding, with a reason (at least 5 characters) and an explicit confirmation. The server keeps the
// reason on the record (POST /api/evaluation/disqualifications, audited); `after` then brings the
// list up to date (the awards tab proposes again with the same settings: the idea leaves the ranking).
import { Alert, Form, Input, Modal } from 'antd';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { useI18n } from '../../i18n';
import { useSubmission } from './awardsApi';

export const DISQUALIFY_REASON_MIN = 5;

export function DisqualifyDialog({ idea, onClose, after }: { idea: { ideaId: number; title: string } | null; onClose: () => void; after: () => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, run, clearError } = useSubmission();
  const submit = async ({ reason }: { reason: string }) => {
    if (!idea) return;
    const done = await run(async () => {
      await api.post(`/api/evaluation/disqualifications`, { ideaId: idea.ideaId, reason: reason.trim() });
      await after();
    });
    if (done) onClose();
  };
  return (
    <Modal
      open={idea !== null}
      title={t('eval.disq.title')}
      onCancel={onClose}
      okText={t('eval.disq.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: busy, ...buttonWithTestId('eval-disq-ok') }}
      cancelButtonProps={buttonWithTestId('eval-disq-cancel')}
      onOk={() => form.submit()}
      afterClose={() => {
        form.resetFields();
        clearError();
      }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('eval.disq.warning', { title: idea?.title ?? '' })} data-testid="eval-disq-warning" />
      <ErrorAlert error={error} testId="eval-disq-error" />
      <Form form={form} layout="vertical" name="eval-disq" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('eval.disq.reason')}
          extra={t('eval.disq.reasonHelp', { n: DISQUALIFY_REASON_MIN })}
          rules={[
            { required: true, whitespace: true, message: t('eval.disq.reasonRequired', { n: DISQUALIFY_REASON_MIN }) },
            { validator: async (_, v?: string) => { if (v && v.trim().length > 0 && v.trim().length < DISQUALIFY_REASON_MIN) throw new Error(t('eval.disq.reasonRequired', { n: DISQUALIFY_REASON_MIN })); } },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="eval-disq-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
