/**
 * Hostile documents, made on the fly (some are hundreds of megabytes, or would be once
 * unpacked): each is a shape that has broken parsers somewhere.
 */
import JSZip from 'jszip';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';

/** HTML tables nested `depth` deep (each in the one cell of the one before). */
export function nestedTables(depth: number): Buffer {
  return Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>某县2024年政府信息公开工作年度报告</title></head><body>` +
    '<table><tr><td>'.repeat(depth) + '一、总体情况' + '</td></tr></table>'.repeat(depth) + '</body></html>');
}

/** Unclosed elements `depth` deep (no closing tags at all: a parser's stack grows with each). */
export function unclosedDivs(depth: number): Buffer {
  return Buffer.from(`<html><body>${'<div><span>'.repeat(depth)}二、主动公开政府信息情况</body></html>`);
}

/** A page of about `megabytes` MB (a report's text repeated in paragraphs). */
export function hugePage(megabytes: number): Buffer {
  const paragraph = Buffer.from('<p>本年度共收到政府信息公开申请12件，均已按时答复。</p>\n');
  const count = Math.ceil((megabytes * 1024 * 1024) / paragraph.length);
  return Buffer.concat([Buffer.from('<html><head><meta charset="utf-8"></head><body>'), Buffer.alloc(paragraph.length * count).fill(paragraph), Buffer.from('</body></html>')]);
}

/** One table of rows × cols cells with numbers. */
export function bigTable(rows: number, cols: number): Buffer {
  const row = '<tr>' + Array.from({ length: cols }, (_, c) => `<td>${c}</td>`).join('') + '</tr>';
  return Buffer.from(`<html><head><meta charset="utf-8"><title>某县2024年政府信息公开工作年度报告</title></head><body><p>三、收到和处理政府信息公开申请情况</p><table>${row.repeat(rows)}</table></body></html>`);
}

/**
 * A DOCX whose document.xml unpacks to `megabytes` MB of spaces (deflate keeps it ~1000× smaller).
 * With `declaredSize`, its headers lie and declare that size instead (checks that trust the
 * declared sizes pass it).
 */
export async function docxZipBomb(megabytes: number, declaredSize?: number): Promise<Buffer> {
  const head = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>';
  const tail = '</w:t></w:r></w:p></w:body></w:document>';
  // Deflated as a stream at zlib's speed: no buffer of the unpacked size is ever made.
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => deflate.on('data', (chunk: Buffer) => parts.push(chunk)).on('end', resolve).on('error', reject));
  const space = Buffer.alloc(16 * 1024 * 1024, 0x20);
  deflate.write(head);
  for (let i = 0; i < megabytes / 16; i++) await new Promise<void>((resolve) => (deflate.write(space) ? resolve() : deflate.once('drain', resolve)));
  deflate.end(tail);
  await done;
  const size = head.length + tail.length + Math.ceil(megabytes / 16) * space.length;
  return zipOf([...DOCX_PARTS.map(([name, text]) => stored(name, Buffer.from(text))), { name: 'word/document.xml', method: 8, data: Buffer.concat(parts), size: declaredSize ?? size }]);
}

const DOCX_PARTS: [string, string][] = [
  ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
  ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'],
];

interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  data: Buffer;
  /** Unpacked size as declared in the headers. */
  size: number;
}

function stored(name: string, data: Buffer): ZipEntry {
  return { name, method: 0, data, size: data.length };
}

/** A ZIP of the entries, CRCs left 0 (readers of DOCX do not check them). */
function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A DOCX whose document.xml declares "billion laughs" entities and an external one naming a file. */
export async function docxEntities(file = '/etc/passwd'): Promise<Buffer> {
  const zip = baseDocx();
  const laughs = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)].join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE w:document [${laughs}<!ENTITY xxe SYSTEM "file://${file}">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>某县2024年政府信息公开工作年度报告</w:t></w:r></w:p>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>
</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function baseDocx(): JSZip {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  return zip;
}

/** A PDF of `pages` pages, each with a line of text, written by hand (no library needed). */
export function manyPagesPdf(pages: number): Buffer {
  return pdfOf(Array.from({ length: pages }, (_, i) => `BT /F1 12 Tf 72 720 Td (Page ${i + 1}) Tj ET`));
}

/** A one-page PDF whose content stream draws `operators` path operators (a grid of tiny lines). */
export function manyOperatorsPdf(operators: number): Buffer {
  const parts: string[] = ['0.1 w'];
  for (let i = 0; i < operators / 3; i++) parts.push(`${i % 500} ${Math.floor(i / 500) % 700} m ${(i % 500) + 1} ${Math.floor(i / 500) % 700} l S`);
  return pdfOf([parts.join('\n')]);
}

/** A PDF whose content stream is a deflate bomb: `megabytes` MB of spaces once inflated. */
export function streamBombPdf(megabytes: number): Buffer {
  return pdfOf([Buffer.alloc(megabytes * 1024 * 1024, 0x20)], true);
}

function pdfOf(contents: (string | Buffer)[], compress = false): Buffer {
  const objects: Buffer[] = [];
  const pageCount = contents.length;
  const kids = Array.from({ length: pageCount }, (_, i) => `${4 + 2 * i} 0 R`).join(' ');
  objects.push(Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'));
  objects.push(Buffer.from(`<< /Type /Pages /Kids [${kids}] /Count ${pageCount} >>`));
  objects.push(Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'));
  contents.forEach((content, i) => {
    objects.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`));
    const raw = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const data = compress ? deflateZlib(raw) : raw;
    objects.push(Buffer.concat([Buffer.from(`<< /Length ${data.length}${compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`), data, Buffer.from('\nendstream')]));
  });
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = chunks[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    chunks.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(chunks);
}

function deflateZlib(data: Buffer): Buffer {
  // zlib framing (FlateDecode): a 2-byte header, raw deflate, then an Adler-32 pdf.js does not check.
  return Buffer.concat([Buffer.from([0x78, 0xda]), deflateRawSync(data, { level: 9 }), Buffer.alloc(4)]);
}

/** A PNG header declaring an image of width × height pixels (the data is a few bytes). */
export function hugePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.set([8, 2, 0, 0, 0], 24);
  return Buffer.concat([header, Buffer.from('0000000049454e44ae426082', 'hex')]);
}
