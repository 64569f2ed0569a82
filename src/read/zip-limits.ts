/**
 * Size limits of a ZIP container (DOCX, XLSX) checked before a parser unpacks it: a few
 * kilobytes of deflate can unpack to gigabytes, and entries may declare sizes that are lies.
 * Every entry is inflated as a stream and counted, and the count stops at the limit, so neither
 * the declared sizes nor the memory of a bomb matter.
 */
import JSZip from 'jszip';
import { MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES } from '../limits.js';

export interface ZipLimits {
  /** Largest unpacked size of one entry, in bytes. */
  maxEntryBytes: number;
  /** Largest unpacked size of all the entries checked together. */
  maxTotalBytes: number;
  /** Most entries a container may have. */
  maxEntries: number;
}

/** Far above any report (src/limits.ts). */
const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntryBytes: MAX_ZIP_ENTRY_BYTES, maxTotalBytes: MAX_ZIP_TOTAL_BYTES, maxEntries: MAX_ZIP_ENTRIES };

/**
 * Why a ZIP is refused (an entry or the whole past the limits), or null. Entries whose name
 * `skip` matches (media a reader never opens) are not inflated. Throws on a ZIP JSZip cannot open.
 */
export async function zipLimitBreach(bytes: Uint8Array, skip: RegExp | null = null, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string | null> {
  const zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  if (entries.length > limits.maxEntries) return `ZIP with ${entries.length} entries (limit ${limits.maxEntries})`;
  let total = 0;
  for (const entry of entries) {
    if (skip?.test(entry.name)) continue;
    const size = await inflatedSize(entry, Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total) + 1);
    if (size > limits.maxEntryBytes) return `ZIP entry ${entry.name} unpacks to more than ${limits.maxEntryBytes} bytes (a ZIP bomb, or far larger than any report)`;
    total += size;
    if (total > limits.maxTotalBytes) return `ZIP entries unpack to more than ${limits.maxTotalBytes} bytes in all (a ZIP bomb, or far larger than any report)`;
  }
  return null;
}

interface ZipStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): ZipStream;
  on(event: 'error', listener: (error: Error) => void): ZipStream;
  on(event: 'end', listener: () => void): ZipStream;
  pause(): ZipStream;
  resume(): ZipStream;
}

/** Bytes an entry inflates to, counting chunks as they come and stopping once past `stopAt`. */
function inflatedSize(entry: JSZip.JSZipObject, stopAt: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let settled = false;
    // internalStream is public in JSZip's documentation but missing from its typings.
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): ZipStream }).internalStream('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        size += chunk.length;
        if (size >= stopAt && !settled) {
          settled = true;
          stream.pause();
          resolve(size);
        }
      })
      .on('error', (error: Error) => {
        if (!settled) {
          settled = true;
          reject(error);
        }
      })
      .on('end', () => {
        if (!settled) {
          settled = true;
          resolve(size);
        }
      })
      .resume();
  });
}
