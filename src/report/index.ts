/**
 * Report formats: one renderer per format, all over the same {@link ScanResult}.
 */
import type { ScanResult } from "../engine/run.js";
import { renderJson } from "./json.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";

/** Renderer options that some formats read. */
export interface RenderOptions {
  color?: boolean;
}

type Renderer = (result: ScanResult, options: RenderOptions) => string;

const RENDERERS: Record<string, Renderer> = {
  text: (r, o) => renderText(r, { color: o.color }),
  json: (r) => renderJson(r),
  sarif: (r) => renderSarif(r),
};

/** The format names `--format` accepts. */
export const REPORT_FORMATS: string[] = Object.keys(RENDERERS);

/**
 * Renders a report.
 * @throws Error for an unknown format (the CLI validates formats before scanning)
 */
export function renderReport(format: string, result: ScanResult, options: RenderOptions = {}): string {
  const r = RENDERERS[format];
  if (!r) throw new Error(`unknown report format '${format}'`);
  return r(result, options);
}
