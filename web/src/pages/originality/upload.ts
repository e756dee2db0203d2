// A multipart POST with upload progress (fetch cannot report it), with the headers api.ts sends and
// its error shape. The CSRF token comes from /api/me, as api.ts's own requests do.
import { ApiError, api } from '../../api';
import { currentLocale } from '../../i18n';
import type { Me } from '../../types';

export async function postFormWithProgress<T>(path: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  const me = await api.get<Me>('/api/me');
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLocale());
    xhr.setRequestHeader('X-CSRF-Token', me.csrfToken);
    xhr.upload.onprogress = (e) => {
      // 100 % only when the server has answered (it still reads the text out of the file).
      if (e.lengthComputable) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK', message: '' }));
    xhr.onload = () => {
      let body: { error?: { code: string; message: string; requestId?: string; details?: Record<string, unknown> } } = {};
      try {
        body = JSON.parse(xhr.responseText || '{}');
      } catch {
        /* a proxy's HTML page */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(body as T);
      } else {
        const e = body.error;
        reject(new ApiError({ status: xhr.status, code: e?.code ?? `HTTP_${xhr.status}`, message: e?.message ?? '', requestId: e?.requestId, details: e?.details }));
      }
    };
    xhr.send(form);
  });
}
