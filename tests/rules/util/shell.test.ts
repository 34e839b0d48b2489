import { describe, expect, it } from "vitest";
import { basename, programIndex, simpleCommands } from "../../../src/rules/util/shell.js";
import { HOLE } from "../../../src/model/module.js";
import { ALL_RULES } from "../../../src/rules/index.js";
import { checkSource } from "../../helpers/fixtures.js";

const texts = (line: string): string[][] => simpleCommands(line).map((words) => words.map((w) => w.text));

describe("simpleCommands", () => {
  it("splits at separators and honours quotes, escapes and redirections", () => {
    expect(texts("cd /srv && tar czf out.tgz * ; echo 'a;b' | grep \"x y\"")).toEqual([
      ["cd", "/srv"],
      ["tar", "czf", "out.tgz", "*"],
      ["echo", "a;b"],
      ["grep", "x y"],
    ]);
    expect(texts("make 2>&1 >log.txt")).toEqual([["make", "2>&1", ">log.txt"]]);
    expect(texts("echo a\\ b")).toEqual([["echo", "a b"]]);
    expect(texts("(cd x) `uname`")).toEqual([["cd", "x"], ["uname"]]);
  });

  it("marks words that start with an unquoted glob, and words that vary", () => {
    const [words] = simpleCommands(`chmod 644 * "*" './*' ./* *.log [ab]* a* ${HOLE}.txt`);
    expect(words.map((w) => w.leadingGlob)).toEqual([false, false, true, false, false, false, true, true, false, false]);
    expect(words.map((w) => w.varies)).toEqual([false, false, false, false, false, false, false, false, false, true]);
  });

  it("finds the program behind assignments and wrappers", () => {
    const program = (line: string): string | undefined => {
      const [words] = simpleCommands(line);
      const i = programIndex(words);
      return i === undefined ? undefined : words[i].text;
    };
    expect(program("LANG=C sudo -u www nice -n 5 rsync -a")).toBe("rsync");
    expect(program("env -i PATH=/bin tar xf a")).toBe("tar");
    expect(program("timeout -s KILL 10s /usr/bin/tar")).toBe("/usr/bin/tar");
    expect(program("FOO=1")).toBeUndefined();
    expect(basename("/usr/bin/tar")).toBe("tar");
    expect(basename("C:\\tools\\tar.exe")).toBe("tar.exe");
  });

  it("copes with very long command lines", () => {
    const line = "tar cf x " + "a ".repeat(200_000);
    expect(simpleCommands(line)[0].length).toBeGreaterThan(1000);
  });
});

describe("process rules on deep and odd input", () => {
  it("do not overflow on deeply nested commands", async () => {
    const codes = new Set(["PW207", "PW208", "PW209", "PW210", "PW211", "PW212", "PW213", "PW214", "PW215", "PW216", "PW217", "PW503"]);
    const rules = ALL_RULES.filter((r) => codes.has(r.meta.code));
    const deep = "(".repeat(400) + "name" + ")".repeat(400);
    const concat = Array.from({ length: 3000 }, (_, i) => `"a${i} "`).join(" + ");
    const text = [
      "import os, subprocess, tarfile",
      `os.system(${deep})`,
      `subprocess.run(${concat} + x, shell=True)`,
      `subprocess.run([${deep}, "x"])`,
      `os.system("tar cf x " + ${concat} + " *")`,
      "",
    ].join("\n");
    const result = await checkSource(text, { rules, explicit: codes });
    expect(result.errors).toEqual([]);
  });
});
