/** Originals as fetched, stored once each under DIR/raw/<sha256>.<ext> (content-addressed, written atomically). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../lib/fs.js';
import { join } from 'node:path';
import { LEGACY_RAW_EXTENSION } from '../formats.js';


/** Stores the bytes (unless already there); returns the path relative to the output directory. */
export async function writeRawFile(outDir: string, sha256: string, extension: string, bytes: Uint8Array): Promise<string> {
  const relative = `raw/${sha256}.${extension}`;
  const path = join(outDir, relative);
  if (existsSync(path)) return relative;
  // The same content may arrive from two hosts at once: the atomic write keeps both whole.
  await writeFileAtomic(path, bytes);
  return relative;
}

/** Reads a stored original; one recorded under an extension of an earlier version (a DOCX as `.zip`) is found under either name. */
export async function readRawFile(outDir: string, relative: string): Promise<Buffer> {
  try {
    return await readFile(join(outDir, relative));
  } catch (error) {
    const alias = aliasOf(relative);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || alias === null) throw error;
    return readFile(join(outDir, alias)).catch(() => Promise.reject(error));
  }
}

/** The other name of a stored original whose extension changed between versions (raw/x.zip ↔ raw/x.docx), or null. */
function aliasOf(relative: string): string | null {
  const match = /^(.*)\.([a-z]+)$/.exec(relative);
  if (!match) return null;
  const [, stem, extension] = match;
  const legacy = Object.entries(LEGACY_RAW_EXTENSION).find(([old, now]) => old === extension || now === extension);
  if (!legacy) return null;
  return `${stem}.${legacy[0] === extension ? legacy[1] : legacy[0]}`;
}
