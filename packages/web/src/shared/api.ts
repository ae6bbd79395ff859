import i18n from './i18n';

export interface Problem {
  path: string;
  message: string;
}

/** An error answer from the API: a stable code, a message in the reader's language, and the fields at fault. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: Problem[];
  readonly retryAfter: number | null;
  /** Everything the server said, such as the missing items of a refused submission. */
  readonly body: Record<string, unknown>;
  constructor(
    status: number,
    code: string,
    message: string,
    problems: Problem[] = [],
    retryAfter: number | null = null,
    body: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.problems = problems;
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Send the body as it is with this content type (for YAML uploads). */
  rawBody?: { content: string; type: string };
  signal?: AbortSignal;
  /** Repeat a write with the same key to get the first answer, never a second change (R-REF-10). */
  idempotencyKey?: string;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language };
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let body: BodyInit | undefined;
  if (options.rawBody) {
    headers['content-type'] = options.rawBody.type;
    body = options.rawBody.content;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const d = (data && typeof data === 'object' ? data : { message: String(data ?? '') }) as {
      code?: string;
      message?: string;
      problems?: Problem[];
    };
    const retry = response.headers.get('x-retry-after') ?? response.headers.get('retry-after');
    const code = d.code ?? (response.status === 429 ? 'rate-limited' : `http-${response.status}`);
    throw new ApiError(
      response.status,
      code,
      // An upload refusal's own message says what was wrong with the file; keep it.
      code !== 'upload-refused' && i18n.exists(`errors.${code}`)
        ? i18n.t(`errors.${code}`)
        : (d.message ?? i18n.t('errors.internal-error')),
      d.problems ?? [],
      retry ? Number(retry) : null,
      d as Record<string, unknown>,
    );
  }
  return data as T;
}
