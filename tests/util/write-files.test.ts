/**
 * Replacing a file through a temporary one (util/fs.ts, used by report writing and `audit --fix`): the file a
 * symbolic link names is replaced and the link stays, a dangling link's target is created, the permission bits
 * of the replaced file are kept, a long name still works, and no name planted in the directory is written through.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/deps/advisories/store.js";
import { stageBeside, writeTarget } from "../../src/util/fs.js";
import { testDir } from "../helpers/temp.js";

/** The permission bits (all 12) of a file that had `mode` after {@link writeFileAtomic} replaced it. */
function modeAfterReplacing(mode: number): number {
  const f = path.join(testDir("pyward-write-mode-"), "requirements.txt");
  fs.writeFileSync(f, "old\n");
  fs.chmodSync(f, mode);
  writeFileAtomic(f, "new\n");
  expect(fs.readFileSync(f, "utf8")).toBe("new\n");
  expect(fs.readdirSync(path.dirname(f)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  return fs.statSync(f).mode & 0o7777;
}

describe("replacing a file", () => {
  it("follows symbolic links (dangling ones included) and keeps the links", () => {
    const d = testDir("pyward-write-links-");
    fs.mkdirSync(path.join(d, "shared"));
    fs.writeFileSync(path.join(d, "shared", "requirements.txt"), "jinja2==2.4.1\n");
    fs.symlinkSync("shared/requirements.txt", path.join(d, "requirements.txt"));
    fs.symlinkSync("shared/new.txt", path.join(d, "dangling.txt"));
    expect(writeTarget(path.join(d, "requirements.txt"))).toBe(fs.realpathSync(path.join(d, "shared", "requirements.txt")));
    writeFileAtomic(path.join(d, "requirements.txt"), "jinja2==2.11.3\n");
    writeFileAtomic(path.join(d, "dangling.txt"), "x\n");
    expect(fs.lstatSync(path.join(d, "requirements.txt")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(d, "shared", "requirements.txt"), "utf8")).toBe("jinja2==2.11.3\n");
    expect(fs.lstatSync(path.join(d, "dangling.txt")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(d, "shared", "new.txt"), "utf8")).toBe("x\n");
    fs.symlinkSync("loop_b", path.join(d, "loop_a"));
    fs.symlinkSync("loop_a", path.join(d, "loop_b"));
    expect(() => writeTarget(path.join(d, "loop_a"))).toThrow(/ELOOP/);
  });

  it("keeps the replaced file's permission bits, and works for a name near the 255-byte limit", () => {
    expect(modeAfterReplacing(0o600)).toBe(0o600);
    const d = testDir("pyward-write-long-");
    const long = path.join(d, `${"r".repeat(250)}.txt`);
    writeFileAtomic(long, "pin\n");
    expect(fs.readFileSync(long, "utf8")).toBe("pin\n");
    expect(fs.readdirSync(d).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("stages into a new file under a fresh random name, never through an existing one", () => {
    const d = testDir("pyward-write-planted-");
    const victim = path.join(d, "victim");
    fs.writeFileSync(victim, "original");
    const target = path.join(d, "report.json");
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const tmp = stageBeside(target, "data");
      expect(path.basename(tmp)).toMatch(/^\.pyward-[0-9a-f]{16}\.tmp$/);
      names.add(tmp);
      // plant a link under the name just used, as an attacker guessing it would: the next name differs
      fs.rmSync(tmp);
      fs.symlinkSync(victim, tmp);
    }
    expect(names.size).toBe(20);
    expect(fs.readFileSync(victim, "utf8")).toBe("original");
  });

  it("reads a link's `..` from the real place of its directory, as the kernel does", () => {
    const d = testDir("pyward-write-dotdot-");
    fs.mkdirSync(path.join(d, "real", "sub"), { recursive: true });
    fs.symlinkSync("real/sub", path.join(d, "dlink"));
    fs.writeFileSync(path.join(d, "real", "x.txt"), "django==1.0\n");
    fs.symlinkSync("../x.txt", path.join(d, "real", "sub", "requirements.txt"));
    fs.symlinkSync("../new.txt", path.join(d, "real", "sub", "dangling.txt"));
    expect(writeTarget(path.join(d, "dlink", "requirements.txt"))).toBe(fs.realpathSync(path.join(d, "real", "x.txt")));
    writeFileAtomic(path.join(d, "dlink", "requirements.txt"), "django==4.2\n");
    expect(fs.readFileSync(path.join(d, "real", "x.txt"), "utf8")).toBe("django==4.2\n");
    writeFileAtomic(path.join(d, "dlink", "dangling.txt"), "x\n");
    expect(fs.readFileSync(path.join(d, "real", "new.txt"), "utf8")).toBe("x\n");
    expect(fs.readdirSync(d).sort()).toEqual(["dlink", "real"]);
  });

  it("does not carry setuid, setgid or sticky bits over to the new file", () => {
    expect(modeAfterReplacing(0o6755)).toBe(0o755);
  });
});
