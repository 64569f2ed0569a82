/**
 * HTTP fetching: got with timeouts, retries (exponential backoff with jitter on 408/429/5xx
 * and network errors, Retry-After honoured), redirects (a loop is an error), a size cap and an
 * http/https fallback. Answers that are not content — WAF challenges, soft 404s, redirect
 * shells, pages that are only scripts — are recognised and returned as failures, not parsed.
 */
import got, { type Got, type Response } from 'got';
import { parse as parseDisposition } from 'content-disposition';
import { XxgkError, type XxgkErrorCode } from '../errors.js';
import { requestFromKey, type RequestSpec } from './request.js';
import { AddressRefusedError, guardedLookup, policyFor, refusalOf, type AddressPolicy } from './guard.js';
import { MAX_INPUT_BYTES } from '../limits.js';
import { decodeUndeclared } from '../read/decode.js';

export interface FetchedResource {
  url: string;
  finalUrl: string;
  status: number;
  bytes: Buffer;
  contentType: string | null;
  /** charset parameter of the Content-Type header, if any. */
  charset: string | null;
  /** File name from Content-Disposition, if any. */
  fileName: string | null;
  fetchedAt: string;
  /** Validators for a conditional request on a later visit (ETag, Last-Modified). */
  etag?: string | null;
  lastModified?: string | null;
}

/** Validators of an earlier fetch: the request becomes conditional (an answer 304 has no body). */
export interface Conditional {
  etag?: string | null;
  lastModified?: string | null;
}

function conditionalHeaders(conditional: Conditional): Record<string, string> {
  const headers: Record<string, string> = {};
  if (conditional.etag) headers['if-none-match'] = conditional.etag;
  if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
  return headers;
}

/**
 * What a fetch gives: the resource, or why not. `code` is what a program branches on; `cause` is
 * the network's own code where there was no answer (ECONNREFUSED, ERR_SSL_…, ETIMEDOUT).
 */
export type FetchOutcome = { ok: true; resource: FetchedResource } | FetchFailure;

/** A failed fetch: the reason for people, the stable code for programs. */
export interface FetchFailure {
  ok: false;
  code: XxgkErrorCode;
  reason: string;
  status?: number;
  cause?: string;
}

export interface FetcherOptions {
  userAgent: string;
  /** Per-request timeout in ms. */
  timeoutMs: number;
  retries: number;
  maxBytes: number;
  /** Longest Retry-After honoured, in ms; longer ones fail the request. */
  maxRetryAfterMs: number;
  /** Base of the exponential backoff, in ms. */
  backoffMs: number;
  /**
   * Which addresses may be reached (see guard.ts); absent: any. The crawl and `xxgk extract URL`
   * always set one, trusting the hosts the user gave.
   */
  guard?: AddressPolicy;
}

export const DEFAULT_USER_AGENT = 'xxgk/0.1 (research crawler for government information-disclosure annual reports)';

export const DEFAULT_FETCHER_OPTIONS: FetcherOptions = {
  userAgent: DEFAULT_USER_AGENT,
  timeoutMs: 30_000,
  retries: 3,
  // A fetched answer past the input limit is cancelled while it downloads.
  maxBytes: MAX_INPUT_BYTES,
  maxRetryAfterMs: 120_000,
  backoffMs: 1_000,
};


const RETRY_STATUS = [408, 429, 500, 502, 503, 504, 522, 524];

export function createClient(options: FetcherOptions = DEFAULT_FETCHER_OPTIONS): Got {
  return got.extend({
    headers: { 'user-agent': options.userAgent, accept: 'text/html,application/xhtml+xml,application/xml,application/json,application/pdf,*/*;q=0.8' },
    timeout: { request: options.timeoutMs },
    retry: {
      limit: options.retries,
      // POST only for listing proxies (Hanweb's dataproxy.jsp), which read and never write.
      methods: ['GET', 'HEAD', 'POST'],
      statusCodes: RETRY_STATUS,
      maxRetryAfter: options.maxRetryAfterMs,
      // Exponential backoff with ±25% jitter, so that many crawlers do not retry in step.
      // got's computedValue 0 means "do not retry"; any other value retries after the delay returned
      // (never 0, which would stop it: "Retry-After: 0" means "again now", so backoff applies).
      calculateDelay: ({ attemptCount, retryAfter, computedValue }) => {
        if (computedValue === 0) return 0;
        if (retryAfter) return retryAfter;
        return Math.max(1, options.backoffMs * 2 ** (attemptCount - 1) * (0.75 + Math.random() * 0.5));
      },
    },
    throwHttpErrors: false,
    followRedirect: true,
    maxRedirects: 10,
    decompress: true,
    https: { rejectUnauthorized: false }, // county sites often have broken certificates; content is checked, not trusted
    ...(options.guard ? guardOptions(options.guard) : {}),
  });
}

/** got options that keep requests and redirects off the addresses a policy refuses. */
function guardOptions(policy: AddressPolicy) {
  const check = (url: URL | string | undefined) => {
    const reason = url ? refusalOf(url, policy) : null;
    if (reason) throw new AddressRefusedError(reason);
  };
  return {
    dnsLookup: guardedLookup(policy) as never,
    hooks: {
      beforeRequest: [(options: { url?: URL | string }) => check(options.url)],
      beforeRedirect: [(options: { url?: URL | string }) => check(options.url)],
    },
  };
}

function charsetOf(contentType: string | null): string | null {
  const match = contentType ? /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType) : null;
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * The file name a Content-Disposition header gives, or null. Servers often send GBK names as
 * raw bytes, which arrive as latin1 characters: those are decoded again as GB18030 (UTF-8 first,
 * when the bytes are valid UTF-8). The name is information only: files are stored by content hash.
 */
export function fileNameOf(disposition: string | undefined): string | null {
  if (!disposition) return null;
  let name: string | undefined;
  try {
    name = parseDisposition(disposition).parameters['filename'];
  } catch {
    // Unquoted names with spaces or raw bytes break the strict grammar: take what follows filename=.
    name = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1]?.trim();
  }
  if (!name) return null;
  // Latin-1 characters and nothing past them: raw bytes of another charset (U+0000 is part of the range, not a control sought).
  // eslint-disable-next-line no-control-regex
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  return decodeUndeclared(Buffer.from(name, 'latin1')).text;
}

export class Fetcher {
  readonly client: Got;

  constructor(readonly options: FetcherOptions = DEFAULT_FETCHER_OPTIONS) {
    this.client = createClient(options);
  }

  /**
   * Fetches a URL, a request key (see request.ts) or a request; never throws: failures come back
   * with a reason. `conditional` validators make a revisit a conditional GET (a POST is read whole:
   * conditions on it would ask the server to refuse it).
   */
  async fetch(target: string | RequestSpec, conditional: Conditional = {}): Promise<FetchOutcome> {
    const request = typeof target === 'string' ? requestFromKey(target) : target;
    const spec: RequestSpec = request.method === 'GET' ? { ...request, headers: { ...conditionalHeaders(conditional), ...request.headers } } : request;
    const first = await this.fetchOnce(spec);
    // http-only hosts and https-only hosts are both common: try the other scheme once.
    if (!first.ok && first.code === 'ERR_FETCH_FAILED' && /^(ECONNREFUSED|ECONNRESET|EPROTO|ERR_SSL|CERT|UNABLE_TO|DEPTH_ZERO)/.test(first.cause ?? '')) {
      const url = spec.url;
      const other = url.startsWith('https:') ? url.replace(/^https:/, 'http:') : url.replace(/^http:/, 'https:');
      const second = await this.fetchOnce({ ...spec, url: other });
      if (second.ok) return second;
    }
    return first;
  }

  private async fetchOnce(spec: RequestSpec): Promise<FetchOutcome> {
    const url = spec.url;
    let response: Response<Buffer>;
    const refused = this.options.guard ? refusalOf(url, this.options.guard) : null;
    if (refused) return { ok: false, code: 'ERR_ADDRESS_REFUSED', reason: refused };
    try {
      const shape: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = { method: spec.method };
      if (spec.headers) shape.headers = spec.headers;
      if (spec.body !== undefined) shape.body = spec.body;
      const request = this.client(url, { responseType: 'buffer', ...shape });
      request.on('downloadProgress', (progress) => {
        if (progress.transferred > this.options.maxBytes) request.cancel(`response larger than ${this.options.maxBytes} bytes`);
      });
      response = await request;
    } catch (error) {
      const err = error as Error & { code?: string };
      if (err.name === 'CancelError') return { ok: false, code: 'ERR_INPUT_TOO_LARGE', reason: `too large: response over ${this.options.maxBytes} bytes` };
      if (err.name === 'MaxRedirectsError') return { ok: false, code: 'ERR_REDIRECT_LOOP', reason: 'redirect loop (more than 10 redirects)' };
      // A refused address (guard.ts), whether in a hook or in the lookup: got keeps its code.
      if (err.code === 'ERR_ADDRESS_REFUSED') return { ok: false, code: 'ERR_ADDRESS_REFUSED', reason: /refused: .*/.exec(err.message)?.[0] ?? err.message };
      return { ok: false, code: 'ERR_FETCH_FAILED', reason: `${err.code ?? err.name}: ${err.message}`, cause: err.code ?? err.name };
    }
    const contentType = response.headers['content-type'] ?? null;
    const resource: FetchedResource = {
      url,
      finalUrl: response.url,
      status: response.statusCode,
      bytes: response.body,
      contentType,
      charset: charsetOf(contentType),
      fileName: fileNameOf(response.headers['content-disposition']),
      fetchedAt: new Date().toISOString(),
      etag: response.headers.etag ?? null,
      lastModified: response.headers['last-modified'] ?? null,
    };
    const notContent = classifyNonContent(resource);
    if (notContent) return { ok: false, code: notContent.code, reason: notContent.reason, status: response.statusCode };
    return { ok: true, resource };
  }
}

/** Why an answer is not the content asked for (its code and reason), or null when it is. */
export function classifyNonContent(resource: FetchedResource): { code: XxgkErrorCode; reason: string } | null {
  const { status, finalUrl } = resource;
  const waf = (reason: string) => ({ code: 'ERR_WAF_CHALLENGE' as const, reason });
  if (/WZWSREL|wzwschallenge/i.test(finalUrl)) return waf('waf-challenge: redirected to an 安恒 WZWS challenge');
  const head = resource.bytes.subarray(0, 8192).toString('latin1');
  if (status === 412 && /<script/i.test(head)) return waf('waf-challenge: 412 with a script challenge (瑞数)');
  if (status === 521 && /document\.cookie/i.test(head)) return waf('waf-challenge: 521 with a cookie script (加速乐)');
  if (status >= 400) return { code: 'ERR_HTTP_STATUS', reason: `HTTP ${status}` };
  if (!/html/i.test(resource.contentType ?? '') && !/^\s*</.test(head)) return null;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(head)?.[1];
  if (title && /404|not found|页面不存在|找不到|无法找到|已删除|出错了|错误页面/i.test(snippetText(title))) return { code: 'ERR_SOFT_404', reason: 'soft-404: the page says it does not exist' };
  // Shells are small: only small pages are looked at for their visible text.
  if (resource.bytes.length >= 8192 || !/<script|http-equiv/i.test(head)) return null;
  const text = head.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<[^>]+>/g, '').replace(/\s+/g, '');
  if (/location\.(replace|href)\s*[=(]|window\.location\s*=|http-equiv=["']?refresh/i.test(head) && text.length < 200) {
    return { code: 'ERR_NOT_CONTENT', reason: 'redirect-shell: a page that only sends the browser elsewhere' };
  }
  if (text.length < 40) return { code: 'ERR_NOT_CONTENT', reason: 'js-shell: the page is empty without its scripts' };
  return null;
}

/** A short latin1-read snippet as text: UTF-8 where it is valid, else GB18030. */
function snippetText(snippet: string): string {
  return decodeUndeclared(Buffer.from(snippet, 'latin1')).text;
}

/** Fetches a single input for `xxgk extract <url>`; throws an XxgkError with the failure's code and a one-line reason. */
export async function fetchResource(url: string, fetcher = new Fetcher({ ...DEFAULT_FETCHER_OPTIONS, guard: policyFor([url], false) })): Promise<FetchedResource> {
  const outcome = await fetcher.fetch(url);
  if (!outcome.ok) throw new XxgkError(outcome.code, outcome.reason, { url, ...(outcome.status === undefined ? {} : { status: outcome.status }) });
  return outcome.resource;
}
