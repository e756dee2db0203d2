// Searchable account picker (GET /api/org/users?q=…).
import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import type { Id, Page, User } from '../../types';

type Props = {
  id?: string;
  value?: Id | null;
  onChange?: (v: Id | null) => void;
  initialOption?: { id: Id; name: string } | null;
  testId?: string;
};

export function UserSelect({ id, value, onChange, initialOption, testId }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const { data, isFetching } = useQuery({
    queryKey: ['org', 'user-options', q],
    queryFn: () => api.get<Page<User>>('/api/org/users', { q, active: 'true', page: 1, pageSize: 20 }),
  });
  const options = (data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }));
  if (initialOption && !options.some((o) => String(o.value) === String(initialOption.id))) {
    options.unshift({ value: initialOption.id, label: initialOption.name });
  }
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as Id | undefined) ?? null)}
      options={options}
      loading={isFetching}
      placeholder={t('org.searchUser')}
      notFoundContent={t('common.noMatch')}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
