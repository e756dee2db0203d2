// Current + new + confirm, with the policy from the server and its WEAK_PASSWORD reasons.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { api, ApiError, rememberMe } from '../../api';
import { ME_KEY } from '../../auth';
import { errorText } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { zhCN } from '../../messages/zh-CN';
import type { Me, PasswordPolicy } from '../../types';

type Values = { currentPassword: string; newPassword: string; confirm: string };

export function usePasswordPolicy() {
  return useQuery({ queryKey: ['password-policy'], queryFn: () => api.get<PasswordPolicy>('/api/auth/password-policy'), staleTime: Infinity });
}

export function PasswordChangeForm({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { data: policy } = usePasswordPolicy();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onFinish(v: Values) {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ user: Me }>('/api/auth/change-password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      rememberMe(res.user);
      qc.setQueryData(ME_KEY, res.user);
      form.resetFields();
      onDone(res.user);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const min = policy?.minLength ?? 8;
  const max = policy?.maxLength ?? 128;
  const rawReasons = error instanceof ApiError && Array.isArray(error.details?.reasons) ? (error.details.reasons as unknown[]).map(String) : [];
  // The contract promises localised reasons; the server may send codes (TOO_SHORT…): translate those.
  const reasons = rawReasons.map((r) => {
    const key = `pwReason.${r}` as MessageKey;
    return /^[A-Z_]+$/.test(r) && key in zhCN ? t(key, { min, max, classes: policy?.minClasses ?? 3 }) : r;
  });
  return (
    <>
      {policy && (
        <Alert
          type="info"
          showIcon
          data-testid="pw-policy"
          title={t('password.policyTitle')}
          description={t('password.policy', { min: policy.minLength, max: policy.maxLength, classes: policy.minClasses, recommended: policy.recommendedLength })}
          style={{ marginBottom: 16 }}
        />
      )}
      {error !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="pw-error"
          data-code={error instanceof ApiError ? error.code : undefined}
          title={reasons.length ? t('password.weak') : errorText(error, t)}
          description={
            reasons.length ? (
              <ul data-testid="pw-reasons" style={{ margin: 0, paddingInlineStart: 20 }}>
                {reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={busy} style={{ maxWidth: 420 }}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.currentRequired') }]}>
          <Input.Password autoComplete="current-password" data-testid="pw-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={policy ? t('password.recommend', { n: policy.recommendedLength }) : undefined}
          rules={[
            { required: true, message: t('password.newRequired') },
            { min, message: t('password.tooShort', { n: min }) },
            { max, message: t('password.tooLong', { n: max }) },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="pw-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="pw-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="pw-submit">
          {t('password.submit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>{t('password.afterChange')}</Typography.Paragraph>
    </>
  );
}
