/** Label normalization and matching: strict enough never to map a row to the wrong key. */
import { distance } from 'fastest-levenshtein';

// Brackets of any shape around a numeral, "一" as a dash, the formal numerals (壹, 伍), a number
// whose point is lost ("1属于"; no label of the template begins with a digit), and one or two
// characters closed by a bracket whose opening is lost ("全)部分公开": OCR made one glyph of "(二"):
// printed so, or so read by OCR ("〈一)", "(-)").
const NUMBERING = /^(?:[^()（）\s]{1,2}[)）](?=[\u4e00-\u9fff])|[(（〈<《[【〔{]?[一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3}[)）〉>》\]】〕}]|[(（〈<《[【〔{][-—–_]{1,2}[)）〉>》\]】〕}]|[一二三四五六七八九十]{1,3}[、.．]|[(（]\d{1,2}[)）]|\d{1,2}(?:[、．]|\.(?!\d)|[,，]?(?=[\u4e00-\u9fff]))|第[一二三四五六七八九十]{1,3}[项部分]?[、.．]?)/;
const BRACKETED = /\([^()]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g;
const PUNCTUATION = /[\s"'“”‘’「」『』《》〈〉<>、,，。.;；:：·・!！?？\-—–_/\\|*#]/g;

/**
 * Folds a printed label to a comparable key: NFKC width folding, no white space, the leading
 * numbering ("（一）", "一、", "1.", "1、", "(1)") removed, remarks in brackets and punctuation dropped.
 * "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" → "部分公开"; "规 章" → "规章".
 */
export function normalizeLabel(label: string): string {
  // The same few hundred labels recur in every report: remember their folded form.
  let folded = foldedLabels.get(label);
  if (folded === undefined) {
    if (foldedLabels.size >= FOLDED_LABELS_MAX) foldedLabels.clear();
    foldedLabels.set(label, (folded = foldLabel(label)));
  }
  return folded;
}

const FOLDED_LABELS_MAX = 20_000;
const foldedLabels = new Map<string, string>();

function foldLabel(label: string): string {
  let text = label.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
  for (let i = 0; i < 3; i++) {
    const stripped = text.replace(NUMBERING, '');
    if (stripped === text) break;
    text = stripped;
  }
  return text.replace(BRACKETED, '').replace(PUNCTUATION, '');
}

/**
 * A dictionary of normalized label variants. Lookup is exact first; a near match (edit distance
 * up to one per eight characters) is accepted only when exactly one entry is that close.
 */
export class LabelDictionary<T> {
  private readonly exact = new Map<string, T>();

  constructor(entries: Iterable<[label: string, value: T]>) {
    for (const [label, value] of entries) this.exact.set(normalizeLabel(label), value);
  }

  get(normalized: string): T | undefined {
    const hit = this.exact.get(normalized);
    if (hit !== undefined || normalized.length < 8) return hit;
    const allowed = Math.floor(normalized.length / 8);
    let best: T | undefined;
    let bestDistance = Infinity;
    let tie = false;
    for (const [key, value] of this.exact) {
      if (Math.abs(key.length - normalized.length) > allowed) continue;
      const d = distance(key, normalized);
      if (d > allowed) continue;
      if (d < bestDistance) {
        best = value;
        bestDistance = d;
        tie = false;
      } else if (d === bestDistance && value !== best) tie = true;
    }
    return tie ? undefined : best;
  }
}
