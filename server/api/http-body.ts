import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate } from 'node:zlib';
import { Errors } from '../common/errors.js';

/**
 * Reads a request body up to `limit` bytes, inflating gzip or deflate bodies; the limit applies to
 * the inflated size too, so a small compressed bomb is refused like a large plain body.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? -1);
  if (declared > limit) {
    req.resume();
    return Promise.reject(Errors.bodyTooLarge());
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let source: NodeJS.ReadableStream = req;
  if (encoding === 'gzip') source = req.pipe(createGunzip());
  else if (encoding === 'deflate') source = req.pipe(createInflate());
  else if (encoding !== 'identity') {
    req.resume();
    return Promise.reject(Errors.unsupportedEncoding());
  }
  return new Promise((resolve, reject) => {
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
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(Errors.bodyTooLarge());
      else chunks.push(chunk);
    });
    source.on('end', () => finish(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    source.on('error', (err: Error) =>
      finish(err.name === 'ApiError' ? err : Errors.badRequestBodyEncoding()),
    );
    req.on('aborted', () => finish(new Error('request aborted')));
  });
}
