/**
 * A column whose report page has its three tables pasted as pictures (PNG and JPEG beside the
 * page, with the site's logo and a print icon that are not tables): the sample
 * dazhu-gov-2024-table-pictures.html and its _files/, served as a portal serves them. With
 * `brokenPictures`, a second report page whose pictures all fail: a 404, an address that answers
 * a page, a truncated PNG, and a picture over the size limit.
 */
import { sample, send } from '../http.js';
import { li, portalPage, type DemoFamily, type FamilyHandler } from './types.js';

const COLUMN = '/zwgk/tpnb';
/** The report page with table pictures, and the folder its pictures are in (relative to it in the page). */
export const PICTURES_REPORT_PATH = `${COLUMN}/202501/t20250126_3001.html`;
const FILES = `${COLUMN}/202501/dazhu-gov-2024-table-pictures_files`;
/** The pictures a crawl must fetch: the page's tables. */
export const PICTURES_TABLE_PATHS = [`${FILES}/table-1.png`, `${FILES}/table-2.jpg`, `${FILES}/table-3.png`];
/** The page's logo and print icon: site furniture, never to be fetched. */
export const PICTURES_FURNITURE_PATHS = [`${FILES}/logo.png`, `${FILES}/print-icon.gif`];

export const BROKEN_PICTURES_REPORT_PATH = `${COLUMN}/202502/t20250210_3002.html`;
const BROKEN = `${COLUMN}/202502/files`;
/**
 * The broken page's pictures: the src in the page, the reason the report must give for it, and
 * whether it is stored (a truncated PNG is a picture as fetched; its reading fails). One is under
 * a path robots.txt disallows: never requested.
 */
export const BROKEN_PICTURES: [src: string, reason: RegExp, stored: boolean][] = [
  ['files/missing.png', /HTTP 404/, false],
  ['files/page.png', /not a picture/, false],
  ['files/truncated.png', /not a table|cannot|could not|corrupt|unreadable/i, true],
  ['files/huge.png', /too large/, false],
  ['/private/scan-table.png', /robots\.txt disallows/, false],
];
const HUGE_BYTES = 21 * 1024 * 1024;

function brokenPage(): string {
  const title = '示例县审计局2024年政府信息公开工作年度报告';
  return portalPage(title, `<h1>${title}</h1><div class="article-content">
<p>根据《中华人民共和国政府信息公开条例》规定，现公布示例县审计局2024年政府信息公开工作年度报告。</p>
<p>一、总体情况</p><p>本机关认真落实政府信息公开工作要求。</p>
<p>二、主动公开政府信息情况</p>
${BROKEN_PICTURES.map(([src]) => `<p style="text-align:center"><img src="${src}" alt=""></p>`).join('\n')}
<p>五、存在的主要问题及改进情况</p><p>无。</p></div>`);
}

export function picturesFamily(options: { brokenPictures?: boolean } = {}): DemoFamily {
  const picture = (name: string, type: string): FamilyHandler => (_q, r) => send(r, 200, sample(`dazhu-gov-2024-table-pictures_files/${name}`), type);
  const items: [string, string][] = [[PICTURES_REPORT_PATH, '大竹县人民政府2024年政府信息公开工作年度报告']];
  const routes = new Map<string, FamilyHandler>([
    [PICTURES_REPORT_PATH, (_q, r) => send(r, 200, sample('dazhu-gov-2024-table-pictures.html'))],
    [`${FILES}/table-1.png`, picture('table-1.png', 'image/png')],
    [`${FILES}/table-2.jpg`, picture('table-2.jpg', 'image/jpeg')],
    [`${FILES}/table-3.png`, picture('table-3.png', 'image/png')],
    [`${FILES}/logo.png`, picture('logo.png', 'image/png')],
    [`${FILES}/print-icon.gif`, picture('print-icon.gif', 'image/gif')],
  ]);
  if (options.brokenPictures) {
    items.push([BROKEN_PICTURES_REPORT_PATH, '示例县审计局2024年政府信息公开工作年度报告']);
    routes.set(BROKEN_PICTURES_REPORT_PATH, (_q, r) => send(r, 200, brokenPage()));
    routes.set('/private/scan-table.png', picture('table-1.png', 'image/png'));
    routes.set(`${BROKEN}/page.png`, (_q, r) => send(r, 200, portalPage('图片', '<p>该图片已移至新地址，请返回首页查看相关内容。</p>')));
    routes.set(`${BROKEN}/truncated.png`, (_q, r) => send(r, 200, sample('dazhu-gov-2024-table-pictures_files/table-1.png').subarray(0, 4096), 'image/png'));
    routes.set(`${BROKEN}/huge.png`, (_q, r) => {
      const bytes = Buffer.alloc(HUGE_BYTES);
      sample('dazhu-gov-2024-table-pictures_files/table-1.png').copy(bytes, 0, 0, 64);
      send(r, 200, bytes, 'image/png');
    });
  }
  routes.set(`${COLUMN}/index.html`, (_q, r) => send(r, 200, portalPage('政府信息公开年报（图文）', `<ul class="list">${items.map(([href, title]) => li(href, title, '2025-01-26')).join('\n')}</ul>`)));
  return {
    name: 'pictures',
    routes,
    entry: [`${COLUMN}/index.html`, '政府信息公开年报（图文）'],
    expected: [['大竹县人民政府', 2024]],
    neverFetched: [...PICTURES_FURNITURE_PATHS, ...(options.brokenPictures ? ['/private/scan-table.png'] : [])],
  };
}
