/** `markerEnvironment`: which parts of the marker environment come from options, this machine, or the default. */
import { describe, expect, it } from "vitest";
import { markerEnvironment } from "../../src/cli/commands/audit.js";
import { defaultEnvironment, environmentFor, environmentNote, type DetectedEnvironment } from "../../src/deps/markers.js";
import { auditForCheck } from "../../src/deps/audit.js";

const local310: DetectedEnvironment = { env: { ...environmentFor({ python: "3.10.4", platform: "darwin" }), platform_release: "23.1" }, source: "local" };
const timedOut: DetectedEnvironment = { env: defaultEnvironment(), source: "default", reason: "python3 did not answer within 20 s" };

describe("markerEnvironment", () => {
  it("--platform alone keeps the local Python version", () => {
    const r = markerEnvironment({ platform: "linux" }, () => local310);
    expect([r.env.python_version, r.env.python_full_version, r.env.sys_platform, r.env.platform_system, r.env.os_name]).toEqual(["3.10", "3.10.4", "linux", "Linux", "posix"]);
    expect(r.label).toBe("Python 3.10 on linux (Python version of the local python3)");
    expect(r.note).toBeUndefined();
    const win = markerEnvironment({ platform: "win32" }, () => local310);
    expect([win.env.python_version, win.env.sys_platform, win.env.os_name]).toEqual(["3.10", "win32", "nt"]);
  });

  it("neither option: the local interpreter as it is", () => {
    const r = markerEnvironment({}, () => local310);
    expect(r.env).toEqual(local310.env);
    expect(r.label).toBe("Python 3.10 on darwin (local python3)");
    expect(r.note).toBeUndefined();
    expect(environmentNote(r.env)).toBeUndefined();
  });

  it("--python-version alone never asks the interpreter", () => {
    const r = markerEnvironment({ pythonVersion: "3.9" }, () => {
      throw new Error("must not be called");
    });
    expect(r.env.python_version).toBe("3.9");
    expect(r.note).toBeUndefined();
  });

  it("says so in one line when the default is used instead of the local interpreter", () => {
    const r = markerEnvironment({}, () => timedOut);
    expect(r.env.python_version).toBe("3.12");
    expect(r.note).toBe(
      "environment markers are evaluated for the default Python 3.12 on linux, not the local interpreter: python3 did not answer within 20 s; pass --python-version to choose the target",
    );
    expect(r.label).toBe("Python 3.12 on linux (default environment; python3 did not answer within 20 s)");
    expect(environmentNote(r.env)).toBe(r.note);
    const p = markerEnvironment({ platform: "darwin" }, () => timedOut);
    expect(p.note).toBe(
      "environment markers are evaluated for the default Python 3.12, not the local interpreter: python3 did not answer within 20 s; pass --python-version to choose the target",
    );
    // the audit inside `pyward check` receives only the environment, and reports the note
    const out = auditForCheck([], [], { environment: r.env, cacheDir: "/nonexistent-pyward-cache" });
    expect(out.notes).toContain(r.note);
  });
});
