import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n, usePageTitle } from '../i18n';

export default function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle('notFound.title');
  return (
    <Result
      status="404"
      data-testid="not-found"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('notFound.title')}</h1>}
      subTitle={t('notFound.text')}
      extra={
        <Button type="primary" onClick={() => navigate('/')} data-testid="not-found-home">
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
