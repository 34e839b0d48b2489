/**
 * PW328 points at a secret in a string literal without repeating it: no part of the value appears anywhere
 * in the finding (message, snippet, any other field), whatever the format, also when the secret spans lines.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";
import { looksRandom, shannonEntropy } from "../../src/rules/util/secret-formats.js";

const rules = ALL_RULES.filter((r) => r.meta.code === "PW328");

const BODY = [
  "GSU8po+799NksnRH9ucAUsdMlHUvTCQCyEZDz/TddJ8HyS5SUkCnD8zRA9a9SkpX",
  "z9w3QlY7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nhFyJfm5d",
  "i4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY+uCu3ZR1zTOlUcR64cXQLioDnkHIfxI",
];

/** [secret, what must never be printed (parts of the secret), source]. */
const CASES: [string, string[], string][] = [
  ["AWS access key id", ["AKIAUJZDE8GXD6NCF10E", "UJZDE8GXD6NCF10E"], 'client = boto3.client("s3", aws_access_key_id="AKIAUJZDE8GXD6NCF10E")\n'],
  ["GitHub token", ["ghp_pfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0Rlg", "pfJBd0Kh8oOOL8dK"], 'headers = {"Authorization": "token ghp_pfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0Rlg"}\n'],
  ["Slack token", ["KtHF4vUCsMehGAkWvj7FAc9Q"], 'client = WebClient("xoxb-99351819093-7865797543231-KtHF4vUCsMehGAkWvj7FAc9Q")\n'],
  ["Stripe key", ["eWJKY40uvSwMFLZDe1f8rESQ"], 'client = StripeClient(\n    "sk_live_eWJKY40uvSwMFLZDe1f8rESQ",\n)\n'],
  ["Google API key", ["ihN5KXSc7Tvo-hBKqFYY"], 'url = f"https://maps.googleapis.com/api?key=AIzaihN5KXSc7Tvo-hBKqFYY-kv5ZJr3J1TWDtk&q={q}"\n'],
  [
    "JWT",
    ["wtDDb_xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWt", "eyJzdWIiOiJzdmMtNDIi"],
    'send("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtNDIiLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE3MTcwMDAwMDB9.wtDDb_xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWt")\n',
  ],
  ["URL password", ["Xy7#kP2q"], 'SQLALCHEMY_DATABASE_URI = "postgresql://report:Xy7#kP2q@db.internal:5432/sales"\n'],
  [
    "private key over concatenated lines",
    BODY.map((l) => l.slice(8, 40)),
    `PEM = (\n    "-----BEGIN PRIVATE KEY-----\\n"\n${BODY.map((l) => `    "${l}\\n"\n`).join("")}    "-----END PRIVATE KEY-----\\n"\n)\n`,
  ],
  ["private key in a triple-quoted literal", BODY.map((l) => l.slice(8, 40)), `PEM = """-----BEGIN EC PRIVATE KEY-----\n${BODY.join("\n")}\n-----END EC PRIVATE KEY-----\n"""\n`],
  ["random key under a hinting name", ["b14028d512c9791e558e08baa7196b50"], 'KEY = "b14028d512c9791e558e08baa7196b50ac2f86702824c1c099724caf4941d407"\n'],
];

describe("PW328 secret-in-literal never discloses the value", () => {
  for (const [what, parts, source] of CASES) {
    it(`masks a ${what}`, async () => {
      const result = await checkSource(source, { rules, explicit: new Set(["PW328"]) }, "app/config.py");
      expect(result.errors).toEqual([]);
      const findings = result.findings.filter((f) => f.code === "PW328");
      expect(findings).toHaveLength(1);
      const serialised = JSON.stringify(findings);
      for (const part of parts) expect(serialised).not.toContain(part);
      expect(findings[0].snippet?.join("\n") ?? "").toMatch(/\*\*\*\*/);
    });
  }

  it("leaves literals PW303 reports to PW303", async () => {
    const source = 'GITHUB_TOKEN = "ghp_pfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0Rlg"\n';
    const result = await checkSource(source, { rules, explicit: new Set(["PW328"]) }, "app/config.py");
    expect(result.findings.filter((f) => f.code === "PW328")).toEqual([]);
  });

  it("tells random values from words and identifiers", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(looksRandom("kdfrUnW5gcF+Ha6ili8GjHEAD6/Wj9KfzjsQGMrb")).toBe(true);
    expect(looksRandom("Bearer kdfrUnW5gcF+Ha6ili8GjHEAD6/Wj9KfzjsQGMrb")).toBe(true);
    expect(looksRandom("b14028d512c9791e558e08baa7196b50ac2f86702824c1c099724caf4941d407")).toBe(true);
    for (const v of ["created_at_descending_order_2024", "3f2b6a9e-51c4-4d7e-9a8b-0c1d2e3f4a5b", "users:profile:v2", "b14028d512c9791e", "AKIAIOSFODNN7EXAMPLE"]) {
      expect(looksRandom(v), v).toBe(false);
    }
  });
});
