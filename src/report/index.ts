/**
 * Report formats: one renderer per format, all over the same {@link ScanResult}.
 */
import type { ScanResult } from "../engine/run.js";
import { renderJson } from "./json.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import { renderJunit } from "./junit.js";
import { renderGitlab, sourceDateEpoch } from "./gitlab.js";
import { renderGithub } from "./github.js";
import { renderHtml } from "./html.js";

/** Renderer options that some formats read. */
export interface RenderOptions {
  color?: boolean;
  /**
   * Scan start and end time, for the formats whose schema has one (gitlab). Default: the time
   * `SOURCE_DATE_EPOCH` gives, else the epoch: reports hold no wall-clock time unless asked.
   */
  time?: { start: Date; end: Date };
}

/** The scan time a renderer writes: the one given, else `SOURCE_DATE_EPOCH`'s, else none. */
function scanTime(o: RenderOptions): { start: Date; end: Date } | undefined {
  if (o.time) return o.time;
  const t = sourceDateEpoch();
  return t ? { start: t, end: t } : undefined;
}

type Renderer = (result: ScanResult, options: RenderOptions) => string;

const RENDERERS: Record<string, Renderer> = {
  text: (r, o) => renderText(r, { color: o.color }),
  json: (r) => renderJson(r),
  sarif: (r) => renderSarif(r),
  junit: (r) => renderJunit(r),
  gitlab: (r, o) => renderGitlab(r, { time: scanTime(o) }),
  github: (r) => renderGithub(r),
  html: (r) => renderHtml(r),
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
