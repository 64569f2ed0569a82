/** File-system helpers shared by the writers. */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const made = new Set<string>();
let tempCounter = 0;

/** Creates a directory (and its parents) once per process: writers call this for every file. */
async function ensureDir(dir: string): Promise<void> {
  if (made.has(dir)) return;
  await mkdir(dir, { recursive: true });
  made.add(dir);
}

/**
 * Writes a file whole or not at all (a temp file, then a rename), so that a killed process
 * never leaves half a file. The temp name is unique: the same file may be written twice at once.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await ensureDir(dirname(path));
  const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/**
 * Removes the temp files writeFileAtomic leaves when its process is killed between write and
 * rename (`<name>.<pid>.<n>.tmp`) in the given directories. Only for a caller that holds the
 * directory (the crawl's lock): another writer's temp file would otherwise go too.
 */
export async function removeStaleTemps(dirs: string[]): Promise<number> {
  let removed = 0;
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!/\.\d+\.\d+\.tmp$/.test(name)) continue;
      await rm(join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
