/**
 * A figure cell's ink blobs as digits: pieces of one digit joined (a "5" whose flag broke off, a
 * "0" in two arcs) and digits that touch cut apart. Pure geometry on the cell's grey image; the
 * page reader (page.ts) decides what the blobs are worth as evidence.
 */
import type { Component, GrayImage } from './raster.js';

/** A blob no wider than one digit (narrower than high). */
export function isOneDigitWide(p: Component): boolean {
  return p.x1 - p.x0 <= (p.y1 - p.y0) * 0.9;
}

/**
 * The cell's digit-high blobs (at least `0.6 × textHeight`), each with the small pieces broken off
 * above or below it joined to it (the flag of a "5" in small type): a piece mostly within a
 * blob's columns and close to it. A decimal point or a separator stands between digits, not under
 * one, and is left out.
 */
export function joinStacked(parts: Component[], textHeight: number): Component[] {
  const isTall = (p: Component): boolean => p.y1 - p.y0 >= textHeight * 0.6;
  const pieces = joinColumns(parts, textHeight);
  const tall = pieces.filter(isTall).map((p) => ({ ...p }));
  for (const p of pieces) {
    if (isTall(p)) continue;
    const host = tall.find((t) => {
      const overlap = Math.min(t.x1, p.x1) - Math.max(t.x0, p.x0);
      const apart = Math.max(t.y0 - p.y1, p.y0 - t.y1, 0);
      return overlap >= (p.x1 - p.x0) * 0.6 && apart <= Math.max(2, textHeight * 0.2);
    });
    if (host) Object.assign(host, union(host, p));
  }
  return tall;
}

/**
 * Pieces one over another in the same columns and close together joined, none of them digit-high
 * alone: a thin stroke broken by the ink's threshold in small type at a low resolution (a "1" in
 * four pieces, a "7" as its bar and its stem). Digits side by side share no columns.
 */
export function joinColumns(parts: Component[], textHeight: number): Component[] {
  const out = parts.map((p) => ({ ...p }));
  const close = (a: Component, b: Component): boolean => {
    const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
    const apart = Math.max(a.y0 - b.y1, b.y0 - a.y1, 0);
    return overlap >= Math.min(a.x1 - a.x0, b.x1 - b.x0) * 0.6 && apart <= Math.max(2, textHeight * 0.2);
  };
  for (let joined = true; joined; ) {
    joined = false;
    for (let i = 0; i < out.length && !joined; i++) {
      for (let j = i + 1; j < out.length && !joined; j++) {
        if (!close(out[i]!, out[j]!)) continue;
        out[i] = union(out[i]!, out[j]!);
        out.splice(j, 1);
        joined = true;
      }
    }
  }
  return out;
}

/** Digit blobs left to right: thin pieces close together that make one digit's width joined (a "0" broken into two arcs). */
export function joinPieces(tall: Component[]): Component[] {
  const blobs: Component[] = [];
  let lastThin = false;
  for (const p of tall) {
    const height = p.y1 - p.y0;
    const thin = p.x1 - p.x0 <= height * 0.5;
    const last = blobs[blobs.length - 1];
    if (last && lastThin && thin && p.x0 - last.x1 <= height * 0.3 && p.x1 - last.x0 <= Math.max(last.y1 - last.y0, height) * 0.8) {
      blobs[blobs.length - 1] = union(last, p);
      // Joined once: a third piece would make it wider than a digit anyway.
      lastThin = false;
    } else {
      blobs.push(p);
      lastThin = thin;
    }
  }
  return blobs;
}

/**
 * Blobs wider than a digit cut where their ink (greys at or below `threshold`) is thinnest, in
 * one run down the column, the widest blob first, until there are `count` (digits that touch, in small type or blur). Each cut falls
 * in its blob's middle third, and every piece must end one digit wide; else, or with no blob to
 * cut, the blobs are returned as they were.
 */
export function splitTouching(image: GrayImage, threshold: number, blobs: Component[], count: number): Component[] {
  const pieces = [...blobs];
  const ratio = (p: Component): number => (p.x1 - p.x0) / Math.max(1, p.y1 - p.y0);
  while (pieces.length > 0 && pieces.length < count) {
    const widest = pieces.reduce((w, p, i) => (ratio(p) > ratio(pieces[w]!) ? i : w), 0);
    const blob = pieces[widest]!;
    if (isOneDigitWide(blob)) return blobs;
    const width = blob.x1 - blob.x0;
    // Where digits touch, the column holds one run of ink; inside a digit's bowl ("0", "8") it
    // holds two or more, often thinner: a column of one run is preferred, then the least ink.
    let cut = -1;
    let least = Infinity;
    for (let x = blob.x0 + Math.ceil(width / 3); x < blob.x1 - Math.floor(width / 3); x++) {
      let ink = 0;
      let runs = 0;
      for (let y = blob.y0; y < blob.y1; y++) {
        if (image.data[y * image.width + x]! > threshold) continue;
        ink++;
        if (y === blob.y0 || image.data[(y - 1) * image.width + x]! > threshold) runs++;
      }
      const cost = (runs > 1 ? blob.y1 - blob.y0 : 0) + ink;
      if (cost < least) {
        least = cost;
        cut = x;
      }
    }
    if (cut < 0) return blobs;
    pieces.splice(widest, 1, inkBox(image, threshold, blob, blob.x0, cut), inkBox(image, threshold, blob, cut + 1, blob.x1));
  }
  return pieces.length === count && pieces.every(isOneDigitWide) ? pieces : blobs;
}

/** The box of a blob's ink between two columns (within the blob's rows). */
function inkBox(image: GrayImage, threshold: number, blob: Component, x0: number, x1: number): Component {
  const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity, pixels: 0 };
  for (let y = blob.y0; y < blob.y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (image.data[y * image.width + x]! > threshold) continue;
      box.pixels++;
      box.x0 = Math.min(box.x0, x);
      box.x1 = Math.max(box.x1, x + 1);
      box.y0 = Math.min(box.y0, y);
      box.y1 = Math.max(box.y1, y + 1);
    }
  }
  return box.pixels > 0 ? box : { x0, y0: blob.y0, x1, y1: blob.y1, pixels: 0 };
}

/** The box around two blobs, their pixels added. */
function union(a: Component, b: Component): Component {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1), pixels: a.pixels + b.pixels };
}
