/**
 * HTML built by tagged templates that escape every interpolated value (the data comes from
 * hostile web pages), pages with a Content-Security-Policy that lets only their own inline
 * scripts run and loads nothing from anywhere.
 */
import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';

/** Markup that is already safe: produced by `html` or `trusted`, never from data. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<td title="${raw}">${value}</td>\``: values are escaped for text and quoted attributes alike. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup written by this program (styles, scripts), never data. */
function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Data for a page's script: JSON in a non-executed script element, with `<` escaped so that no text can close it. */
export function jsonData(id: string, data: unknown): SafeHtml {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return html`<script type="application/json" id="${id}">${trusted(json)}</script>`;
}

/** A relative link target built from path segments, each percent-encoded. */
export function hrefOf(...segments: string[]): string {
  return segments.map((segment) => (segment === '..' ? segment : encodeURIComponent(segment))).join('/');
}

export interface PageOptions {
  title: string;
  css: string;
  body: SafeHtml;
  /** Inline scripts (program code): each is allowed by its hash, nothing else runs. */
  scripts?: string[];
}

/** A whole page: UTF-8, the CSP, the styles inline (a page opened from disk loads nothing else). */
export function page({ title, css, body, scripts = [] }: PageOptions): string {
  const hashes = scripts.map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  const csp = [
    "default-src 'none'", "style-src 'unsafe-inline'", `script-src ${hashes.length > 0 ? hashes.join(' ') : "'none'"}`,
    "img-src data:", "base-uri 'none'", "form-action 'none'",
  ].join('; ');
  // The script text is ours and must stay byte-identical to its hash: not escaped, and it never contains "</script".
  const scriptTags = scripts.map((script) => `<script>${script}</script>`).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${body.value}
${scriptTags}
</body>
</html>
`;
}
