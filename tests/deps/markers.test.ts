import { describe, expect, it } from "vitest";
import {
  MarkerEvaluationError,
  MarkerSyntaxError,
  defaultEnvironment,
  detectLocalEnvironment,
  environmentFor,
  evaluateMarker,
  markerApplies,
  parseMarker,
} from "../../src/deps/markers.js";

const py311 = environmentFor({ python: "3.11" });
const linux312 = defaultEnvironment();
const win = environmentFor({ python: "3.9.7", platform: "win32" });
const mac = environmentFor({ python: "3.12.1", platform: "darwin" });

describe("parseMarker", () => {
  it("parses a comparison", () => {
    expect(parseMarker('python_version < "3.0"')).toEqual({
      type: "compare",
      left: { kind: "variable", name: "python_version" },
      op: "<",
      right: { kind: "string", value: "3.0" },
    });
  });

  it("gives and tighter binding than or, and honours parentheses", () => {
    const node = parseMarker('os_name == "nt" or sys_platform == "linux" and python_version >= "3.8"');
    expect(node.type).toBe("or");
    if (node.type !== "or") throw new Error();
    expect(node.items).toHaveLength(2);
    expect(node.items[1].type).toBe("and");
    const grouped = parseMarker('(os_name == "nt" or sys_platform == "linux") and python_version >= "3.8"');
    expect(grouped.type).toBe("and");
  });

  it("accepts single quotes, not in, and legacy dotted names", () => {
    expect(parseMarker("'win' not in sys_platform")).toMatchObject({ op: "not in" });
    expect(parseMarker("sys.platform == 'linux'")).toMatchObject({ left: { name: "sys_platform" } });
  });

  it.each([
    ['python_version < "3.0', /unterminated string/],
    ['pythonversion < "3.0"', /unknown marker variable "pythonversion"/],
    ['python_version "3.0"', /expected a comparison operator/],
    ['(python_version < "3.0"', /expected "\)"/],
    ['python_version < "3.0" and', /expected a marker variable or a quoted string at end of marker/],
    ['python_version < "3.0" "x"', /unexpected text/],
    ["", /empty marker/],
    ['python_version not "3"', /expected "in" after "not"/],
    ['python_version % "3"', /unexpected character "%"/],
  ])("rejects %j", (text, message) => {
    expect(() => parseMarker(text)).toThrow(MarkerSyntaxError);
    expect(() => parseMarker(text)).toThrow(message);
  });
});

describe("evaluateMarker", () => {
  it('PyYAML ; python_version < "3.0" is false on Python 3.11 (PEP 440, not string order)', () => {
    expect(evaluateMarker('python_version < "3.0"', py311)).toBe(false);
  });

  it("compares versions with PEP 440 semantics, where string order would be wrong", () => {
    // As strings, "3.11" < "3.9"; as versions it is not.
    expect(evaluateMarker('python_version >= "3.9"', py311)).toBe(true);
    expect(evaluateMarker('python_version < "3.9"', py311)).toBe(false);
    expect(evaluateMarker('python_full_version >= "3.11.0"', py311)).toBe(true);
    expect(evaluateMarker('python_full_version < "3.9.8"', win)).toBe(true);
    expect(evaluateMarker('python_version == "3.11"', py311)).toBe(true);
    expect(evaluateMarker('python_version == "3.*"', py311)).toBe(true);
    expect(evaluateMarker('python_version != "3.11.*"', py311)).toBe(false);
    expect(evaluateMarker('python_version ~= "3.10"', py311)).toBe(true);
    expect(evaluateMarker('python_version ~= "3.12"', py311)).toBe(false);
  });

  it("evaluates with the literal on the left", () => {
    expect(evaluateMarker('"3.0" > python_version', py311)).toBe(false);
    expect(evaluateMarker('"3.12" > python_version', py311)).toBe(true);
  });

  it("evaluates platform variables by string", () => {
    expect(evaluateMarker('sys_platform == "win32"', win)).toBe(true);
    expect(evaluateMarker('sys_platform == "win32"', linux312)).toBe(false);
    expect(evaluateMarker('platform_system == "Darwin"', mac)).toBe(true);
    expect(evaluateMarker('platform_machine == "arm64"', mac)).toBe(true);
    expect(evaluateMarker('os_name == "nt"', win)).toBe(true);
    expect(evaluateMarker('implementation_name == "cpython"', linux312)).toBe(true);
    expect(evaluateMarker('platform_python_implementation != "PyPy"', linux312)).toBe(true);
    expect(evaluateMarker('platform_python_implementation == "PyPy"', environmentFor({ implementation: "pypy" }))).toBe(true);
    expect(evaluateMarker('"linux" in sys_platform', linux312)).toBe(true);
    expect(evaluateMarker('"win" not in sys_platform', linux312)).toBe(true);
  });

  it("combines with and / or / parentheses", () => {
    const m = '(sys_platform == "win32" or sys_platform == "darwin") and python_version >= "3.8"';
    expect(evaluateMarker(m, win)).toBe(true);
    expect(evaluateMarker(m, mac)).toBe(true);
    expect(evaluateMarker(m, linux312)).toBe(false);
    expect(evaluateMarker('sys_platform == "linux" or python_version < "3"', linux312)).toBe(true);
    expect(evaluateMarker('sys_platform == "linux" and python_version < "3"', linux312)).toBe(false);
  });

  it("compares extra by normalised name against the extras being installed", () => {
    expect(evaluateMarker('extra == "socks"', py311)).toBe(false);
    expect(evaluateMarker('extra == "Socks_Proxy"', { ...py311, extras: ["socks-proxy"] })).toBe(true);
    expect(evaluateMarker('extra != "socks"', py311)).toBe(true);
    expect(() => evaluateMarker('extra < "a"', py311)).toThrow(MarkerEvaluationError);
  });

  it("supports PEP 751 dependency_groups and extras membership", () => {
    const env = { ...py311, dependency_groups: ["dev"], extras: ["cli"] };
    expect(evaluateMarker('"dev" in dependency_groups', env)).toBe(true);
    expect(evaluateMarker('"docs" in dependency_groups', env)).toBe(false);
    expect(evaluateMarker('"cli" in extras', env)).toBe(true);
    expect(evaluateMarker('"cli" not in extras', env)).toBe(false);
  });

  it("falls back to string comparison when a side is not a version", () => {
    const env = { ...linux312, platform_release: "5.15.0-1051-azure" };
    expect(evaluateMarker('platform_release == "5.15.0-1051-azure"', env)).toBe(true);
    expect(() => evaluateMarker('os_name ~= "posix"', linux312)).toThrow(MarkerEvaluationError);
  });
});

describe("markerApplies", () => {
  it("is true without a marker", () => {
    expect(markerApplies(undefined, py311)).toEqual({ applies: true });
    expect(markerApplies("  ", py311)).toEqual({ applies: true });
  });

  it("evaluates a marker", () => {
    expect(markerApplies('python_version < "3.0"', py311)).toEqual({ applies: false });
  });

  it("treats an unparsable marker as true and says why", () => {
    const out = markerApplies('python_version <<< "3"', py311);
    expect(out.applies).toBe(true);
    expect(out.error?.kind).toBe("syntax");
    expect(out.error?.message).toMatch(/column/);
  });

  it("treats a meaningless comparison as true and says why", () => {
    const out = markerApplies('os_name ~= "posix"', py311);
    expect(out).toMatchObject({ applies: true, error: { kind: "evaluation" } });
  });
});

describe("environments", () => {
  it("documents its default: CPython 3.12.0 on Linux x86_64", () => {
    expect(defaultEnvironment()).toEqual({
      python_version: "3.12",
      python_full_version: "3.12.0",
      os_name: "posix",
      sys_platform: "linux",
      platform_system: "Linux",
      platform_machine: "x86_64",
      platform_release: "",
      platform_version: "",
      platform_python_implementation: "CPython",
      implementation_name: "cpython",
      implementation_version: "3.12.0",
    });
  });

  it("builds targets from a Python version and platform", () => {
    expect(environmentFor({ python: "3.11" })).toMatchObject({ python_version: "3.11", python_full_version: "3.11.0" });
    expect(environmentFor({ python: "3.13.0rc2" })).toMatchObject({
      python_version: "3.13",
      python_full_version: "3.13.0rc2",
    });
    expect(win).toMatchObject({ os_name: "nt", sys_platform: "win32", platform_system: "Windows", platform_machine: "AMD64" });
    expect(() => environmentFor({ python: "three" })).toThrow(/not a Python version/);
  });

  it("reads the local interpreter through an injected runner, with -I -S and a timeout", () => {
    const calls: { command: string; args: string[]; timeout: number }[] = [];
    const reply = {
      python_version: "3.10",
      python_full_version: "3.10.4",
      os_name: "posix",
      sys_platform: "linux",
      platform_system: "Linux",
      platform_machine: "aarch64",
      platform_release: "6.1.0",
      platform_version: "#1 SMP",
      platform_python_implementation: "CPython",
      implementation_name: "cpython",
      implementation_version: "3.10.4",
    };
    const out = detectLocalEnvironment({
      run: (command, args, timeout) => {
        calls.push({ command, args, timeout });
        return JSON.stringify(reply) + "\n";
      },
    });
    expect(out).toEqual({ env: reply, source: "local" });
    expect(calls[0].command).toBe("python3");
    expect(calls[0].args.slice(0, 3)).toEqual(["-I", "-S", "-c"]);
    // generous: a pyenv shim or a loaded machine can take seconds to start Python
    expect(calls[0].timeout).toBe(20_000);
  });

  it("falls back to the default when python3 is missing, fails or answers nonsense", () => {
    const fail = (props: Record<string, unknown>) => () => {
      throw Object.assign(new Error("spawn python3 failed"), props);
    };
    const missing = detectLocalEnvironment({ run: fail({ code: "ENOENT" }) });
    expect(missing).toEqual({ env: defaultEnvironment(), source: "default", reason: "python3 was not found" });
    expect(detectLocalEnvironment({ run: fail({ code: "ETIMEDOUT", signal: "SIGTERM" }) }).reason).toBe("python3 did not answer within 20 s");
    expect(detectLocalEnvironment({ run: fail({ status: 3 }), python: "py" }).reason).toBe("py exited with status 3");
    expect(detectLocalEnvironment({ run: () => "not json" }).source).toBe("default");
    expect(detectLocalEnvironment({ run: () => '{"python_version": "3.10"}' }).reason).toBe("python3 gave an answer pyward could not read (probe did not report python_full_version)");
  });

  it("asks the real python3 when there is one (else the default)", () => {
    const out = detectLocalEnvironment({ timeoutMs: 10_000 });
    expect(["local", "default"]).toContain(out.source);
    expect(out.env.python_version).toMatch(/^\d+\.\d+$/);
    expect(out.env.python_full_version.startsWith(out.env.python_version)).toBe(true);
  });
});
