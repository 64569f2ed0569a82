/**
 * Image files (PNG, JPEG, GIF) to grey pixels, with their size checked from the header before
 * anything is decoded: a 20,000 × 20,000 picture would take 1.6 GB as RGBA.
 */
import { UnreadableInputError } from '../document.js';
import { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from '../../limits.js';
import { loadCanvas, takeGray } from './canvas.js';
import { scale, type GrayImage } from './raster.js';


export interface ImageHeader {
  type: 'png' | 'jpeg' | 'gif';
  width: number;
  height: number;
}

/** Type and size from the file header, or null when the bytes are not a PNG, JPEG or GIF (or are cut short). */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) {
    return { type: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the JPEG markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC).
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      if (marker === 0xff) { i++; continue; }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
      const length = view.getUint16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'jpeg', width: view.getUint16(i + 7), height: view.getUint16(i + 5) };
      }
      i += 2 + length;
    }
    return null;
  }
  return null;
}

/** Refuses, before decoding, a picture too large to be a page. */
function checkImageSize(header: ImageHeader): void {
  const { width, height } = header;
  if (width === 0 || height === 0) throw new UnreadableInputError(`corrupt ${header.type.toUpperCase()} image: it declares a size of ${width} × ${height}`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new UnreadableInputError(`image too large to OCR: ${width} × ${height} pixels (limit ${MAX_IMAGE_PIXELS / 1e6} megapixels, ${MAX_IMAGE_SIDE} a side)`, 'ERR_INPUT_TOO_LARGE');
  }
}

/**
 * Decodes an image file to grey. `maxSide` scales a larger picture down (OCR needs no more than
 * 300 dpi of an A4 page).
 */
export async function decodeImage(bytes: Uint8Array, maxSide = 3600): Promise<GrayImage> {
  const header = readImageHeader(bytes);
  if (!header) throw new UnreadableInputError('corrupt image: the PNG, JPEG or GIF header cannot be read');
  checkImageSize(header);
  const { createCanvas, loadImage } = await loadCanvas();
  let image;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new UnreadableInputError(`corrupt ${header.type.toUpperCase()} image: ${(error as Error).message}`);
  }
  if (!image.width || !image.height) throw new UnreadableInputError(`corrupt ${header.type.toUpperCase()} image: it could not be decoded`);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(image, 0, 0);
  const gray = takeGray(canvas);
  const longest = Math.max(gray.width, gray.height);
  return longest > maxSide ? scale(gray, maxSide / longest) : gray;
}
