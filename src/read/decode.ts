/**
 * Bytes to text. Chinese portals declare GB2312/GBK (or nothing at all); both are decoded as
 * GB18030, their superset, because Node's own GBK decoder garbles 4-byte sequences.
 */
import { Sniffer } from 'encoding-sniffer/sniffer';
import iconv from 'iconv-lite';

const GB_FAMILY = new Set(['gbk', 'gb2312', 'gb_2312', 'gb_2312-80', 'x-gbk', 'gb18030', 'csgb2312', 'chinese', 'iso-ir-58', 'euc-cn']);
/** The sniffer's ResultType.DEFAULT: nothing in the bytes or the header named a charset. */
const SNIFF_DEFAULT = 5;

export interface Decoded {
  text: string;
  charset: string;
}

/**
 * Decodes an HTML page: BOM, then the transport's charset, then a <meta> charset (WHATWG prescan).
 * With none declared: strict UTF-8 if the bytes are valid UTF-8, else GB18030.
 */
export function decodeHtml(bytes: Uint8Array, headerCharset?: string): Decoded {
  const sniffer = new Sniffer(headerCharset ? { transportLayerEncodingLabel: headerCharset } : {});
  sniffer.write(bytes.subarray(0, 4096));
  if (sniffer.resultType === SNIFF_DEFAULT) return decodeUndeclared(bytes);
  return decodeAs(bytes, sniffer.encoding);
}

/** Decodes bytes that carry no declaration (plain text): BOM, else strict UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array, declared?: string): Decoded {
  if (declared) return decodeAs(bytes, declared);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeAs(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeAs(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeAs(bytes.subarray(2), 'utf-16be');
  return decodeUndeclared(bytes);
}

/**
 * The one home of "strict UTF-8, else GB18030", for bytes that declare nothing: valid UTF-8 is
 * almost never GBK by accident, and GB18030 decodes GB2312 and GBK as well.
 */
export function decodeUndeclared(bytes: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), charset: 'gb18030' };
  }
}

function decodeAs(bytes: Uint8Array, label: string): Decoded {
  const lower = label.toLowerCase();
  const charset = GB_FAMILY.has(lower) ? 'gb18030' : lower;
  if (charset === 'utf-8' || charset === 'utf8') {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    // Pages that say UTF-8 but are GBK are common enough: keep whichever decodes more cleanly.
    if (!text.includes('\ufffd')) return { text, charset: 'utf-8' };
    const gb = decodeAs(bytes, 'gb18030');
    return countReplacements(gb.text) < countReplacements(text) ? gb : { text, charset: 'utf-8' };
  }
  // Node's TextDecoder (ICU) decodes GB18030 with its 4-byte sequences right, and ~3x faster
  // than iconv-lite; it is only the "gbk" label that it maps to a 2-byte-only table.
  if (charset === 'gb18030') return { text: new TextDecoder('gb18030').decode(bytes), charset };
  if (!iconv.encodingExists(charset)) return decodeUndeclared(bytes);
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset), charset };
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}
