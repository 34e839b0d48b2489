/**
 * The progress line of long runs: `pyward: 120/1,790 files, 7 findings`, redrawn in place on standard
 * error and erased when the run ends. Only on a terminal and never with `--quiet`; short runs (under
 * {@link ProgressOptions.delayMs}) draw nothing at all.
 */

/** Where the line is drawn: a TTY stream. */
export interface ProgressStream {
  write(text: string): unknown;
  /** Terminal width; the line is cut to fit. */
  columns?: number;
}

/** Progress settings. */
export interface ProgressOptions {
  stream: ProgressStream;
  /** Draw nothing before the run has lasted this long (default 300 ms). */
  delayMs?: number;
  /** Redraw at most this often (default 100 ms). */
  intervalMs?: number;
  /** Clock (for tests). */
  now?: () => number;
}

/** `\r` + erase the line. */
const ERASE = "\r\u001b[2K";

/** A progress line. Call {@link Progress.update} after each file and {@link Progress.finish} at the end. */
export class Progress {
  private readonly started: number;
  private last = -Infinity;
  private drawn = false;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** Reports that `done` of `total` files are finished with `findings` findings so far; redraws when due. */
  update = (done: number, total: number, findings: number): void => {
    const t = this.now();
    if (t - this.started < (this.options.delayMs ?? 300)) return;
    if (t - this.last < (this.options.intervalMs ?? 100) && done < total) return;
    this.last = t;
    const n = (x: number): string => x.toLocaleString("en-US");
    let text = `pyward: ${n(done)}/${n(total)} files, ${n(findings)} finding${findings === 1 ? "" : "s"}`;
    const width = this.options.stream.columns;
    if (width && width > 1 && text.length >= width) text = text.slice(0, width - 1);
    this.options.stream.write(ERASE + text);
    this.drawn = true;
  };

  /** Erases the line if one was drawn. Safe to call more than once. */
  finish = (): void => {
    if (this.drawn) this.options.stream.write(ERASE);
    this.drawn = false;
  };
}

/** A progress line on `stream` when it is a terminal and the run is not quiet; otherwise undefined. */
export function progressFor(stream: NodeJS.WriteStream, quiet: boolean | undefined): Progress | undefined {
  if (quiet || stream.isTTY !== true) return undefined;
  return new Progress({ stream });
}
