/**
 * One crawl per output directory: DIR/crawl.lock, created exclusively, names the process that
 * holds the directory. A second crawl into it is refused with that process named; the lock of a
 * process that died (kill -9 leaves it behind) is taken over.
 */
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const LOCK_FILE = 'crawl.lock';

export class DirectoryLockedError extends Error {
  override name = 'DirectoryLockedError';
}

interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/** A held lock; `release()` removes it (also done when the process exits normally). */
export interface DirectoryLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes DIR's lock or throws DirectoryLockedError saying who holds it. A lock left by a dead
 * process of this machine is taken over; one from another machine (a shared disk) is not,
 * since its process cannot be checked from here.
 */
export function lockDirectory(dir: string): DirectoryLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole under a temp name, then linked: link() creates the lock atomically with its
    // content, so no process ever reads a half-written lock of a live holder.
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(me) + '\n');
    try {
      linkSync(temp, path);
    } catch (error) {
      unlinkSync(temp);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder && holder.pid === process.pid && holder.host === me.host) {
        throw new DirectoryLockedError(`${dir}/ is already held by this process (pid ${process.pid})`);
      }
      if (holder && (holder.host !== me.host || isAlive(holder.pid))) {
        throw new DirectoryLockedError(
          `${dir}/ is being crawled by another process (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); ` +
            `wait for it to end or stop it, or give another --out. If that process is gone, delete ${path}.`,
        );
      }
      // Dead holder (or an unreadable lock): stale. Removing
      // it and retrying the exclusive create means two takers cannot both win.
      try {
        unlinkSync(path);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError;
      }
      continue;
    }
    unlinkSync(temp);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.off('exit', release);
      // Only our own lock: never remove one another process took over.
      if (readHolder(path)?.pid === me.pid) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    };
    process.on('exit', release);
    return { path, release };
  }
  throw new DirectoryLockedError(`${dir}/: could not take ${LOCK_FILE} (other processes keep taking it)`);
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof holder.pid !== 'number' || typeof holder.host !== 'string') return null;
    return { pid: holder.pid, host: holder.host, startedAt: String(holder.startedAt ?? 'unknown') };
  } catch {
    return null; // unreadable: treated as stale
  }
}

/** Whether a process with this pid exists (EPERM: it exists but is another user's). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
