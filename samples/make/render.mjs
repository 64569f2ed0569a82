#!/usr/bin/env node
// Renders the sample reports of specs.mjs as the pages county portals publish (TRS, Hanweb,
// xxgk-show, ucap and old nested-table layouts; Word-export cell soup; GBK) and writes each
// one's expected figures beside it. Run: node samples/make/render.mjs (from the project root).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { samples } from './specs.mjs';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..');
const COLUMNS = ['naturalPerson', 'commercialEnterprise', 'researchInstitution', 'socialWelfareOrg', 'legalServiceOrg', 'otherOrg', 'total'];
const OUTCOMES = ['upheld', 'corrected', 'other', 'pending', 'total'];
const GROUPS = ['review', 'litigationDirect', 'litigationAfterReview'];

// Section 三 as printed: [path, label, group label] in template order.
const DENIED = ['1.属于国家秘密', '2.其他法律行政法规禁止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益', '5.属于三类内部事务信息', '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项'];
const DENIED_KEYS = ['stateSecret', 'prohibitedByLaw', 'threeSafetyOneStability', 'thirdPartyRights', 'internalAffairs', 'processInformation', 'enforcementFiles', 'administrativeQuery'];
const UNABLE = ['1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确'];
const UNABLE_KEYS = ['notHeld', 'needsCreation', 'unclearAfterCorrection'];
const NOT_PROCESSED = ['1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息'];
const NOT_PROCESSED_KEYS = ['petitionComplaint', 'duplicate', 'publication', 'massRepeated', 'confirmOrReissue'];
const OTHER = ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '3.其他'];
const OTHER_KEYS = ['overdueCorrection', 'overdueFee', 'other'];

function resultGroups(template) {
  const groups = [
    { label: '（三）不予公开', rows: DENIED.map((label, i) => [`results.denied.${DENIED_KEYS[i]}`, label]) },
    { label: '（四）无法提供', rows: UNABLE.map((label, i) => [`results.unable.${UNABLE_KEYS[i]}`, label]) },
    { label: '（五）不予处理', rows: NOT_PROCESSED.map((label, i) => [`results.notProcessed.${NOT_PROCESSED_KEYS[i]}`, label]) },
  ];
  if (template === '2021') groups.push({ label: '（六）其他处理', rows: OTHER.map((label, i) => [`results.other.${OTHER_KEYS[i]}`, label]) });
  return groups;
}

const PROACTIVE = {
  '2021': [
    { item: '第二十条第（一）项', header: ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], rows: [['rules', '规章'], ['normativeDocuments', '行政规范性文件']] },
    { item: '第二十条第（五）项', header: ['信息内容', '本年处理决定数量'], rows: [['licensing', '行政许可']] },
    { item: '第二十条第（六）项', header: ['信息内容', '本年处理决定数量'], rows: [['punishment', '行政处罚'], ['coercion', '行政强制']] },
    { item: '第二十条第（八）项', header: ['信息内容', '本年收费金额（单位：万元）'], rows: [['fees', '行政事业性收费']] },
  ],
  '2019': [
    { item: '第二十条第（一）项', header: ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'], rows: [['rules', '规章'], ['normativeDocuments', '规范性文件']] },
    { item: '第二十条第（五）项', header: ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], rows: [['licensing', '行政许可'], ['otherExternalServices', '其他对外管理服务事项']] },
    { item: '第二十条第（六）项', header: ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], rows: [['punishment', '行政处罚'], ['coercion', '行政强制']] },
    { item: '第二十条第（八）项', header: ['信息内容', '上一年项目数量', '本年增/减'], rows: [['fees', '行政事业性收费']] },
    { item: '第二十条第（九）项', header: ['信息内容', '采购项目数量', '采购总金额（万元）'], rows: [['centralizedProcurement', '政府集中采购']] },
  ],
};
const PROACTIVE_COLUMNS = {
  '2021': { rules: ['issued', 'repealed', 'inForce'], normativeDocuments: ['issued', 'repealed', 'inForce'], licensing: ['decisions'], punishment: ['decisions'], coercion: ['decisions'], fees: ['amountWan'] },
  '2019': {
    rules: ['newlyMade', 'newlyPublished', 'totalPublished'], normativeDocuments: ['newlyMade', 'newlyPublished', 'totalPublished'],
    licensing: ['previousYearItems', 'changeThisYear', 'decisions'], otherExternalServices: ['previousYearItems', 'changeThisYear', 'decisions'],
    punishment: ['previousYearItems', 'changeThisYear', 'decisions'], coercion: ['previousYearItems', 'changeThisYear', 'decisions'],
    fees: ['previousYearItems', 'changeThisYear'], centralizedProcurement: ['projects', 'amount'],
  },
};

// Label variants as other portals print them (kaizhou sample).
const VARIANTS = {
  '规章': '规 章', '行政规范性文件': '规范性文件', '一、本年新收政府信息公开申请数量': '一、本年新收 政府信息公开申请数量',
  '（一）予以公开': '(一)予以公开', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）': '(二)部分公开(区分处理的,只计这一情形,不计其他情形)',
  '（三）不予公开': '(三)不予公开', '（四）无法提供': '(四) 无法提供', '（五）不予处理': '(五)不予处理', '（六）其他处理': '(六)其他处理', '（七）总计': '(七)总 计',
  '3.危及“三安全一稳定”': '3、危及"三安全一稳定"', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请': '1、申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请',
  '四、结转下年度继续办理': '四、结转下年度 继续办理',
};

function rowValues(spec, path) {
  return spec.applications[path] ?? spec.defaultRow ?? [0, 0, 0, 0, 0, 0, 0];
}

// ---------- cells ----------

function formatNumber(value, spec, section) {
  if (value === null) return '';
  const quirks = spec.quirks ?? [];
  if (value === 0 && quirks.includes('zeroMarks')) return { 2: '无', 3: '—', 4: '/' }[section];
  if (value === 0 && section === 4 && quirks.includes('dashZerosReview')) return '—';
  let text = String(value);
  if (quirks.includes('thousands') && Math.abs(value) >= 1000) text = value.toLocaleString('en-US');
  if (quirks.includes('fullWidthDigits') && section === 3 && value > 9) text = text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  return text;
}

function labelText(label, spec) {
  return (spec.quirks ?? []).includes('labelVariants') ? VARIANTS[label] ?? label : label;
}

function escape(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A <td> as Word/WPS exports it (style "word") or as a CMS editor writes it ("plain"). */
function td(text, spec, { rowspan, colspan, label = false } = {}) {
  const attrs = `${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}${colspan > 1 ? ` colspan="${colspan}"` : ''}`;
  const quirks = spec.quirks ?? [];
  let inner = escape(text);
  if (label && quirks.includes('brInLabels') && text.length > 12) {
    const cut = Math.ceil(text.length / 2);
    inner = `${escape(text.slice(0, cut))}<br>${escape(text.slice(cut))}`;
  }
  if (spec.style === 'word') {
    if (label && quirks.includes('splitSpans') && text.length > 3) {
      const cut = Math.floor(text.length / 2) + 1;
      inner = `${escape(text.slice(0, cut))}</span><span style="font-size:10.5pt;font-family:仿宋_GB2312;mso-hansi-font-family:宋体">${escape(text.slice(cut))}`;
    }
    const body = text === '' ? '<span lang="EN-US"><o:p>&nbsp;</o:p></span>' : `<span style="font-size:10.5pt;font-family:仿宋_GB2312;mso-bidi-font-family:宋体">${inner}</span><span lang="EN-US"><o:p></o:p></span>`;
    return `<td${attrs} valign="center" style="border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center;mso-pagination:widow-orphan">${body}</p></td>`;
  }
  return `<td${attrs}>${text === '' ? '&nbsp;' : inner}</td>`;
}

function table(rows, spec) {
  const open = spec.style === 'word'
    ? '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184">'
    : '<table border="1" cellspacing="0" cellpadding="4" width="100%">';
  return `${open}\n<tbody>\n${rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

// ---------- section tables ----------

function proactiveTables(spec) {
  const template = spec.template ?? '2021';
  const tables = [];
  let rows = [];
  for (const block of PROACTIVE[template]) {
    rows.push([td(block.item, spec, { colspan: 4, label: true })]);
    const spanLast = 4 - block.header.length + 1;
    rows.push(block.header.map((text, i) => td(text, spec, { colspan: i === block.header.length - 1 ? spanLast : 1, label: true })));
    for (const [key, label] of block.rows) {
      const values = spec.proactive[key];
      rows.push([td(labelText(label, spec), spec, { label: true }), ...values.map((v, i) => td(formatNumber(v, spec, 2), spec, { colspan: i === values.length - 1 ? 4 - values.length : 1 }))]);
    }
    if ((spec.quirks ?? []).includes('splitProactive')) {
      tables.push(table(rows, spec));
      rows = [];
    }
  }
  if (rows.length) tables.push(table(rows, spec));
  return tables.join('\n<p>&nbsp;</p>\n');
}

function applicationHeader(spec) {
  return [
    [td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', spec, { rowspan: 3, colspan: 3, label: true }), td('申请人情况', spec, { colspan: 7, label: true })],
    [td('自然人', spec, { rowspan: 2, label: true }), td('法人或其他组织', spec, { colspan: 5, label: true }), td('总计', spec, { rowspan: 2, label: true })],
    ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((t) => td(t, spec, { label: true })),
  ];
}

function valueCells(spec, path) {
  return rowValues(spec, path).map((v) => td(formatNumber(v, spec, 3), spec));
}

function applicationsTables(spec) {
  const template = spec.template ?? '2021';
  const quirks = spec.quirks ?? [];
  const flat = quirks.includes('flatGroups');
  const groups = resultGroups(template);
  const resultRowCount = 2 + groups.reduce((n, g) => n + g.rows.length, 0) + (template === '2019' ? 1 : 0) + 1;
  const first = [...applicationHeader(spec)];
  first.push([td(labelText('一、本年新收政府信息公开申请数量', spec), spec, { colspan: 3, label: true }), ...valueCells(spec, 'newReceived')]);
  first.push([td(labelText('二、上年结转政府信息公开申请数量', spec), spec, { colspan: 3, label: true }), ...valueCells(spec, 'carriedOver')]);
  const container = (rowsLeft, isFirst) => flat
    ? td(isFirst ? '三、本年度办理结果' : '', spec, { label: true })
    : isFirst ? td('三、本年度办理结果', spec, { rowspan: rowsLeft, label: true }) : null;
  const resultRows = [];
  resultRows.push({ cells: (c) => [c, td(labelText('（一）予以公开', spec), spec, { colspan: 2, label: true }), ...valueCells(spec, 'results.granted')] });
  resultRows.push({ cells: (c) => [c, td(labelText('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', spec), spec, { colspan: 2, label: true }), ...valueCells(spec, 'results.partiallyGranted')] });
  for (const group of groups) {
    group.rows.forEach(([path, label], i) => {
      const groupCell = flat ? td(i === 0 ? labelText(group.label, spec) : '', spec, { label: true })
        : i === 0 ? td(labelText(group.label, spec), spec, { rowspan: group.rows.length, label: true }) : null;
      resultRows.push({ cells: (c) => [c, groupCell, td(labelText(label, spec), spec, { label: true }), ...valueCells(spec, path)], groupEnd: i === group.rows.length - 1, group: group.label });
    });
  }
  if (template === '2019') resultRows.push({ cells: (c) => [c, td(labelText('（六）其他处理', spec), spec, { colspan: 2, label: true }), ...valueCells(spec, 'results.other.total')] });
  resultRows.push({ cells: (c) => [c, td(labelText('（七）总计', spec), spec, { colspan: 2, label: true }), ...valueCells(spec, 'results.total')] });

  // A table broken after （三）不予公开 and continued in a second <table> under a repeated header,
  // as happens when a report is pasted from a document with the table over a page break.
  const splitAfter = quirks.includes('splitApplications') ? resultRows.findIndex((r) => r.groupEnd && r.group === '（三）不予公开') : -1;
  const tables = [];
  let rows = first;
  resultRows.forEach((row, i) => {
    const isFirstOfPart = i === 0 || i === splitAfter + 1;
    const left = i <= splitAfter || splitAfter === -1 ? (splitAfter === -1 ? resultRowCount : splitAfter + 1) : resultRowCount - splitAfter - 1;
    const cell = flat ? container(0, i === 0) : isFirstOfPart ? (i === 0 ? container(left, true) : td('', spec, { rowspan: left })) : null;
    rows.push(row.cells(cell).filter(Boolean));
    if (i === splitAfter) {
      tables.push(table(rows, spec));
      rows = [...applicationHeader(spec)];
    }
  });
  rows.push([td(labelText('四、结转下年度继续办理', spec), spec, { colspan: 3, label: true }), ...valueCells(spec, 'carriedForward')]);
  tables.push(table(rows, spec));
  return tables.join('\n');
}

function reviewTables(spec) {
  const header = [
    [td('行政复议', spec, { colspan: 5, label: true }), td('行政诉讼', spec, { colspan: 10, label: true })],
    [...['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((t) => td(t, spec, { rowspan: 2, label: true })), td('未经复议直接起诉', spec, { colspan: 5, label: true }), td('复议后起诉', spec, { colspan: 5, label: true })],
    [...['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((t) => td(t, spec, { label: true }))],
  ];
  const values = GROUPS.flatMap((g) => spec.review[g]).map((v) => td(formatNumber(v, spec, 4), spec));
  if ((spec.quirks ?? []).includes('splitReview')) return `${table(header, spec)}\n${table([values], spec)}`;
  return table([...header, values], spec);
}

// ---------- page text ----------

function chineseDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function bodyHtml(spec) {
  const { agency, year } = spec.meta;
  const circular = (spec.template ?? '2021') === '2021' ? '国办公开办函〔2021〕30号' : '国办公开办函〔2019〕60号';
  const p = (text) => `<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">${text}</span></p>`;
  const h = (text) => `<p class="MsoNormal" style="text-indent:32.0pt"><b><span style="font-size:16.0pt;font-family:黑体">${text}</span></b></p>`;
  return [
    p(`本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（${circular}）要求编制。本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。如对本报告有疑问，请与${spec.source}联系。`),
    h('一、总体情况'),
    p(`（一）主动公开。${year}年，${agency}认真贯彻落实《条例》，围绕中心工作，及时公开机构职能、政策文件、财政预决算、重点领域等信息，通过政府门户网站主动公开政府信息，更新完善政府信息公开指南。`),
    p(`（二）依申请公开。${spec.narrative}依申请公开答复严格执行登记、审核、办理、答复、归档流程。`),
    p('（三）政府信息管理。严格落实信息发布“三审三校”制度，加强对已公开信息的动态调整，及时清理过期失效信息。'),
    p('（四）政府信息公开平台建设。持续优化政府网站信息公开专栏，规范栏目设置，提升检索查询便利度。'),
    p('（五）监督保障。将政务公开工作纳入年度目标考核，组织开展业务培训，主动接受社会监督。'),
    h('二、主动公开政府信息情况'),
    proactiveTables(spec),
    h('三、收到和处理政府信息公开申请情况'),
    applicationsTables(spec),
    h('四、政府信息公开行政复议、行政诉讼情况'),
    reviewTables(spec),
    h('五、存在的主要问题及改进情况'),
    p('一是公开内容的全面性还需加强；二是政策解读形式较为单一。下一步，我们将进一步健全工作机制，丰富解读形式，提升公开质效。'),
    h('六、其他需要报告的事项'),
    p(`本年度未收取信息处理费。${year}年度政务公开工作要点落实情况已在门户网站公开。`),
    spec.meta.publishedAt ? `<p style="text-align:right">${spec.source}</p><p style="text-align:right">${chineseDate(spec.meta.publishedAt)}</p>` : '',
  ].join('\n');
}

function page(spec) {
  const { title, publishedAt } = spec.meta;
  const body = bodyHtml(spec);
  const metaCharset = { 'utf-8': '<meta charset="utf-8">', gbk: '<meta http-equiv="Content-Type" content="text/html; charset=gbk">', gb2312: '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', 'gbk-undeclared': '' }[spec.charset];
  const site = `${spec.meta.region.county ?? spec.meta.region.city ?? ''}人民政府`;
  switch (spec.layout) {
    case 'trs':
      return `<!DOCTYPE html>
<html lang="zh-CN"><head>${metaCharset}
<meta name="SiteName" content="${site}"><meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="${publishedAt} 09:30">
<meta name="ContentSource" content="${spec.source}">
<title>${title}_${site}</title>
<link rel="stylesheet" href="../../images/xxgk.css"><script src="../../js/jquery.min.js"></script>
</head><body>
<div class="top"><ul class="nav"><li><a href="../../">首页</a></li><li><a href="../">政务公开</a></li><li><a href="./">政府信息公开年报</a></li></ul></div>
<div class="position">当前位置：<a href="../../">首页</a> &gt; <a href="../">政府信息公开</a> &gt; 政府信息公开年报</div>
<table class="xxgk-info" width="100%"><tr><td>索引号：</td><td>11511724MB1D27433H/2025-00012</td><td>发布机构：</td><td>${spec.source}</td></tr>
<tr><td>生成日期：</td><td>${publishedAt}</td><td>主题分类：</td><td>政务公开</td></tr></table>
<div class="article"><h1 class="title">${title}</h1>
<div class="info">发布时间：${publishedAt} 09:30 来源：${spec.source} 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="TRS_Editor"><div class="TRS_Editor">
${body}
</div></div></div>
<div class="related"><h3>相关阅读</h3><ul><li><a href="./202401/t20240118_1962774.html">${spec.meta.agency}${spec.meta.year - 1}年政府信息公开工作年度报告</a></li></ul></div>
<script>createPageHTML(3, 0, "index", "html");</script>
<div class="footer">主办：${site}办公室　网站标识码：5117240001　蜀ICP备05012345号</div>
</body></html>`;
    case 'hanweb':
      return `<html><head>${metaCharset}
<title>${title}</title>
<meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="${publishedAt}"><meta name="ContentSource" content="${spec.source}">
<meta name="ColumnName" content="政府信息公开年报"><meta name="ColumnType" content="政府信息公开年报">
</head><body><div id="barrierfree_container">
<div class="bt-position">您当前的位置：<a href="/">首页</a> &gt; 信息公开 &gt; 政府信息公开年报</div>
<table class="xxgk_table"><tr><td>索引号</td><td>014080355/2024-00012</td><td>分类</td><td>年度报告</td></tr>
<tr><td>发布机构</td><td>${spec.source}</td><td>发文日期</td><td>${publishedAt}</td></tr><tr><td>文号</td><td></td><td>时效</td><td>有效</td></tr></table>
<div class="title">${title}</div>
<div class="main-txt" id="zoom">
${body}
</div>
<script type="text/javascript">var artid = '7712345'; document.getElementById('zoom').style.fontSize = '16px';</script>
</div></body></html>`;
    case 'xxgk':
      return `<html><head>${metaCharset}<title>${title}-${site}</title></head><body>
<div class="xxgk-nav"><a href="/xxgk-list-zfxxgknb.html">政府信息公开年报</a> <a href="/xxgk-list-zcwj.html">政策文件</a></div>
<div class="xxgk-show"><h2 class="title">${title}</h2>
<div class="xxgk-info">来源:${spec.source} 发布日期:${publishedAt} 浏览次数:128</div>
<div class="content">
${body}
</div></div>
<div class="footer">版权所有：${site}</div></body></html>`;
    case 'ucap':
      return `<!DOCTYPE html><html><head>${metaCharset}<title>${site}</title></head><body>
<div class="header">${site}门户网站</div>
<div class="detail"><ucaptitle>${title}</ucaptitle>
<div class="info">发布时间：<publishtime>${publishedAt} 10:12:00</publishtime> 信息来源：<ucapsource>${spec.source}</ucapsource></div>
<ucapcontent><div id="UCAP-CONTENT">
${body}
</div></ucapcontent></div></body></html>`;
    case 'nested':
      return `<html><head>${metaCharset}<title>${title}</title></head>
<body topmargin="0"><table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="/images/top.jpg" width="980" height="120"></td></tr>
<tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center"><font size="4" color="#CC0000"><b>${title}</b></font></td></tr>
<tr><td align="center" class="info">发布日期：${publishedAt}&nbsp;&nbsp;信息来源：${spec.source}&nbsp;&nbsp;点击数：356</td></tr>
<tr><td class="content">
${body}
</td></tr></table></td></tr>
<tr><td align="center">Copyright 平阳县人民政府 All Rights Reserved</td></tr></table></body></html>`;
    default:
      throw new Error(`unknown layout ${spec.layout}`);
  }
}

// ---------- a report copied from a page as text (tab-separated cells) ----------

function textCopy(spec) {
  const { title, agency, year } = spec.meta;
  const line = (...cells) => cells.join('\t');
  const values = (path) => rowValues(spec, path).map(String);
  const out = [
    title, '',
    `根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，现公布${agency}${year}年政府信息公开工作年度报告。统计期限为${year}年1月1日至${year}年12月31日。`, '',
    '一、总体情况', `（一）主动公开。${agency}全年通过门户网站主动公开政府信息。`, `（二）依申请公开。${spec.narrative}`, '',
    '二、主动公开政府信息情况',
  ];
  for (const block of PROACTIVE['2021']) {
    out.push(line(block.item, '', '', ''));
    out.push(line(...block.header));
    for (const [key, label] of block.rows) out.push(line(label, ...spec.proactive[key].map(String)));
  }
  out.push('', '三、收到和处理政府信息公开申请情况');
  out.push(line('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况', '', '', '', '', '', ''));
  out.push(line('', '自然人', '法人或其他组织', '', '', '', '', '总计'));
  out.push(line('', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', ''));
  out.push(line('一、本年新收政府信息公开申请数量', ...values('newReceived')));
  out.push(line('二、上年结转政府信息公开申请数量', ...values('carriedOver')));
  out.push(line('三、本年度办理结果', '（一）予以公开', ...values('results.granted')));
  out.push('');
  out.push(line('', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ...values('results.partiallyGranted')));
  for (const group of resultGroups('2021')) {
    group.rows.forEach(([path, label], i) => out.push(line('', i === 0 ? group.label : '', label, ...values(path))));
  }
  out.push(line('', '（七）总计', ...values('results.total'), ''));
  out.push(line('四、结转下年度继续办理', '', ...values('carriedForward')));
  out.push('', '四、政府信息公开行政复议、行政诉讼情况');
  out.push(line('行政复议', '', '', '', '', '行政诉讼', '', '', '', '', '', '', '', '', ''));
  out.push(line('结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '', '', '', '', '复议后起诉', '', '', '', ''));
  out.push(line('', '', '', '', '', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'));
  out.push(line(...GROUPS.flatMap((g) => spec.review[g]).map(String)));
  out.push('', '五、存在的主要问题及改进情况', '信息公开的及时性还有待提高。', '', '六、其他需要报告的事项', '本年度未收取信息处理费。', '');
  return out.join('\r\n');
}

// ---------- expected figures ----------

function expected(spec) {
  const template = spec.template ?? '2021';
  const proactive = {};
  for (const [key, columns] of Object.entries(PROACTIVE_COLUMNS[template])) {
    proactive[key] = Object.fromEntries(columns.map((column, i) => [column, spec.proactive[key][i]]));
  }
  const applications = {};
  const set = (path, values) => {
    const keys = path.split('.');
    let node = applications;
    for (const key of keys.slice(0, -1)) node = node[key] ??= {};
    node[keys.at(-1)] = Object.fromEntries(COLUMNS.map((column, i) => [column, values[i]]));
  };
  set('newReceived', rowValues(spec, 'newReceived'));
  set('carriedOver', rowValues(spec, 'carriedOver'));
  set('results.granted', rowValues(spec, 'results.granted'));
  set('results.partiallyGranted', rowValues(spec, 'results.partiallyGranted'));
  for (const group of resultGroups(template)) for (const [path] of group.rows) set(path, rowValues(spec, path));
  if (template === '2019') set('results.other.total', rowValues(spec, 'results.other.total'));
  set('results.total', rowValues(spec, 'results.total'));
  set('carriedForward', rowValues(spec, 'carriedForward'));
  const reviewLitigation = Object.fromEntries(GROUPS.map((g) => [g, Object.fromEntries(OUTCOMES.map((o, i) => [o, spec.review[g][i]]))]));
  return { schemaVersion: 1, template, meta: spec.meta, figures: { proactive, applications, reviewLitigation }, failedChecks: spec.failedChecks };
}

for (const spec of samples) {
  const isText = spec.layout === 'text';
  const content = isText ? textCopy(spec) : page(spec);
  const bytes = spec.charset.startsWith('gb') ? iconv.encode(content, 'gbk') : Buffer.from(content, 'utf8');
  const file = `${spec.name}.${isText ? 'txt' : 'html'}`;
  writeFileSync(join(OUT, file), bytes);
  writeFileSync(join(OUT, `${spec.name}.expected.json`), JSON.stringify(expected(spec), null, 2) + '\n');
  console.log(`${file} (${bytes.length} bytes)`);
}
