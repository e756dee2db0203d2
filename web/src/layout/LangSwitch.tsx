import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../i18n';

/** Toggles zh-CN ⇄ en-US; the label is written in the language it switches to. */
export function LangSwitch() {
  const { locale, setLocale, t } = useI18n();
  const qc = useQueryClient();
  const next = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined aria-hidden />}
      data-testid="lang-switch"
      title={t('lang.switchTo')}
      onClick={() => {
        setLocale(next);
        // Server texts (error messages, reasons) follow Accept-Language: fetch them again.
        void qc.invalidateQueries();
      }}
    >
      <span lang={next}>{next === 'en-US' ? 'English' : '中文'}</span>
    </Button>
  );
}
