/**
 * Opening the crawl state with its integrity checked. A state.sqlite that is damaged (a disk
 * error, a copy cut short, another program's file) is reported with what to do, never replaced:
 * it is the record of what was fetched, and only its owner can decide to start again.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

export class CorruptStateError extends Error {
  override name = 'CorruptStateError';
}

/** Opens (or creates) a SQLite database and checks it; throws CorruptStateError when it is damaged. */
export function openCheckedDatabase(path: string): Database.Database {
  const existed = existsSync(path);
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    // quick_check reads every page (not the index contents): seconds for millions of rows.
    const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check).filter((text) => text !== 'ok');
    if (problems.length > 0) throw new Error(problems.join('; '));
    return db;
  } catch (error) {
    db?.close();
    if (!existed) throw error;
    throw new CorruptStateError(
      `the crawl state ${path} is damaged (${(error as Error).message}). It was left as it is. ` +
        `To keep it for inspection and start the crawl anew, move it away (mv ${path} ${path}.damaged, and its -wal and -shm files); ` +
        `originals already stored under raw/ are then fetched again but stored once. ` +
        `To try to save its rows: sqlite3 ${path} ".recover" | sqlite3 ${path}.recovered, then put the recovered file in its place.`,
    );
  }
}

export class DiskFullError extends Error {
  override name = 'DiskFullError';
}

/** Whether an error is a full disk (a file write's ENOSPC or EDQUOT, SQLite's SQLITE_FULL). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/** The error a crawl stops with when its disk is full: what happened, and that a rerun loses nothing. */
export function diskFullError(error: unknown, dir: string): DiskFullError {
  return new DiskFullError(
    `the disk of ${dir}/ is full (${(error as Error).message}): the crawl stopped. What was stored is kept, and ` +
      `what was being stored was not recorded as done: free some space and run the same command again to continue.`,
  );
}
