import type { IncomingMessage } from 'node:http';
import { gunzip, inflate, type InputType, type ZlibOptions } from 'node:zlib';
import { Errors } from '../common/errors.js';

type Inflater = (buf: InputType, options: ZlibOptions, callback: (error: Error | null, result: Buffer) => void) => void;

const INFLATERS: Record<string, Inflater> = { gzip: gunzip, deflate: inflate };

/**
 * Undoes a request body's Content-Encoding (gzip or deflate). The limit applies to the inflated size
 * too, so a small compressed bomb is refused like a large plain body.
 */
export function inflateBody(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').toLowerCase();
  if (encoding === 'identity' || encoding === '') return Promise.resolve(body);
  const inflater = INFLATERS[encoding];
  if (!inflater) return Promise.reject(Errors.unsupportedEncoding());
  return new Promise((resolve, reject) => {
    inflater(body, { maxOutputLength: Math.max(1, limit) }, (err, out) => {
      if (!err) resolve(out);
      else reject((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? Errors.bodyTooLarge() : Errors.badRequestBodyEncoding());
    });
  });
}

/** Reads a node:http request body (the console's transport) up to `limit` bytes, then inflates it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? -1);
  if (declared > limit) {
    req.resume();
    return Promise.reject(Errors.bodyTooLarge());
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (done) return;
      done = true;
      if (err) {
        req.resume();
        reject(err);
      } else resolve(body!);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(Errors.bodyTooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => finish(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', (err: Error) => finish(err));
    req.on('aborted', () => finish(new Error('request aborted')));
  }).then((raw) => inflateBody(raw, req.headers['content-encoding'], limit));
}
