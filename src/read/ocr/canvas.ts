/**
 * @napi-rs/canvas, loaded on first use: its native library costs a process some 30 MB of memory,
 * and only a thread that renders a scan or decodes a picture needs it (a crawler's or a queue
 * worker's main thread never does).
 */
type Canvas = typeof import('@napi-rs/canvas');

let loading: Promise<Canvas> | undefined;

export function loadCanvas(): Promise<Canvas> {
  loading ??= import('@napi-rs/canvas');
  return loading;
}
