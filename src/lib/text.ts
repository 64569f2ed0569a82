/** Text helpers shared by every stage: width folding and whitespace, nothing template-specific. */

/** Collapses runs of white space (including NBSP and the ideographic space) and trims. */
export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, 'g');

/** Removes spaces next to CJK characters ("2024 年政府" → "2024年政府"), keeping spaces between Latin words. */
export function dropCjkSpaces(text: string): string {
  return collapseSpace(text).replace(SPACE_BETWEEN_CJK, '');
}
