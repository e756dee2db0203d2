import { useEffect, useRef } from 'react';
import { App } from 'antd';
import { useCurrentUser } from '../../auth';
import { loadDraft } from '../../drafts';
import type { Draft } from '../../drafts';
import { useI18n } from '../../i18n';

/** Once per page visit, when `ready`: reopens a form whose draft survived a sign-in (session timeout). */
export function useDraftRestore<T, R>(form: string, ready: boolean, reopen: (d: Draft<T, R>) => void): void {
  const me = useCurrentUser();
  const { t } = useI18n();
  const { message } = App.useApp();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !ready) return;
    done.current = true;
    const d = loadDraft<T, R>(form, me.id);
    if (!d) return;
    reopen(d);
    void message.info(t('draft.restored'));
  });
}
