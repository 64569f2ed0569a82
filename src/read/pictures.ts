/**
 * Pictures inside a report page's body that may be tables pasted as images: the site's logos,
 * banners, icons and QR codes are told apart by where they sit (header, nav, footer, sidebars),
 * their declared size, and their names. Pure: an <img> element in, a decision out.
 */
import type { Element } from 'domhandler';

/** A picture of the page that may hold a table; `src` as written in the page (resolved by the loading stage). */
export interface PagePicture {
  src: string;
  alt: string;
  /** Number of text and table blocks before it: where its tables belong in reading order. */
  afterBlock: number;
}

/** Containers of site furniture, by tag or by class/id words. */
const FURNITURE_TAGS = new Set(['header', 'nav', 'footer', 'aside', 'button']);
const IMAGE_FILE = /\.(png|jpe?g|gif|bmp|webp)([?#]|$)/i;
const FURNITURE_WORDS = /(^|[\s_-])(head(er)?|top|logo|banner|nav|menu|foot(er)?|bottom|side(bar)?|share|tools?|print|qr(code)?|erweima|ewm|copyright|search|breadcrumb|crumb|position|location|weizhi|dqwz)([\s_-]|$)/i;
/** File names of decorations. */
const FURNITURE_NAMES = /(logo|banner|icon|btn|button|qr|erweima|ewm|arrow|bg|line|dot|share|print|close|wechat|weixin|weibo|jiucuo|zhaocuo|police|gongan|beian|dzjg|blank|spacer|loading)[^/]*$/i;
/** Declared sizes below these are icons and bullets, not tables. */
const MIN_WIDTH = 200;
const MIN_HEIGHT = 80;

export function isTablePictureCandidate(img: Element): boolean {
  const src = (img.attribs['src'] ?? img.attribs['data-src'] ?? '').trim();
  if (!src || src.startsWith('data:') || FURNITURE_NAMES.test(src.split(/[?#]/)[0]!)) return false;
  if (!/\.(png|jpe?g|gif)([?#]|$)/i.test(src) && /\.(svg|webp|bmp|ico)([?#]|$)/i.test(src)) return false;
  const width = Number.parseInt(img.attribs['width'] ?? '', 10);
  const height = Number.parseInt(img.attribs['height'] ?? '', 10);
  if ((Number.isFinite(width) && width < MIN_WIDTH) || (Number.isFinite(height) && height < MIN_HEIGHT)) return false;
  for (let node = img.parent; node && node.type === 'tag'; node = node.parent) {
    const element = node as Element;
    if (FURNITURE_TAGS.has(element.name)) return false;
    // A picture that links to a page is a banner or a button; one that links to an image file is a zoom link.
    if (element.name === 'a' && element.attribs['href'] && !IMAGE_FILE.test(element.attribs['href'])) return false;
    const words = `${element.attribs['class'] ?? ''} ${element.attribs['id'] ?? ''}`;
    if (words.trim() && FURNITURE_WORDS.test(words)) return false;
  }
  return true;
}
