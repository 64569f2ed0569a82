/** File-system helpers shared by the writers. */
import { mkdir } from 'node:fs/promises';

const made = new Set<string>();

/** Creates a directory (and its parents) once per process: writers call this for every file. */
export async function ensureDir(dir: string): Promise<void> {
  if (made.has(dir)) return;
  await mkdir(dir, { recursive: true });
  made.add(dir);
}
