/** The generated rule pages in docs/rules/ match the catalogue (regenerate with `npm run docs`). */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../src/rules/index.js";
import { rulePages } from "../src/docs/rule-pages.js";

const DIR = new URL("../docs/rules/", import.meta.url);

describe("docs/rules", () => {
  it("is up to date with the rule catalogue (run `npm run docs`)", () => {
    const pages = rulePages(ALL_RULES);
    const onDisk = fs.existsSync(DIR) ? fs.readdirSync(DIR).sort() : [];
    expect(onDisk).toEqual([...pages.keys()].sort());
    for (const [name, text] of pages) expect(fs.readFileSync(new URL(name, DIR), "utf8"), `docs/rules/${name} is stale`).toBe(text);
  });
});
