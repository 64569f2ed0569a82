/**
 * The one error type of xxgk. Like got's `RequestError`, it carries a stable `code`: scripts and
 * xxgk's own decisions branch on the code, never on the message, whose wording may change.
 */

/**
 * The stable codes of {@link XxgkError}, of a failed fetch (`FetchOutcome.code`) and of a failed
 * report (`report.extraction.code`).
 *
 * Input:
 * - `ERR_UNREADABLE_INPUT`: the bytes are not a readable report (empty, corrupt, binary, an image-only PDF…).
 * - `ERR_INPUT_TOO_LARGE`: past a size limit (src/limits.ts), refused before it is parsed.
 * - `ERR_INPUT_REFUSED`: a container or image that breaks a limit (a ZIP or PDF bomb, a giant picture).
 * - `ERR_NO_SUCH_INPUT`: a path that names no readable file.
 * - `ERR_CONVERTER_MISSING`: LibreOffice, needed for DOC/WPS/XLS, is not installed.
 *
 * Running:
 * - `ERR_TIMEOUT`: reading stopped at its time limit.
 * - `ERR_WORKER_CRASHED`: the worker thread reading it died (out of memory).
 * - `ERR_INTERNAL`: a defect of xxgk's met on this input (please report it).
 *
 * Network:
 * - `ERR_FETCH_FAILED`: no answer (connection refused or reset, DNS, TLS, time-out).
 * - `ERR_HTTP_STATUS`: an answer with an HTTP status of 400 or more.
 * - `ERR_WAF_CHALLENGE`: a web application firewall's challenge instead of the page.
 * - `ERR_SOFT_404`: a page that says it does not exist, with status 200.
 * - `ERR_NOT_CONTENT`: a redirect shell or a page that is empty without its scripts.
 * - `ERR_REDIRECT_LOOP`: more than 10 redirects.
 * - `ERR_ADDRESS_REFUSED`: the address is one xxgk does not reach (private, loopback… see crawl/guard.ts).
 * - `ERR_ROBOTS_UNREACHABLE`: the site's robots.txt could not be fetched, so the site is not crawled.
 * - `ERR_ROBOTS_DISALLOWED`: robots.txt forbids the address.
 *
 * Crawl:
 * - `ERR_PAGE_BUDGET`: the site's page budget (`--max-pages`) was spent before the address (checked again on the next run).
 */
export const ERROR_CODES = [
  'ERR_UNREADABLE_INPUT',
  'ERR_INPUT_TOO_LARGE',
  'ERR_INPUT_REFUSED',
  'ERR_NO_SUCH_INPUT',
  'ERR_CONVERTER_MISSING',
  'ERR_TIMEOUT',
  'ERR_WORKER_CRASHED',
  'ERR_INTERNAL',
  'ERR_FETCH_FAILED',
  'ERR_HTTP_STATUS',
  'ERR_WAF_CHALLENGE',
  'ERR_SOFT_404',
  'ERR_NOT_CONTENT',
  'ERR_REDIRECT_LOOP',
  'ERR_ADDRESS_REFUSED',
  'ERR_ROBOTS_UNREACHABLE',
  'ERR_ROBOTS_DISALLOWED',
  'ERR_PAGE_BUDGET',
] as const;

/** One of {@link ERROR_CODES}. */
export type XxgkErrorCode = (typeof ERROR_CODES)[number];

/** An error of xxgk's with a stable {@link XxgkErrorCode}; the message is for people. */
export class XxgkError extends Error {
  override name = 'XxgkError';
  /** The stable code: branch on it, not on the message. */
  readonly code: XxgkErrorCode;
  /** The HTTP status of a failed fetch, where there was an answer. */
  readonly status: number | undefined;
  /** The address of a failed fetch. */
  readonly url: string | undefined;

  constructor(code: XxgkErrorCode, message: string, details: { status?: number; url?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.url = details.url;
  }
}
