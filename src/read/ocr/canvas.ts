/**
 * @napi-rs/canvas, loaded on first use: its native library costs a process some 30 MB of memory,
 * and only a thread that renders a scan or decodes a picture needs it (a crawler's or a queue
 * worker's main thread never does).
 */
import type { Canvas } from '@napi-rs/canvas';
import { grayFromColor, type GrayImage } from './raster.js';

type CanvasModule = typeof import('@napi-rs/canvas');

let loading: Promise<CanvasModule> | undefined;

export function loadCanvas(): Promise<CanvasModule> {
  loading ??= import('@napi-rs/canvas');
  return loading;
}

/**
 * A canvas's pixels in grey; the canvas is then shrunk to one pixel, since its own pixels are
 * native memory given back only when a finalizer runs (a page at 200 dpi is 15 MB of them: two
 * threads reading scans peaked 100 MB higher without this).
 */
export function takeGray(canvas: Canvas): GrayImage {
  const { width, height } = canvas;
  const gray = grayFromColor(canvas.getContext('2d').getImageData(0, 0, width, height).data, width, height);
  canvas.width = 1;
  canvas.height = 1;
  return gray;
}
