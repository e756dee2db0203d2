// Optional antivirus (row 44): when CLAMD_SOCKET is set (a unix socket path, or tcp://host:port),
// every upload is streamed to clamd with INSTREAM before it is accepted. A scanner that is
// configured but unreachable refuses the upload (fail closed, 503), it does not wave it through.
import fs from 'node:fs';
import net from 'node:net';

export type ScanResult = { clean: true } | { clean: false; signature: string };

export class ScannerUnavailable extends Error {}

export function clamdTarget(env: Record<string, string | undefined> = process.env): string | null {
  const v = env.CLAMD_SOCKET?.trim();
  return v ? v : null;
}

function connect(target: string): net.Socket {
  const m = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(target);
  return m ? net.connect({ host: m[1], port: Number(m[2]) }) : net.connect({ path: target });
}

/** Streams the file to clamd (zINSTREAM, 64 KB chunks) and parses its verdict. */
export async function scanFile(target: string, file: string, timeoutMs = 60_000): Promise<ScanResult> {
  const socket = connect(target);
  socket.setTimeout(timeoutMs);
  const reply: Buffer[] = [];
  const done = new Promise<string>((resolve, reject) => {
    socket.on('data', (d) => reply.push(d));
    socket.on('end', () => resolve(Buffer.concat(reply).toString('utf8').replace(/\0/g, '').trim()));
    socket.on('timeout', () => {
      socket.destroy();
      reject(new ScannerUnavailable('clamd timed out'));
    });
    socket.on('error', (err) => reject(new ScannerUnavailable(`clamd: ${err.message}`)));
  });
  // Attach before the first await so that an early connection error is never unhandled.
  done.catch(() => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (err) => reject(new ScannerUnavailable(`clamd: ${err.message}`)));
  });
  const write = (b: Buffer) => new Promise<void>((resolve, reject) => socket.write(b, (err) => (err ? reject(new ScannerUnavailable(err.message)) : resolve())));
  await write(Buffer.from('zINSTREAM\0'));
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(chunk.length);
    await write(Buffer.concat([len, chunk]));
  }
  await write(Buffer.alloc(4)); // zero length: end of stream
  const text = await done;
  return parseVerdict(text);
}

/** "stream: OK" | "stream: Eicar-Test-Signature FOUND" | "INSTREAM size limit exceeded. ERROR". */
export function parseVerdict(text: string): ScanResult {
  if (/:\s*OK$/.test(text)) return { clean: true };
  const found = /:\s*(.+?)\s+FOUND$/.exec(text);
  if (found) return { clean: false, signature: found[1] };
  throw new ScannerUnavailable(`clamd answered: ${text.slice(0, 200)}`);
}
