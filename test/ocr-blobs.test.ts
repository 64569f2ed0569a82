/**
 * A figure cell's ink blobs as digits (src/read/ocr/blobs.ts), on ink drawn here: two zeros that
 * touch, a "5" whose flag broke off, a decimal point. The page tests (ocr.test.ts) read the same
 * cases in scans.
 */
import { describe, expect, it } from 'vitest';
import { isOneDigitWide, joinColumns, joinStacked, splitTouching } from '../src/read/ocr/blobs.js';
import { components, type GrayImage } from '../src/read/ocr/raster.js';

const INK = 128;

/** A white image with the pixels for which `inked(x, y)` holds in black. */
function draw(width: number, height: number, inked: (x: number, y: number) => boolean): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inked(x, y)) data[y * width + x] = 0;
  return { width, height, data };
}

/** An oval ring like a printed "0": centre, half width, half height. */
const zero = (cx: number, cy: number, a: number, b: number) => (x: number, y: number): boolean => {
  const r = ((x + 0.5 - cx) / a) ** 2 + ((y + 0.5 - cy) / b) ** 2;
  return r <= 1 && r >= 0.55;
};

const blobsOf = (image: GrayImage) =>
  components(Uint8Array.from(image.data, (v) => (v <= INK ? 1 : 0)), image.width, image.height).sort((a, b) => a.x0 - b.x0);

describe('digit blobs', () => {
  it('cuts two zeros that touch where their ink is thinnest, into two blobs a digit wide', () => {
    // "00" in 14-pixel type, the rings meeting at mid-height: one blob wider than high. Inside
    // each ring a column holds less ink (4 pixels, in two runs) than where they meet (6, in one).
    const left = zero(14, 15, 5, 7);
    const right = zero(24, 15, 5, 7);
    const image = draw(40, 30, (x, y) => left(x, y) || right(x, y));
    const blobs = blobsOf(image);
    expect(blobs).toHaveLength(1);
    expect(isOneDigitWide(blobs[0]!)).toBe(false);
    const pieces = splitTouching(image, INK, blobs, 2);
    expect(pieces).toHaveLength(2);
    expect(pieces.every(isOneDigitWide)).toBe(true);
    // The cut falls where the rings meet (columns 17 and 18), not inside either ring.
    expect(pieces[0]!.x1).toBeGreaterThanOrEqual(17);
    expect(pieces[0]!.x1).toBeLessThanOrEqual(19);
    expect(pieces[1]!.x0).toBeGreaterThanOrEqual(18);
    expect(pieces[1]!.x0).toBeLessThanOrEqual(20);
  });

  it('leaves the blobs as they were where the count cannot be cut into digits, or there is no blob', () => {
    const image = draw(60, 30, (x, y) => zero(14, 15, 5, 7)(x, y) || zero(24, 15, 5, 7)(x, y) || zero(34, 15, 5, 7)(x, y));
    const blobs = blobsOf(image);
    // Three zeros in one blob, read as two digits: a piece would be two digits wide.
    expect(splitTouching(image, INK, blobs, 2)).toBe(blobs);
    // Line readings that count digits in a cell with no digit-high ink (it crashed a page).
    expect(splitTouching(image, INK, [], 2)).toEqual([]);
  });

  it('joins the flag of a "5" broken off above it, and not a decimal point beside a digit', () => {
    // A "5" in 15-pixel type whose flag is a blob of its own, the rest wider than high; then ".5".
    const body = (x: number, y: number) => (x >= 4 && x < 15 && y >= 10 && y < 22 && !(x >= 6 && x < 13 && y >= 12 && y < 20));
    const flag = (x: number, y: number) => x >= 5 && x < 15 && y >= 7 && y < 9;
    const point = (x: number, y: number) => x >= 18 && x < 20 && y >= 20 && y < 22;
    const image = draw(40, 30, (x, y) => body(x, y) || flag(x, y) || point(x, y));
    const parts = blobsOf(image);
    expect(parts).toHaveLength(3);
    const joined = joinStacked(parts, 15);
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ x0: 4, x1: 15, y0: 7, y1: 22 });
    expect(isOneDigitWide(joined[0]!)).toBe(true);
    expect(isOneDigitWide(parts.find((p) => p.y0 === 10)!)).toBe(false);
  });

  it('joins a thin stroke broken into pieces none of which is digit-high, and not digits side by side', () => {
    // A "1" in four pieces and a "7" as its bar and its stem (a 120-dpi screenshot's 9-pt type,
    // enlarged), beside a whole "1": 31 pixels high.
    const one = (x: number, y: number) => x >= 20 && x < 27 && ((y >= 10 && y < 20) || (y >= 21 && y < 29) || (y >= 30 && y < 35) || (y >= 36 && y < 41));
    const bar = (x: number, y: number) => x >= 40 && x < 62 && y >= 10 && y < 19;
    const stem = (x: number, y: number) => x >= 49 && x < 55 && y >= 23 && y < 41;
    const whole = (x: number, y: number) => x >= 70 && x < 76 && y >= 10 && y < 41;
    const parts = blobsOf(draw(90, 50, (x, y) => one(x, y) || bar(x, y) || stem(x, y) || whole(x, y)));
    expect(parts).toHaveLength(7);
    const joined = joinColumns(parts, 31).sort((a, b) => a.x0 - b.x0);
    expect(joined.map((p) => [p.x0, p.y0, p.x1, p.y1])).toEqual([[20, 10, 27, 41], [40, 10, 62, 41], [70, 10, 76, 41]]);
    // As digit blobs: three, each one digit wide (none had been digit-high but the whole "1").
    expect(joinStacked(parts, 31)).toHaveLength(3);
    expect(joined.every(isOneDigitWide)).toBe(true);
  });
});
