/**
 * The confidence policy for figures read by a recogniser (OCR): a figure whose cell was read
 * with low confidence is kept only when the template's arithmetic confirms it (confirm.ts);
 * otherwise it is null with a warning naming it — never a guess. Figures from a text layer
 * carry no confidence and are not touched.
 */
import { confirmedPaths, type FigureReading } from './confirm.js';
import type { TemplateId } from './definition.js';
import type { FigureValue } from './figures.js';
import { isUnread } from './rows.js';

/**
 * Below this (0–1) a cell's reading is not trusted on its own. Clean scans read digits at
 * 0.95 and above; misread digits (8/3, 1/7, 0/6, a dropped stroke) mostly come out below 0.9.
 * A figure under it survives only when a passing check confirms it.
 */
export const LOW_CONFIDENCE = 0.9;

/** What `report.extraction.ocr` says. */
export interface OcrSummary {
  /** Figures read from cells that carry a confidence. */
  figures: number;
  /** How many of them a passing check confirmed. */
  confirmed: number;
  /** How many were set null: low confidence and no check confirms them. */
  nulled: number;
}

export interface ConfidenceOutcome {
  /** Null when no figure came from a cell with a confidence (the policy does not apply). */
  summary: OcrSummary | null;
  /** Paths set null by the policy. */
  nulled: Set<string>;
  warnings: string[];
}

/**
 * The figures as the arithmetic sees them: doubtful when read with low confidence, unread when a
 * recogniser found ink it could not read (confidence 0, no text).
 */
export function readingsOf(values: ReadonlyMap<string, FigureValue>): Map<string, FigureReading> {
  return new Map([...values].map(([path, figure]) => [path, readingOf(figure)]));
}

/** One figure as the arithmetic sees it; `doubtful` for one in doubt whatever its confidence (a row placed by position). */
export function readingOf({ value, slot }: FigureValue, doubtful = slot.confidence !== undefined && slot.confidence < LOW_CONFIDENCE): FigureReading {
  return { value, raw: slot.raw, doubtful, unread: isUnread(slot) };
}

/** Applies the policy to mapped figures (not changed: the caller leaves `nulled` out). */
export function applyConfidencePolicy(template: TemplateId, values: ReadonlyMap<string, FigureValue>): ConfidenceOutcome {
  const nulled = new Set<string>();
  const warnings: string[] = [];
  const recognised = [...values].filter(([, figure]) => figure.slot.confidence !== undefined);
  if (recognised.length === 0) return { summary: null, nulled, warnings };

  const confirmed = confirmedPaths(template, readingsOf(values));
  let confirmedCount = 0;
  for (const [path, { slot }] of recognised) {
    if (confirmed.has(path)) {
      confirmedCount++;
      continue;
    }
    if (slot.confidence! >= LOW_CONFIDENCE) continue;
    nulled.add(path);
    warnings.push(`${path} (table ${slot.table} row ${slot.row + 1} col ${slot.col + 1}): read "${slot.raw}" with confidence ${slot.confidence!.toFixed(2)} and no check confirms it; left null`);
  }
  return { summary: { figures: recognised.length, confirmed: confirmedCount, nulled: nulled.size }, nulled, warnings };
}
