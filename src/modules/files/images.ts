// Images are never served as uploaded (row 43): decoded by sharp with a pixel limit, turned upright
// (EXIF orientation), re-encoded to JPEG with no metadata at all (EXIF, GPS, XMP, IPTC, comments are
// dropped, so are any bytes of another format hidden in the file: polyglots).
import sharp, { type Metadata } from 'sharp';
import { FILE_LIMITS } from './limits.ts';
import { reject } from './rejection.ts';

// Uploads are one-off images: libvips' operation cache only holds memory, and one thread per image
// keeps concurrent uploads from multiplying the decoding buffers (row 40: bounded memory).
sharp.cache(false);
sharp.concurrency(1);

/** The served copy's long side at most (the original is kept as uploaded). */
export const MAX_EDGE = 2560;

export interface Reencoded {
  data: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
}

/** Re-encodes the image at `file` (already sniffed as jpeg/png/webp of format `format`). */
export async function reencodeImage(file: string, format: 'jpeg' | 'png' | 'webp'): Promise<Reencoded> {
  const limit = FILE_LIMITS.imagePixels;
  let meta: Metadata;
  try {
    // The header only: a 30000×30000 PNG is refused here, before any pixel is decoded.
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch {
    throw reject.undecodableImage();
  }
  if (meta.format !== format) throw reject.undecodableImage();
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (!w || !h) throw reject.undecodableImage();
  if (w * h > limit) throw reject.tooManyPixels(w, h, Math.round(limit / 1_000_000));
  try {
    const { data, info } = await sharp(file, { limitInputPixels: limit, failOn: 'error', sequentialRead: true, animated: false })
      .rotate() // EXIF orientation applied to the pixels, then the tag goes with the rest of the metadata
      // An extra page needs no more than 2560 px on its long side (≈ 220 dpi for an A4 photo); JPEG and
      // WebP then decode at a reduced scale (shrink-on-load), a quarter of the memory of a 12 MP photo.
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' }) // transparency of screenshots onto white
      .jpeg({ quality: 88, chromaSubsampling: '4:2:0' }) // libjpeg-turbo: mozjpeg takes 8× longer for a phone photo
      .toBuffer({ resolveWithObject: true });
    return { data, contentType: 'image/jpeg', width: info.width, height: info.height };
  } catch (err) {
    if (/pixel limit/i.test(String((err as Error).message))) throw reject.tooManyPixels(w, h, Math.round(limit / 1_000_000));
    throw reject.undecodableImage();
  }
}

/** "照片.png" → "照片.jpg": the served copy is a JPEG. */
export function jpegName(name: string): string {
  const i = name.lastIndexOf('.');
  return `${i > 0 ? name.slice(0, i) : name}.jpg`;
}
