/**
 * Requests as data. Most links are a URL to GET; some listings are only reachable by a POST
 * with a form or JSON body (Hanweb's dataproxy.jsp, Fujian's TRS search API). Discovery returns
 * those as a {@link RequestSpec}; the crawl state keys every request by one string, so a spec
 * other than a plain GET is written into the key's fragment (which no server ever sees) and
 * read back when the request is made.
 */
export interface RequestSpec {
  url: string;
  method: 'GET' | 'POST';
  /** Extra headers (content-type of the body, x-requested-with). */
  headers?: Record<string, string>;
  body?: string;
}

const MARK = '#xxgk-request=';

/** The state's key of a request: its URL, with method, headers and body in the fragment unless a plain GET. */
export function requestKey(spec: RequestSpec): string {
  const url = spec.url.replace(/#.*$/, '');
  if (spec.method === 'GET' && !spec.body && !spec.headers) return url;
  return url + MARK + encodeURIComponent(JSON.stringify({ method: spec.method, headers: spec.headers ?? {}, body: spec.body ?? '' }));
}

/** The request a key stands for (a plain URL is a GET). */
export function requestFromKey(key: string): RequestSpec {
  const at = key.indexOf(MARK);
  if (at < 0) return { url: key, method: 'GET' };
  const url = key.slice(0, at);
  try {
    const parsed = JSON.parse(decodeURIComponent(key.slice(at + MARK.length))) as { method?: string; headers?: Record<string, string>; body?: string };
    const spec: RequestSpec = { url, method: parsed.method === 'POST' ? 'POST' : 'GET' };
    if (parsed.headers && Object.keys(parsed.headers).length > 0) spec.headers = parsed.headers;
    if (parsed.body) spec.body = parsed.body;
    return spec;
  } catch {
    return { url, method: 'GET' };
  }
}

/** A POST of a form (application/x-www-form-urlencoded), as jQuery's $.post sends one. */
export function formPost(url: string, fields: Record<string, string>): RequestSpec {
  return {
    url, method: 'POST', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'x-requested-with': 'XMLHttpRequest' },
  };
}

/** A POST of a JSON body. */
export function jsonPost(url: string, body: unknown): RequestSpec {
  return { url, method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json;charset=UTF-8', 'x-requested-with': 'XMLHttpRequest' } };
}
