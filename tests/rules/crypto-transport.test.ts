/**
 * The cryptography and TLS rules (PW304–PW313) beyond their fixtures: rule options, severities chosen per
 * finding, star-imported library names, the cipher-string reader, and deep expressions.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";
import { weakCipherEntries } from "../../src/rules/util/cipher-string.js";

/** Findings of one rule for `source`, with optional rule options. */
async function run(code: string, source: string, options?: Record<string, unknown>) {
  const rules = ALL_RULES.filter((r) => r.meta.code === code);
  const result = await checkSource(source, { rules, explicit: new Set([code]), ruleOptions: options ? { [code]: options } : undefined }, "app/mod.py");
  expect(result.errors).toEqual([]);
  return result.findings.filter((f) => f.code === code);
}

describe("PW309 weak-crypto-key options", () => {
  const source =
    "from cryptography.hazmat.primitives.asymmetric import rsa, ec\n" +
    "rsa.generate_private_key(65537, 2048)\n" +
    "rsa.generate_private_key(65537, 1024)\n" +
    "ec.generate_private_key(ec.SECP224R1())\n";

  it("uses 2048 bits and 224-bit curves by default", async () => {
    const found = await run("PW309", source);
    expect(found.map((f) => [f.line, f.severity])).toEqual([[3, "medium"]]);
  });

  it("honours minKeyBits and minCurveBits", async () => {
    const found = await run("PW309", source, { minKeyBits: 3072, minCurveBits: 256 });
    expect(found.map((f) => f.line)).toEqual([2, 3, 4]);
    expect(found[0].message).toMatch(/at least 3072 bits/);
  });

  it("ignores malformed options", async () => {
    const found = await run("PW309", source, { minKeyBits: "lots", minCurveBits: -1 });
    expect(found.map((f) => f.line)).toEqual([3]);
  });
});

describe("names behind star imports", () => {
  it("resolves the looked-for library only", async () => {
    const star = "from pysnmp.hlapi import *\nCommunityData('public')\n";
    expect((await run("PW311", star)).map((f) => f.line)).toEqual([2]);
    const other = "from mylib.snmp import *\nCommunityData('public')\n";
    expect(await run("PW311", other)).toEqual([]);
    const local = "from pysnmp.hlapi import *\ndef CommunityData(x):\n    return x\nCommunityData('public')\n";
    expect(await run("PW311", local)).toEqual([]);
  });

  it("reads star-imported cipher modules", async () => {
    const source = "from Crypto.Cipher import *\nDES.new(key, DES.MODE_CBC, iv)\nAES.new(key, AES.MODE_ECB)\n";
    expect((await run("PW304", source)).map((f) => f.line)).toEqual([2]);
    expect((await run("PW305", source)).map((f) => f.line)).toEqual([3]);
  });
});

describe("severity follows the weakness", () => {
  it("SSL 3.0 is high, TLS 1.0 medium", async () => {
    const found = await run("PW306", "import ssl\nssl.SSLContext(ssl.PROTOCOL_SSLv3)\nssl.SSLContext(ssl.PROTOCOL_TLSv1)\n");
    expect(found.map((f) => f.severity)).toEqual(["high", "medium"]);
  });

  it("RC4 is high, Triple DES medium", async () => {
    const found = await run("PW304", "from Crypto.Cipher import ARC4, DES3\nARC4.new(k)\nDES3.new(k, DES3.MODE_CBC, iv)\n");
    expect(found.map((f) => f.severity)).toEqual(["high", "medium"]);
  });
});

describe("weakCipherEntries", () => {
  it("finds weak entries and honours exclusions", () => {
    expect(weakCipherEntries("ECDHE+AESGCM:!aNULL").map((e) => e.entry)).toEqual([]);
    expect(weakCipherEntries("ALL:RC4-SHA:DES-CBC3-SHA").map((e) => [e.entry, e.severity])).toEqual([
      ["ALL", "medium"],
      ["RC4-SHA", "high"],
      ["DES-CBC3-SHA", "medium"],
    ]);
    expect(weakCipherEntries("ALL:!aNULL")).toEqual([]);
    expect(weakCipherEntries("EXP-RC4-MD5:!EXPORT")).toEqual([]);
    expect(weakCipherEntries("ADH-AES128-SHA:!aNULL")).toEqual([]);
    expect(weakCipherEntries("DEFAULT:@SECLEVEL=0").map((e) => e.entry)).toEqual(["@SECLEVEL=0"]);
    expect(weakCipherEntries("DEFAULT:@SECLEVEL=1")).toEqual([]);
    expect(weakCipherEntries("TLS_RSA_WITH_NULL_SHA256,TLS_AES_128_GCM_SHA256").map((e) => e.entry)).toEqual(["TLS_RSA_WITH_NULL_SHA256"]);
    expect(weakCipherEntries("+RC4:-DES")).toEqual([]);
  });
});

describe("deep expressions", () => {
  it("do not overflow the stack", async () => {
    const deep = `${"(".repeat(3000)}ssl.PROTOCOL_TLSv1${")".repeat(3000)}`;
    const attr = `x${".a".repeat(5000)}`;
    const source = `import ssl\nssl.SSLContext(${deep})\nctx.minimum_version = ${attr}\nctx.set_ciphers("RC4" + ${"x + ".repeat(2000)}"")\n`;
    for (const code of ["PW304", "PW305", "PW306", "PW307", "PW308", "PW309", "PW310", "PW311", "PW312", "PW313"]) {
      await run(code, source);
    }
  });
});

describe("confidence drops where the code may say otherwise", () => {
  it("ssl.wrap_socket with **kwargs, check_hostname on self", async () => {
    const wrap = await run("PW307", "import ssl\ndef w(sock, **kw):\n    return ssl.wrap_socket(sock, **kw)\n");
    expect(wrap.map((f) => f.confidence)).toEqual(["low"]);
    const own = await run("PW308", "class C:\n    def __init__(self):\n        self.check_hostname = False\n");
    expect(own.map((f) => f.confidence)).toEqual(["low"]);
    const unknown = await run("PW308", "def f(holder):\n    holder.context.check_hostname = False\n");
    expect(unknown.map((f) => f.confidence)).toEqual(["medium"]);
  });
});
