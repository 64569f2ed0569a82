/**
 * Site profiles: small declarative rules for a site where generic discovery needs help.
 * A JSON file, an array of:
 *   { "host": "www.quxian.gov.cn",            // the host (or a suffix: ".quxian.gov.cn")
 *     "columns": ["/xxgk-list-zfxxgknb.html"], // annual-report columns to start from
 *     "skip": ["^/search/", "\\?date="],       // path+query patterns never to fetch
 *     "reportTitle": "年报$" }                 // titles that are reports too (besides the generic rule)
 */
import { readFile } from 'node:fs/promises';

export interface SiteProfile {
  host: string;
  columns?: string[];
  skip?: string[];
  reportTitle?: string;
}

export interface CompiledProfile {
  host: string;
  columns: string[];
  skip: RegExp[];
  reportTitle: RegExp | null;
}

export async function loadProfiles(file: string): Promise<CompiledProfile[]> {
  return compileProfiles(JSON.parse(await readFile(file, 'utf8')) as unknown, file);
}

/** Profiles from the parsed JSON of a profile file (`file` names it in errors). */
export function compileProfiles(data: unknown, file: string): CompiledProfile[] {
  if (!Array.isArray(data)) throw new Error(`${file}: a profile file is a JSON array of site profiles`);
  return data.map((profile: SiteProfile, i) => {
    if (!profile || typeof profile.host !== 'string') throw new Error(`${file}: profile ${i + 1} has no "host"`);
    return {
      host: profile.host.toLowerCase(),
      columns: profile.columns ?? [],
      skip: (profile.skip ?? []).map((pattern) => new RegExp(pattern)),
      reportTitle: profile.reportTitle ? new RegExp(profile.reportTitle) : null,
    };
  });
}

/** The profile of a URL's host: an exact host, or a suffix starting with a dot. */
export function profileFor(profiles: readonly CompiledProfile[], url: string): CompiledProfile | null {
  const host = new URL(url).host.toLowerCase();
  return profiles.find((p) => host === p.host || (p.host.startsWith('.') && host.endsWith(p.host))) ?? null;
}
