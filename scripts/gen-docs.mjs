#!/usr/bin/env node
// Writes docs/rules/ from the rule catalogue (run `npm run docs`; tests/docs.test.ts checks it is up to date).
import fs from "node:fs";
import path from "node:path";
import { ALL_RULES } from "../dist/rules/index.js";
import { rulePages } from "../dist/docs/rule-pages.js";

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "docs", "rules");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const pages = rulePages(ALL_RULES);
for (const [name, text] of pages) fs.writeFileSync(path.join(dir, name), text);
console.log(`wrote ${pages.size} files to docs/rules/`);
