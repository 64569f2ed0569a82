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
 * Characters that OCR (and a careless typist) takes one for another in these labels, each class
 * folded to its first: 予以公开 read 子以公开, 属于 read 局于, 禁止 read 茜止, 案卷 read 案者,
 * 数量 read 数最, 申请 read 中请, 结果 read 结采, 三类 read 三关, 掌握 read 掌担.
 */
const LOOK_ALIKES = ['予子了', '属局', '禁茜苦', '卷者老', '量最呈', '申中', '果采', '类关', '握担'];
const LOOK_ALIKE_OF = new Map(LOOK_ALIKES.flatMap((group) => [...group].map((ch): [string, string] => [ch, group[0]!])));
const foldLookAlikes = (text: string): string => [...text].map((ch) => LOOK_ALIKE_OF.get(ch) ?? ch).join('');

/**
 * A dictionary of normalized label variants. Lookup is exact first; then with look-alike
 * characters folded (LOOK_ALIKES), where exactly one entry folds so; then a near match of the
 * folded forms (edit distance up to one per eight characters), accepted only when exactly one
 * entry is that close.
 */
export class LabelDictionary<T> {
  private readonly exact = new Map<string, T>();
  /** Keys with look-alikes folded; null where two entries fold alike. */
  private readonly folded = new Map<string, T | null>();

  constructor(entries: Iterable<[label: string, value: T]>) {
    for (const [label, value] of entries) this.exact.set(normalizeLabel(label), value);
    for (const [key, value] of this.exact) {
      const folded = foldLookAlikes(key);
      const before = this.folded.get(folded);
      this.folded.set(folded, before === undefined || before === value ? value : null);
    }
  }

  get(normalized: string): T | undefined {
    const folded = foldLookAlikes(normalized);
    const hit = this.exact.get(normalized) ?? this.folded.get(folded) ?? undefined;
    if (hit !== undefined || normalized.length < 8) return hit;
    const allowed = Math.floor(normalized.length / 8);
    let best: T | undefined;
    let bestDistance = Infinity;
    let tie = false;
    for (const [key, value] of this.folded) {
      if (value === null || Math.abs(key.length - folded.length) > allowed) continue;
      const d = distance(key, folded);
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
