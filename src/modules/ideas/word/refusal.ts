// Why a Word file was refused: a stable code and a message in both languages. No message ever
// quotes the file's content (an XXE or linked-file payload must not echo back).

export const REFUSALS = {
  FILE_TOO_LARGE: { zh: '文件过大（超过 {limit}），请压缩图片后重新上传。', en: 'The file is too large (over {limit}); shrink the images and upload again.' },
  EMPTY_FILE: { zh: '文件是空的。', en: 'The file is empty.' },
  NOT_WORD: { zh: '不是 Word 文件（.docx 或 .doc），无法读取。', en: 'This is not a Word file (.docx or .doc).' },
  RTF_OR_HTML: {
    zh: '该文件实际是 RTF 或网页格式，不是真正的 Word 文件。请用 Word 或 WPS 打开后“另存为” .docx 再上传。',
    en: 'This file is really RTF or HTML, not a Word document. Open it in Word or WPS and save it as .docx.',
  },
  ENCRYPTED: { zh: '文件已加密，请去掉密码后重新上传。', en: 'The file is password-protected; remove the password and upload it again.' },
  TOO_MANY_ENTRIES: {
    zh: '文件内部条目过多（{count} 个，上限 {max} 个），疑似恶意文件，已拒绝。',
    en: 'The file holds too many parts ({count}, limit {max}); it looks hostile and was refused.',
  },
  ZIP_BOMB: {
    zh: '文件解压后异常膨胀（压缩比超过 100:1 或解压总量超过 100 MB），疑似“压缩炸弹”，已拒绝。',
    en: 'The file inflates far beyond its size (ratio over 100:1 or more than 100 MB in total): a suspected zip bomb, refused.',
  },
  UNSAFE_ENTRY_NAME: { zh: '文件内部含有非法的路径名（如 ../），疑似恶意文件，已拒绝。', en: 'The file contains an unsafe part name (such as ../); refused.' },
  SYMLINK: { zh: '文件内部含有符号链接，疑似恶意文件，已拒绝。', en: 'The file contains a symbolic link; refused.' },
  ENTRY_ENCRYPTED: { zh: '文件内部条目被加密，无法检查，已拒绝。请去掉密码后重新上传。', en: 'Parts of the file are encrypted and cannot be checked; refused.' },
  INCONSISTENT_ZIP: {
    zh: '文件的内部目录与实际内容不符（文件损坏或被篡改），已拒绝。请用 Word 重新保存后上传。',
    en: "The file's directory does not match its content (damaged or tampered with); refused. Save it again in Word.",
  },
  XML_DTD: {
    zh: '文件含有 DOCTYPE/ENTITY 声明（Word 不会生成，可能用于窃取服务器文件），已拒绝。',
    en: 'The file contains a DOCTYPE/ENTITY declaration (Word never writes one; it can be used to read server files); refused.',
  },
  EXTERNAL_CONTENT: {
    zh: '文件引用了外部内容（链接的图片、远程模板或外部文件），已拒绝。请把图片直接插入文档、去掉模板后另存再上传。',
    en: 'The file refers to external content (linked images, a remote template or external files); refused. Embed the images, remove the template and save again.',
  },
  MACROS: { zh: '文件含有宏（VBA），已拒绝。请另存为不含宏的 Word 文档（.docx）后上传。', en: 'The file contains macros (VBA); refused. Save it as a macro-free .docx.' },
  ACTIVE_CONTENT: {
    zh: '文件含有 ActiveX 控件或嵌入的外部文档（altChunk），已拒绝。请删除这些对象后另存上传。',
    en: 'The file contains ActiveX controls or an embedded foreign document (altChunk); refused. Remove them and save again.',
  },
  MALFORMED: { zh: '文件已损坏，无法读取。请用 Word 或 WPS 打开检查后重新保存上传。', en: 'The file is damaged and cannot be read. Open it in Word or WPS, check it and save it again.' },
  TIMEOUT: { zh: '文件解析超时（超过 {seconds} 秒），已停止。', en: 'Reading the file took longer than {seconds} seconds and was stopped.' },
  OUT_OF_MEMORY: { zh: '文件解析所需内存超出限制，已停止。', en: 'Reading the file needed more memory than allowed and was stopped.' },
  NO_IDEAS: {
    zh: '未在文件中找到金点子内容（征集表或带“填写单位”“联系人”等标签的正文）。',
    en: 'No golden idea found in the file (neither the form nor text with labels such as 填写单位 or 联系人).',
  },
} as const;

export type RefusalCode = keyof typeof REFUSALS;

export interface Refusal {
  code: RefusalCode;
  zh: string;
  en: string;
}

export function refusal(code: RefusalCode, vars: Record<string, string | number> = {}): Refusal {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
  return { code, zh: fill(REFUSALS[code].zh), en: fill(REFUSALS[code].en) };
}

/** Thrown by the pre-check and the parser; carried across the worker boundary as a plain object. */
export class RefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.en);
  }
}

export const refuse = (code: RefusalCode, vars?: Record<string, string | number>): never => {
  throw new RefusedError(refusal(code, vars));
};
