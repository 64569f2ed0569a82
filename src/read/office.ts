/**
 * Legacy Office documents (DOC, WPS, XLS, and XLSX): converted to HTML by LibreOffice (Debian
 * libreoffice-writer-nogui / -calc-nogui), whose export keeps table spans, then read by the
 * HTML reader. Each conversion gets its own LibreOffice profile, so conversions can run at once.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeHtml } from './decode.js';
import { type ReadDocument, type SourceFormat, UnreadableInputError } from './document.js';
import { readHtml } from './html.js';

const run = promisify(execFile);
const CONVERSION_TIME_LIMIT_MS = 60_000;

let soffice: string | null | undefined;

/** The LibreOffice command, if installed. */
export function findSoffice(): string | null {
  if (soffice !== undefined) return soffice;
  const candidates = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice'];
  soffice = candidates.find((path) => existsSync(path)) ?? null;
  return soffice;
}

/** What kind of Office file the bytes are: Word (DOC, WPS) or a spreadsheet, told by the OLE stream names. */
export function officeKind(bytes: Uint8Array): SourceFormat {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1 << 20));
  const utf16 = (name: string) => head.includes(Buffer.from(name, 'utf16le'));
  if (utf16('Workbook') || utf16('Book') || head.includes('xl/workbook.xml')) return 'xls';
  return 'doc';
}

export async function readOffice(bytes: Uint8Array, extension: 'doc' | 'xls' | 'xlsx'): Promise<ReadDocument> {
  const command = findSoffice();
  if (!command) {
    throw new UnreadableInputError(`${extension.toUpperCase()} document: converting it needs LibreOffice (Debian libreoffice-writer-nogui, libreoffice-calc-nogui), which is not installed`, 'ERR_CONVERTER_MISSING');
  }
  const dir = await mkdtemp(join(tmpdir(), 'xxgk-office-'));
  try {
    const input = join(dir, `document.${extension}`);
    await writeFile(input, bytes);
    await run(command, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'html', '--outdir', dir, input], {
      timeout: CONVERSION_TIME_LIMIT_MS,
    }).catch((error: Error & { killed?: boolean }) => {
      throw error.killed
        ? new UnreadableInputError(`LibreOffice took longer than ${CONVERSION_TIME_LIMIT_MS / 1000} s to convert it`, 'ERR_TIMEOUT')
        : new UnreadableInputError(`LibreOffice could not convert it: ${error.message.split('\n')[0]}`);
    });
    const output = join(dir, 'document.html');
    if (!existsSync(output)) throw new UnreadableInputError('LibreOffice could not convert it (corrupt or not an Office document)');
    const { text, charset } = decodeHtml(await readFile(output));
    const format: SourceFormat = extension === 'doc' ? 'doc' : 'xls';
    return { ...readHtml(text, charset), format, method: extension === 'doc' ? 'doc' : 'xls' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
