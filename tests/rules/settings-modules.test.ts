/**
 * Rules that read Django settings decide by the module: `DEBUG = True` (PW411) matters in a settings module
 * for production, not in any module that happens to use the name, nor in test or development settings; a fast
 * password hasher first in `PASSWORD_HASHERS` (PW326) is fine in test settings.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";

async function codesFor(code: string, source: string, path: string): Promise<number[]> {
  const rules = ALL_RULES.filter((r) => r.meta.code === code);
  const result = await checkSource(source, { rules, explicit: new Set([code]) }, path);
  expect(result.errors).toEqual([]);
  return result.findings.filter((f) => f.code === code).map((f) => f.line);
}

describe("PW411 django-debug-enabled by module", () => {
  const source = "DEBUG = True\n";
  it.each([
    ["mysite/settings.py", [1]],
    ["mysite/settings/production.py", [1]],
    ["mysite/settings_prod.py", [1]],
    ["mysite/prod_settings.py", [1]],
    ["mysite/settings/dev.py", []],
    ["mysite/settings/local.py", []],
    ["mysite/local_settings.py", []],
    ["mysite/settings/test.py", []],
    ["mysite/views.py", []],
    ["tools/config.py", []],
  ])("%s", async (path, lines) => {
    expect(await codesFor("PW411", source, path)).toEqual(lines);
  });

  it("recognises a settings module by what it defines", async () => {
    expect(await codesFor("PW411", 'ROOT_URLCONF = "mysite.urls"\nDEBUG = True\n', "mysite/conf.py")).toEqual([2]);
  });
});

describe("PW326 django-weak-password-hasher by module", () => {
  const source = 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]\n';
  it.each([
    ["mysite/settings.py", [1]],
    ["mysite/settings/production.py", [1]],
    ["mysite/settings/test.py", []],
    ["mysite/test_settings.py", []],
    ["mysite/settings_ci.py", []],
  ])("%s", async (path, lines) => {
    expect(await codesFor("PW326", source, path)).toEqual(lines);
  });
});
