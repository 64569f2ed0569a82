/** Originals as fetched, stored once each under DIR/raw/<sha256>.<ext> (content-addressed, written atomically). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../lib/fs.js';
import { join } from 'node:path';

export const RAW_EXTENSION: Record<string, string> = { html: 'html', text: 'txt', pdf: 'pdf', docx: 'docx', doc: 'doc', xls: 'xls', image: 'img' };

/** Stores the bytes (unless already there); returns the path relative to the output directory. */
export async function writeRawFile(outDir: string, sha256: string, extension: string, bytes: Uint8Array): Promise<string> {
  const relative = `raw/${sha256}.${extension}`;
  const path = join(outDir, relative);
  if (existsSync(path)) return relative;
  // The same content may arrive from two hosts at once: the atomic write keeps both whole.
  await writeFileAtomic(path, bytes);
  return relative;
}

export function readRawFile(outDir: string, relative: string): Promise<Buffer> {
  return readFile(join(outDir, relative));
}
