/**
 * Temporary directories for tests that scan small projects on disk: each is removed when the test that made it
 * ends, pass or fail, so a test run leaves nothing in the system's temporary directory.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";

/**
 * A fresh directory `<tmp>/<prefix>XXXXXX`, removed when the running test ends.
 * @throws Error when called outside a test (vitest's `onTestFinished` needs one): use it inside `it(...)`
 */
export function testDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
