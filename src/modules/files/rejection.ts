// Why an uploaded file is refused, in both languages. Thrown by the pure checks (names, sniffing,
// images) and turned into a 400 FILE_INVALID by the routes (toAppError).
import { AppError } from '../../platform/http/errors.ts';

export class FileRejected extends Error {
  constructor(
    readonly reason: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export function toAppError(err: FileRejected): AppError {
  return new AppError(err.reason === 'infected' ? 'FILE_INFECTED' : 'FILE_INVALID', (l) => ({ detail: l === 'zh-CN' ? err.zh : err.en }), { reason: err.reason });
}

const ALLOWED_ZH = '允许的格式：Word 文档（.docx、.doc）、PDF、图片（.jpg、.jpeg、.png、.webp）。';
const ALLOWED_EN = 'Allowed: Word documents (.docx, .doc), PDF and images (.jpg, .jpeg, .png, .webp).';

/** The refusals, by reason; `what` names the detected content ("Excel 表格（.xlsx）"). */
export const reject = {
  emptyName: () => new FileRejected('name-empty', '文件名为空，请重新选择文件。', 'The file has no name; choose the file again.'),
  nulInName: () =>
    new FileRejected('name-nul', '文件名中含有非法的空字符（NUL），已拒绝上传。请重命名文件后再上传。', 'The file name contains a NUL character and was refused. Rename the file and upload it again.'),
  doubleExtension: (name: string) =>
    new FileRejected(
      'double-extension',
      `文件名“${name}”带有双重扩展名（如 .jpg.php），已拒绝上传。请把文件重命名为只有一个扩展名（如“照片.jpg”）后再上传。`,
      `The file name "${name}" has a double extension (such as .jpg.php) and was refused. Rename it to a single extension (such as "photo.jpg").`,
    ),
  macroExtension: (ext: string) =>
    new FileRejected(
      'macro',
      `不允许上传启用宏的 Word 文件（${ext}）：宏可能含有恶意代码。请在 Word/WPS 中“另存为” .docx 后再上传。`,
      `Macro-enabled Word files (${ext}) are not allowed: macros may carry malicious code. Save the file as .docx and upload that.`,
    ),
  heic: () =>
    new FileRejected(
      'heic',
      '暂不支持 HEIC 格式的照片，请在手机设置中改为“兼容性最佳”或截图后上传',
      'HEIC photos are not supported yet: set the camera format to "Most Compatible" on the phone, or upload a screenshot.',
    ),
  svg: () =>
    new FileRejected('svg', `不允许上传 SVG 图片（其中可能含有脚本）。请转换为 PNG 或 JPG 后再上传。${ALLOWED_ZH}`, `SVG images are not allowed (they may contain scripts). Convert to PNG or JPG. ${ALLOWED_EN}`),
  html: () => new FileRejected('html', `不允许上传网页文件（HTML）。${ALLOWED_ZH}`, `Web pages (HTML) are not allowed. ${ALLOWED_EN}`),
  executable: () =>
    new FileRejected('executable', `不允许上传可执行程序或脚本文件，已拒绝上传。${ALLOWED_ZH}`, `Executable programs and scripts are not allowed; the file was refused. ${ALLOWED_EN}`),
  extensionNotAllowed: (ext: string) =>
    new FileRejected('extension', `不支持“${ext || '无扩展名'}”类型的文件。${ALLOWED_ZH}`, `Files of type "${ext || 'no extension'}" are not supported. ${ALLOWED_EN}`),
  mismatch: (ext: string, zhWhat: string, enWhat: string) =>
    new FileRejected(
      'mismatch',
      `文件扩展名为 ${ext}，但文件内容是${zhWhat}，两者不符，已拒绝上传。请上传真正的${extLabelZh(ext)}。`,
      `The file is named ${ext} but its content is ${enWhat}; refused. Please upload a real ${extLabelEn(ext)}.`,
    ),
  macroContent: () =>
    new FileRejected(
      'macro',
      '该 Word 文件含有宏（VBA 代码），不允许上传。请在 Word/WPS 中“另存为”不含宏的 .docx 后再上传。',
      'This Word file contains macros (VBA code) and is not allowed. Save it as a .docx without macros and upload that.',
    ),
  damaged: (ext: string) =>
    new FileRejected('damaged', `文件已损坏或不完整，无法识别为${extLabelZh(ext)}，请检查后重新上传。`, `The file is damaged or incomplete and is not a valid ${extLabelEn(ext)}. Check it and upload again.`),
  empty: () => new FileRejected('empty', '文件是空的（0 字节），请重新选择文件。', 'The file is empty (0 bytes); choose the file again.'),
  tooManyPixels: (w: number, h: number, maxMp: number) =>
    new FileRejected(
      'pixels',
      `图片尺寸过大（${w}×${h} 像素），超过 ${maxMp} 百万像素的上限。请缩小图片或截图后再上传。`,
      `The image is too large (${w}×${h} pixels), over the ${maxMp}-megapixel limit. Scale it down or upload a screenshot.`,
    ),
  undecodableImage: () =>
    new FileRejected('image-damaged', '图片无法解码（文件已损坏或格式不受支持），请重新导出后再上传。', 'The image cannot be decoded (damaged or an unsupported variant); export it again and upload.'),
  infected: (signature: string) =>
    new FileRejected(
      'infected',
      `文件未通过病毒检查（检出：${signature}），已拒绝上传，并已通知管理员。`,
      `The file failed the virus scan (found: ${signature}); refused, and the administrators were alerted.`,
    ),
};

function extLabelZh(ext: string): string {
  switch (ext) {
    case '.docx':
      return ' Word 文档（.docx）';
    case '.doc':
      return ' Word 97-2003 文档（.doc）';
    case '.pdf':
      return ' PDF 文件';
    case '.png':
      return ' PNG 图片';
    case '.webp':
      return ' WebP 图片';
    default:
      return ' JPG 图片';
  }
}

function extLabelEn(ext: string): string {
  switch (ext) {
    case '.docx':
      return 'Word document (.docx)';
    case '.doc':
      return 'Word 97-2003 document (.doc)';
    case '.pdf':
      return 'PDF file';
    case '.png':
      return 'PNG image';
    case '.webp':
      return 'WebP image';
    default:
      return 'JPG image';
  }
}
