// Home: greeting, what the user still has to do (a judge also the bureau's unread reminders), their
// roles and unit, and the current campaign.
import { Card, Descriptions, Space, Tag } from 'antd';
import { useCurrentUser } from '../../auth';
import { can } from '../../permissions';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../format';
import { roleLabel, useI18n, usePageTitle } from '../../i18n';
import { CampaignCard } from './CampaignCard';
import { RemindersCard } from './RemindersCard';
import { TodoCard } from './TodoCard';

function greetingKey(hour: number) {
  if (hour < 12) return 'home.morning' as const;
  if (hour < 18) return 'home.afternoon' as const;
  return 'home.evening' as const;
}

export default function HomePage() {
  const me = useCurrentUser();
  const { t, locale } = useI18n();
  usePageTitle('home.title');
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
  return (
    <>
      <PageHeader title={<span data-testid="home-greeting">{t(greetingKey(hour), { name: me.name })}</span>} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <TodoCard />
        {can(me, 'evaluation.judge') && <RemindersCard />}
        <Card title={<h2 className="jdz-card-h">{t('home.myInfo')}</h2>}>
          <Descriptions
            column={{ xs: 1, sm: 1, md: 2 }}
            size="small"
            items={[
              {
                key: 'roles',
                label: t('home.roles'),
                children: (
                  <span data-testid="home-roles">
                    {me.roles.map((r) => (
                      <Tag key={r.role + String(r.sectorId)}>{roleLabel(locale, r.role)}</Tag>
                    ))}
                  </span>
                ),
              },
              { key: 'unit', label: t('home.unit'), children: <span data-testid="home-unit">{me.unit ? me.unit.name : t('home.noUnit')}</span> },
              { key: 'username', label: t('home.username'), children: me.username },
              { key: 'lastSeen', label: t('home.lastSeen'), children: formatDateTime(me.lastSeenAt, locale) },
            ]}
          />
        </Card>
        <CampaignCard />
      </Space>
    </>
  );
}
