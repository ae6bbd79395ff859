/** Builds a multipart/form-data body by hand, as a browser sends it, for `app.inject`. */
export const MULTIPART_BOUNDARY = '----loket-test-boundary-7MA4YWxkTrZu0gW';

export type Part =
  { name: string; value: string } | { name: string; filename: string; type?: string; data: Buffer };

export function multipartBody(parts: Part[]): Buffer {
  const pieces: Buffer[] = [];
  for (const p of parts) {
    let head = `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if ('data' in p) {
      head += `; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}`;
      pieces.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), p.data, Buffer.from('\r\n'));
    } else {
      pieces.push(Buffer.from(`${head}\r\n\r\n${p.value}\r\n`, 'utf8'));
    }
  }
  pieces.push(Buffer.from(`--${MULTIPART_BOUNDARY}--\r\n`));
  return Buffer.concat(pieces);
}

export const multipartContentType = `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`;
