/**
 * PW303 must point at a hard-coded credential without repeating it: the secret value appears nowhere in
 * the finding (message or any other field), whatever form the credential takes.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";
import { judgeSecretValue } from "../../src/rules/util/secrets.js";

const rules = ALL_RULES.filter((r) => r.meta.code === "PW303");

const CASES: [string, string][] = [
  ["Winter2024!", 'DB = {"user": "svc_report", "password": "Winter2024!"}\n'],
  ["sk_live_4eC39HqLyjWDarjtT1zdp7dc", 'STRIPE_SECRET_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"\n'],
  ["hunter2hunter2", 'conn = connect(host="db", password="hunter2hunter2")\n'],
  ["admin", 'def login(user, password="admin"):\n    pass\n'],
  ["changeme", 'ADMIN_PASSWORD = "changeme"\n'],
  ["letmein-42", 'def ok(password):\n    return password == "letmein-42"\n'],
  ["k3y", 'config["api_key"] = "k3y"\n'],
  ["xoxb-2214-t0k3n-a9", 'client = Slack(token="xoxb-2214-t0k3n-a9")\n'],
];

describe("PW303 hardcoded-password never discloses the value", () => {
  for (const [secret, source] of CASES) {
    it(`masks a ${[...secret].length}-character secret`, async () => {
      const result = await checkSource(source, { rules, explicit: new Set(["PW303"]) }, "settings.py");
      expect(result.errors).toEqual([]);
      const findings = result.findings.filter((f) => f.code === "PW303");
      expect(findings).toHaveLength(1);
      const serialised = JSON.stringify(findings);
      expect(serialised).not.toContain(secret);
      expect(findings[0].message).toMatch(/\*\*\*/);
      expect(findings[0].snippet?.join("\n") ?? "").toMatch(/\*\*\*/);
    });
  }

  it("tells placeholders from secrets", () => {
    expect(judgeSecretValue("Winter2024!", "password")).toBe("secret");
    expect(judgeSecretValue("changeme", "password")).toBe("default");
    for (const v of ["", "  ", "password", "********", "<password>", "${DB_PASSWORD}", "$DB_PASSWORD", "{{ token }}", "your-api-key-here", "DB_PASSWORD", "X-Auth-Token", "Enter your password:", "/run/secrets/db.key", "None"]) {
      expect(judgeSecretValue(v, "db_password"), v).toBe("placeholder");
    }
    expect(judgeSecretValue("my-secret-key", "SECRET_KEY")).toBe("secret");
    // `token` is also a lexer's word: only generated-looking values count
    expect(judgeSecretValue("lambda", "token")).toBe("placeholder");
    expect(judgeSecretValue("@", "token")).toBe("placeholder");
    expect(judgeSecretValue("START_ELEMENT", "token")).toBe("placeholder");
    expect(judgeSecretValue("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "token")).toBe("secret");
  });
});
