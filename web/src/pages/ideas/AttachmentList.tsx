// The extra pages of a golden idea (附件): upload with progress, list, download, remove.
// The server decides (type from the content, sizes, 10 per idea, who may change what); this
// component only saves the user a wasted upload: it checks the extension and size first and shrinks
// a photo over 10 MB in the browser before sending it. Placed in the idea form by IdeaPage.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, List, Progress, Space, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, FileImageOutlined, FilePdfOutlined, FileWordOutlined, PaperClipOutlined } from '@ant-design/icons';
import { ApiError, api, request, saveResponseAsFile } from '../../api';
import { currentLocale, useI18n } from '../../i18n';
import { errorText } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import type { Me } from '../../types';

/** One attachment as the API answers it (src/modules/ideas/attachments/attachments.routes.ts AttachmentOut). */
export type Attachment = {
  fileId: number;
  name: string;
  size: number;
  contentType: string;
  kind: 'image' | 'pdf' | 'docx' | 'doc';
  seq: number;
  sha256: string;
  createdAt: string;
  hasOriginal: boolean;
};

type AttachmentsResponse = { attachments: Attachment[]; attachment?: Attachment };

const MB = 1024 * 1024;
export const ATTACHMENT_RULES = {
  perIdea: 10,
  documentBytes: 20 * MB,
  imageBytes: 10 * MB,
  accept: '.docx,.doc,.pdf,.jpg,.jpeg,.png,.webp',
};
const IMAGE_EXT = ['.jpg', '.jpeg', '.png', '.webp'];
const DOC_EXT = ['.docx', '.doc', '.pdf'];

function extOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i).toLowerCase() : '';
}

export function formatSize(n: number): string {
  if (n >= MB) return `${(n / MB).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** A photo over the image limit, redrawn at most 4096 px on its long side as a JPEG. */
async function shrinkPhoto(file: File): Promise<File> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, 4096 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no canvas');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) throw new Error('toBlob failed');
  return new File([blob], file.name.replace(/\.[^.]+$/, '') + '.jpg', { type: 'image/jpeg' });
}

/** POST with upload progress (fetch cannot report it): the same headers as api.ts. */
function uploadWithProgress(path: string, file: File, csrf: string, onProgress: (percent: number) => void): Promise<AttachmentsResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLocale());
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK', message: '' }));
    xhr.onload = () => {
      let body: { error?: { code: string; message: string; requestId?: string; details?: Record<string, unknown> } } & Partial<AttachmentsResponse> = {};
      try {
        body = JSON.parse(xhr.responseText || '{}');
      } catch {
        /* a proxy's HTML page */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as AttachmentsResponse);
      else {
        const e = body.error;
        reject(new ApiError({ status: xhr.status, code: e?.code ?? `HTTP_${xhr.status}`, message: e?.message ?? '', requestId: e?.requestId, details: e?.details }));
      }
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

type Pending = { key: string; name: string; percent: number; error?: string };

export interface AttachmentListProps {
  /** null while the idea has not been saved yet (nothing to attach to). */
  ideaId: number | null;
  attachments: Attachment[];
  /** The author while the idea is a draft or returned. */
  editable: boolean;
  /** The bureau admin may fetch a photo as it was uploaded. */
  canDownloadOriginal?: boolean;
  onChange?: (attachments: Attachment[]) => void;
}

export function AttachmentList({ ideaId, attachments, editable, canDownloadOriginal = false, onChange }: AttachmentListProps) {
  const { t } = useI18n();
  const [items, setItems] = useState<Attachment[]>(attachments);
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setItems(attachments), [attachments]);

  const update = (next: Attachment[]) => {
    setItems(next);
    onChange?.(next);
  };

  /** The checks the server will make anyway, answered before a byte is sent. */
  const precheck = (file: File, count: number): string | null => {
    const ext = extOf(file.name);
    if (ext === '.heic' || ext === '.heif') return t('attachments.heic');
    if (!IMAGE_EXT.includes(ext) && !DOC_EXT.includes(ext)) return t('attachments.typeNotAllowed', { name: file.name });
    if (count >= ATTACHMENT_RULES.perIdea) return t('attachments.tooMany', { max: ATTACHMENT_RULES.perIdea });
    if (DOC_EXT.includes(ext) && file.size > ATTACHMENT_RULES.documentBytes) return t('attachments.docTooLarge', { name: file.name, max: formatSize(ATTACHMENT_RULES.documentBytes) });
    if (file.size === 0) return t('attachments.empty', { name: file.name });
    return null;
  };

  const onFiles = async (files: FileList | null) => {
    if (!files || !ideaId) return;
    setError(null);
    let count = items.length;
    let me: Me;
    try {
      me = await api.get<Me>('/api/me');
    } catch (e) {
      setError(errorText(e, t));
      return;
    }
    for (const original of Array.from(files)) {
      const key = `${Date.now()}-${Math.random()}`;
      const problem = precheck(original, count);
      if (problem) {
        setPending((p) => [...p, { key, name: original.name, percent: 0, error: problem }]);
        continue;
      }
      setPending((p) => [...p, { key, name: original.name, percent: 0 }]);
      try {
        let file = original;
        if (IMAGE_EXT.includes(extOf(file.name)) && file.size > ATTACHMENT_RULES.imageBytes) {
          try {
            file = await shrinkPhoto(file);
          } catch {
            throw new Error(t('attachments.imageTooLarge', { name: original.name, max: formatSize(ATTACHMENT_RULES.imageBytes) }));
          }
          if (file.size > ATTACHMENT_RULES.imageBytes) throw new Error(t('attachments.imageTooLarge', { name: original.name, max: formatSize(ATTACHMENT_RULES.imageBytes) }));
        }
        const res = await uploadWithProgress(`/api/ideas/${ideaId}/attachments`, file, me.csrfToken, (percent) =>
          setPending((p) => p.map((x) => (x.key === key ? { ...x, percent } : x))),
        );
        count = res.attachments.length;
        update(res.attachments);
        setPending((p) => p.filter((x) => x.key !== key));
      } catch (e) {
        const message = e instanceof ApiError ? errorText(e, t) : e instanceof Error ? e.message : t('error.unexpected');
        setPending((p) => p.map((x) => (x.key === key ? { ...x, error: message } : x)));
      }
    }
    if (input.current) input.current.value = '';
  };

  const download = async (a: Attachment, original = false) => {
    setError(null);
    setBusy(a.fileId);
    try {
      const res = await request<Response>(`/api/ideas/${ideaId}/attachments/${a.fileId}`, { raw: true, query: original ? { original: 1 } : undefined });
      await saveResponseAsFile(res, a.name);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (a: Attachment) => {
    if (!window.confirm(t('attachments.confirmRemove', { name: a.name }))) return;
    setError(null);
    setBusy(a.fileId);
    try {
      const res = await api.del<AttachmentsResponse>(`/api/ideas/${ideaId}/attachments/${a.fileId}`);
      update(res.attachments);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  const icon = (kind: Attachment['kind']) =>
    kind === 'image' ? <FileImageOutlined /> : kind === 'pdf' ? <FilePdfOutlined /> : <FileWordOutlined />;

  return (
    <section data-testid="attachments" aria-labelledby="attachments-title">
      <Typography.Title level={5} id="attachments-title" style={{ marginTop: 0 }}>
        <PaperClipOutlined /> {t('attachments.title')} <Typography.Text type="secondary">{t('attachments.count', { n: items.length, max: ATTACHMENT_RULES.perIdea })}</Typography.Text>
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('attachments.help', { doc: formatSize(ATTACHMENT_RULES.documentBytes), image: formatSize(ATTACHMENT_RULES.imageBytes) })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 8 }} data-testid="attachments-error" />}
      <List
        size="small"
        bordered
        locale={{ emptyText: t('attachments.none') }}
        dataSource={items}
        renderItem={(a) => (
          <List.Item
            data-testid={`attachment-${a.fileId}`}
            actions={[
              <Button key="dl" size="small" icon={<DownloadOutlined />} loading={busy === a.fileId} onClick={() => download(a)} aria-label={t('attachments.download', { name: a.name })} {...buttonWithTestId(`attachment-download-${a.fileId}`)}>
                {t('attachments.downloadShort')}
              </Button>,
              ...(canDownloadOriginal && a.hasOriginal
                ? [
                    <Button key="orig" size="small" type="link" onClick={() => download(a, true)} {...buttonWithTestId(`attachment-original-${a.fileId}`)}>
                      {t('attachments.original')}
                    </Button>,
                  ]
                : []),
              ...(editable
                ? [
                    <Button key="rm" size="small" danger icon={<DeleteOutlined />} disabled={busy === a.fileId} onClick={() => remove(a)} aria-label={t('attachments.remove', { name: a.name })} {...buttonWithTestId(`attachment-remove-${a.fileId}`)} />,
                  ]
                : []),
            ]}
          >
            <List.Item.Meta
              avatar={icon(a.kind)}
              title={<span style={{ wordBreak: 'break-all' }}>{a.name}</span>}
              description={a.kind === 'image' ? t('attachments.imageMeta', { size: formatSize(a.size) }) : formatSize(a.size)}
            />
          </List.Item>
        )}
      />
      {pending.map((p) => (
        <div key={p.key} data-testid="attachment-pending" style={{ marginTop: 8 }}>
          <Typography.Text style={{ wordBreak: 'break-all' }}>{p.name}</Typography.Text>
          {p.error ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={p.error}
              closable={{ onClose: () => setPending((x) => x.filter((y) => y.key !== p.key)) }}
              style={{ marginTop: 4 }}
              data-testid="attachment-upload-error"
            />
          ) : (
            <Progress percent={p.percent} size="small" status="active" aria-label={t('attachments.uploading', { name: p.name })} />
          )}
        </div>
      ))}
      {editable && (
        <Space style={{ marginTop: 12 }} wrap>
          <input ref={input} type="file" multiple accept={ATTACHMENT_RULES.accept} hidden data-testid="attachment-input" onChange={(e) => void onFiles(e.target.files)} />
          <Button icon={<PaperClipOutlined />} disabled={!ideaId || items.length >= ATTACHMENT_RULES.perIdea} onClick={() => input.current?.click()} {...buttonWithTestId('attachment-add')}>
            {t('attachments.add')}
          </Button>
          {!ideaId && <Typography.Text type="secondary">{t('attachments.saveFirst')}</Typography.Text>}
        </Space>
      )}
    </section>
  );
}

export default AttachmentList;
