import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n, usePageTitle } from '../i18n';

/** The "no permission" state: shown for routes or records the caller's role may not use. */
export function NoPermission() {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle('noPermission.title');
  return (
    <Result
      status="403"
      data-testid="no-permission"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('noPermission.title')}</h1>}
      subTitle={t('noPermission.text')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
