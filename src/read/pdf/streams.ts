/**
 * Deflate bombs in a PDF's streams, found before pdf.js inflates them: pdf.js grows a stream's
 * buffer until the data ends (a 2 MB PDF took 4.5 GB and the full time limit). Each Flate stream
 * is inflated here with a cap on its output (zlib stops there), which costs milliseconds on a
 * real report.
 */
import { constants, inflateSync } from 'node:zlib';
import { MAX_PDF_INFLATED_BYTES, MAX_PDF_STREAM_BYTES } from '../../limits.js';


const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');

/** Why a PDF is refused (a stream, or all of them, inflating past the caps), or null. */
export function pdfStreamBreach(bytes: Uint8Array, maxStream = MAX_PDF_STREAM_BYTES, maxTotal = MAX_PDF_INFLATED_BYTES): string | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let at = 0;
  while ((at = buffer.indexOf(STREAM, at)) >= 0) {
    const keyword = at;
    at += STREAM.length;
    if (keyword >= 3 && buffer.toString('latin1', keyword - 3, keyword) === 'end') continue;
    // The keyword is followed by CRLF or LF; anything else is the word in some text.
    let start = at;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] !== 0x0a) {
      if (start === at) continue;
    } else start++;
    const before = buffer.toString('latin1', Math.max(0, keyword - 4096), keyword);
    const dictionary = before.slice(before.lastIndexOf('obj') + 1);
    if (!/\/(FlateDecode|Fl)\b/.test(dictionary)) continue;
    let end = buffer.indexOf(END_STREAM, start);
    if (end < 0) end = buffer.length;
    at = end;
    let size: number;
    try {
      size = inflateSync(buffer.subarray(start, end), { maxOutputLength: maxStream + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return `a stream at byte ${keyword} inflates to more than ${maxStream} bytes (a deflate bomb, or far larger than any report)`;
      }
      continue; // not zlib data (or damaged): pdf.js decides what to make of it
    }
    total += size;
    if (total > maxTotal) return `the streams inflate to more than ${maxTotal} bytes in all (a deflate bomb, or far larger than any report)`;
  }
  return null;
}
