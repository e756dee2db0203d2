// Create or edit a unit. Typed values are kept as a draft in sessionStorage until saved or
// cancelled, so a session timeout loses nothing.
import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { UNIT_TYPES } from '../../../../src/shared/roles';
import { api } from '../../api';
import { useCurrentUser } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { clearDraft, saveDraft } from '../../drafts';
import { unitTypeLabel, useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import type { Id, Unit } from '../../types';
import { changedFields, sectorLabel, useSectors } from './orgApi';

export const UNIT_DRAFT = 'unitForm';
export type UnitValues = { code: string; name: string; type: string; sectorId: Id | null; town: string; contactName: string; contactPhone: string };

export function unitToValues(u: Unit): UnitValues {
  return { code: u.code, name: u.name, type: u.type, sectorId: u.sectorId, town: u.town ?? '', contactName: u.contactName ?? '', contactPhone: u.contactPhone ?? '' };
}

type Props = { open: boolean; unit: Unit | null; initial?: UnitValues; onClose: () => void };

export function UnitFormModal({ open, unit, initial, onClose }: Props) {
  const { t, locale } = useI18n();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitValues>();
  const sectors = useSectors(open);
  const [error, setError] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: (v: UnitValues) => {
      if (unit) return api.put<Unit>(`/api/org/units/${unit.id}`, changedFields(unitToValues(unit), v));
      const body: Record<string, unknown> = { code: v.code.trim(), name: v.name.trim(), type: v.type, sectorId: v.sectorId, town: v.town.trim() };
      if (v.contactName?.trim()) body.contactName = v.contactName.trim();
      if (v.contactPhone?.trim()) body.contactPhone = v.contactPhone.trim();
      return api.post<Unit>('/api/org/units', body);
    },
    onSuccess: () => {
      clearDraft(UNIT_DRAFT);
      void qc.invalidateQueries({ queryKey: ['org'] });
      void message.success(t('common.saved'));
      setError(null);
      onClose();
    },
    onError: setError,
  });
  const cancel = () => {
    clearDraft(UNIT_DRAFT);
    setError(null);
    onClose();
  };
  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <Modal
      open={open}
      title={unit ? t('units.edit') : t('units.create')}
      onCancel={cancel}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={buttonWithTestId('unit-form-submit', { loading: save.isPending })}
      width={mobile ? '100%' : 560}
      destroyOnHidden
    >
      <ErrorAlert error={error} testId="unit-form-error" />
      <Form<UnitValues>
        form={form}
        layout="vertical"
        initialValues={initial ?? (unit ? unitToValues(unit) : { code: '', name: '', type: undefined, sectorId: null, town: '', contactName: '', contactPhone: '' })}
        onValuesChange={(_, all) => saveDraft(UNIT_DRAFT, me.id, unit, all)}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="code" label={t('units.code')} rules={[required, { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('units.codeInvalid') }]}>
          <Input data-testid="unit-code" maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('units.name')} rules={[required, { max: 100 }]}>
          <Input data-testid="unit-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="type" label={t('units.type')} rules={[{ required: true, message: t('common.required') }]}>
          <Select data-testid="unit-type" options={UNIT_TYPES.map((x) => ({ value: x, label: unitTypeLabel(locale, x) }))} />
        </Form.Item>
        <Form.Item name="sectorId" label={t('units.sector')} rules={[{ required: true, message: t('common.required') }]}>
          <Select data-testid="unit-sector" loading={sectors.isPending} options={(sectors.data ?? []).map((s) => ({ value: s.id, label: sectorLabel(locale, s) }))} />
        </Form.Item>
        <Form.Item name="town" label={t('units.town')} rules={[required, { max: 50 }]}>
          <Input data-testid="unit-town" maxLength={50} />
        </Form.Item>
        <Form.Item name="contactName" label={t('units.contactName')} rules={[{ max: 50 }]}>
          <Input data-testid="unit-contact-name" maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('units.contactPhone')} rules={[{ pattern: /^[0-9０-９+\-\s()（）]{5,20}$/, message: t('units.phoneInvalid') }]}>
          <Input data-testid="unit-contact-phone" inputMode="tel" maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
