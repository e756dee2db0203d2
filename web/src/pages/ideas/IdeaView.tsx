// A golden idea read-only: the filled form, its status and receipt, its history (who, when, what,
// why) and the moves the API's `can` allows the viewer (approve/return for the unit admin,
// bureau return and the audited phone reveal for the bureau).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Space, Tag, Timeline, Typography } from 'antd';
import { api } from '../../api';
import { errorText } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { ApproveAction, CommentAction } from './actions';
import { AttachmentList } from './AttachmentList';
import { useCurrentUser } from '../../auth';
import { hasRole } from '../../permissions';
import { statusLabel, STATUS_COLORS, type Idea } from './ideasApi';
import { IdeaOriginality } from '../originality/OriginalityFigure';

const ACTIONS = ['create', 'send', 'approve', 'return', 'seal', 'receive', 'bureau-return', 'import'] as const;

export function StatusTag({ status }: { status: Idea['status'] }) {
  const { locale } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="idea-status" style={{ marginInlineEnd: 0 }}>
      {statusLabel(status, locale)}
    </Tag>
  );
}

export function History({ idea }: { idea: Pick<Idea, 'history'> }) {
  const { t, locale } = useI18n();
  return (
    <Card title={<h2 className="jdz-card-h">{t('ideas.history')}</h2>} style={{ marginTop: 16 }} data-testid="idea-history">
      <Timeline
        items={idea.history.map((e) => ({
          key: e.id,
          content: (
            <div>
              <div>
                <strong>{(ACTIONS as readonly string[]).includes(e.action) ? t(`ideas.action.${e.action}` as MessageKey) : e.action}</strong>
                {' · '}
                {e.actorName ?? t('ideas.history.system')}
              </div>
              <div style={{ fontSize: 12, color: '#595959' }}>
                {formatDateTime(e.at, locale)}
                {e.fromStatus && e.fromStatus !== e.toStatus ? ` · ${statusLabel(e.fromStatus, locale)} → ${statusLabel(e.toStatus, locale)}` : ''}
              </div>
              {e.comment && <div className="jdz-history-comment">{e.comment}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** The text as written: paragraphs kept. */
export function IdeaBody({ body }: { body: string }) {
  return (
    <div data-testid="idea-body-view" className="jdz-idea-body">
      {body.split(/\n+/).map((p, i) => (p.trim() ? <p key={i}>{p}</p> : null))}
    </div>
  );
}

export function IdeaView({ idea, formTitle }: { idea: Idea; formTitle?: string }) {
  const me = useCurrentUser();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [phone, setPhone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reveal = async () => {
    try {
      setPhone((await api.post<{ contactPhone: string }>(`/api/ideas/${idea.id}/phone/reveal`)).contactPhone);
    } catch (e) {
      void message.error(errorText(e, t));
    }
  };
  const authorship = idea.authorship === 'collective' ? t('ideas.authorship.collective') : `${t('ideas.authorship.individual')}${idea.authors.length ? t('common.colon') + idea.authors.join('、') : ''}`;
  const moves = idea.can.approve || idea.can.return || idea.can.bureauReturn;
  return (
    <>
      <PageHeader title={idea.title || t('ideas.untitled')} extra={<StatusTag status={idea.status} />} />
      {idea.lastComment && idea.status === 'returned' && (
        <Alert type="warning" showIcon title={t('ideas.returnedBecause')} description={idea.lastComment} style={{ marginBottom: 16 }} data-testid="idea-returned-comment" />
      )}
      {error ? <Alert type="error" showIcon role="alert" title={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="idea-action-error" /> : null}
      {moves && (
        <Space wrap style={{ marginBottom: 16 }} data-testid="idea-actions">
          {idea.can.approve && <ApproveAction idea={idea} size="large" onError={setError} />}
          {idea.can.return && <CommentAction idea={idea} kind="return" size="large" />}
          {idea.can.bureauReturn && <CommentAction idea={idea} kind="bureau-return" size="large" />}
        </Space>
      )}
      <Card title={formTitle ? <h2 className="jdz-card-h">{formTitle}</h2> : undefined} data-testid="idea-view">
        <Descriptions
          column={1}
          size="small"
          bordered
          styles={{ label: { width: 96 } }}
          items={[
            { key: 'unit', label: t('ideas.field.unit'), children: idea.unit.name },
            { key: 'contact', label: t('ideas.field.contactName'), children: idea.contactName || '—' },
            {
              key: 'phone',
              label: t('ideas.field.contactPhone'),
              children: (
                <Space wrap>
                  <span data-testid="idea-phone">{phone ?? (idea.contactPhone || '—')}</span>
                  {idea.can.revealPhone && !phone && (
                    <Button size="small" onClick={() => void reveal()} {...buttonWithTestId('idea-reveal-phone')}>
                      {t('ideas.revealPhone')}
                    </Button>
                  )}
                </Space>
              ),
            },
            { key: 'authorship', label: t('ideas.field.authorship'), children: authorship },
            { key: 'topic', label: t('ideas.field.topic'), children: idea.topic || '—' },
            { key: 'count', label: t('ideas.charCount'), children: <span data-testid="idea-view-count">{t('ideas.chars', { n: idea.charCount })}</span> },
            { key: 'receipt', label: t('ideas.receipt'), children: <span data-testid="idea-receipt">{idea.receiptNo ?? t('ideas.noReceipt')}</span> },
            { key: 'author', label: t('ideas.author'), children: idea.authorName },
            ...(idea.late ? [{ key: 'late', label: t('ideas.late'), children: <Tag color="orange">{t('ideas.lateYes')}</Tag> }] : []),
            ...(idea.status !== 'draft' && me.permissions.includes('originality.summary') ? [{ key: 'originality', label: t('originality.field'), children: <IdeaOriginality ideaId={idea.id} /> }] : []),
          ]}
        />
        <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
          {t('ideas.field.bodyView')}
        </Typography.Title>
        <IdeaBody body={idea.body} />
        {idea.attachments && idea.attachments.length > 0 && (
          <div style={{ marginBottom: 12 }}>
            <AttachmentList ideaId={idea.id} attachments={idea.attachments} editable={false} canDownloadOriginal={hasRole(me, 'bureau_admin')} />
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 0 }}>
          {idea.pledge ? t('ideas.pledged') : t('ideas.notPledged')}
        </Typography.Paragraph>
      </Card>
      <History idea={idea} />
      <div style={{ marginTop: 16 }}>
        <Button size="large" onClick={() => navigate(-1)}>
          {t('ideas.back')}
        </Button>
      </div>
    </>
  );
}
