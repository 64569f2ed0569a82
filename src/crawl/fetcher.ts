/** HTTP fetching for single inputs: bytes and the header facts the readers need. */
import got, { type Got } from 'got';

export interface FetchedResource {
  url: string;
  finalUrl: string;
  status: number;
  bytes: Buffer;
  contentType: string | null;
  /** charset parameter of the Content-Type header, if any. */
  charset: string | null;
  fetchedAt: string;
}

export interface FetcherOptions {
  userAgent: string;
  /** Per-request timeout in ms. */
  timeoutMs: number;
  retries: number;
  maxBytes: number;
}

export const DEFAULT_USER_AGENT = 'xxgk/0.1 (+research crawler for government information-disclosure annual reports)';

export const DEFAULT_FETCHER_OPTIONS: FetcherOptions = {
  userAgent: DEFAULT_USER_AGENT,
  timeoutMs: 30_000,
  retries: 3,
  maxBytes: 64 * 1024 * 1024,
};

export class FetchError extends Error {
  override name = 'FetchError';
  constructor(message: string, readonly url: string, readonly status?: number) {
    super(message);
  }
}

export function createClient(options: FetcherOptions = DEFAULT_FETCHER_OPTIONS): Got {
  return got.extend({
    headers: { 'user-agent': options.userAgent, accept: 'text/html,application/xhtml+xml,application/pdf,*/*;q=0.8' },
    timeout: { request: options.timeoutMs },
    retry: {
      limit: options.retries,
      methods: ['GET', 'HEAD'],
      statusCodes: [408, 413, 429, 500, 502, 503, 504, 521, 522, 524],
      maxRetryAfter: 120_000,
    },
    throwHttpErrors: false,
    followRedirect: true,
    maxRedirects: 10,
    decompress: true,
  });
}

function charsetOf(contentType: string | null): string | null {
  const match = contentType ? /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType) : null;
  return match ? match[1]!.toLowerCase() : null;
}

export async function fetchResource(url: string, client: Got = createClient(), maxBytes = DEFAULT_FETCHER_OPTIONS.maxBytes): Promise<FetchedResource> {
  let response;
  try {
    response = await client(url, { responseType: 'buffer' }).on('downloadProgress', (progress) => {
      if (progress.transferred > maxBytes) throw new FetchError(`response larger than ${maxBytes} bytes`, url);
    });
  } catch (error) {
    if (error instanceof FetchError) throw error;
    const err = error as Error & { code?: string };
    throw new FetchError(`${err.code ?? err.name}: ${err.message}`, url);
  }
  if (response.statusCode >= 400) throw new FetchError(`HTTP ${response.statusCode}`, url, response.statusCode);
  const contentType = response.headers['content-type'] ?? null;
  return {
    url,
    finalUrl: response.url,
    status: response.statusCode,
    bytes: response.body,
    contentType,
    charset: charsetOf(contentType),
    fetchedAt: new Date().toISOString(),
  };
}
