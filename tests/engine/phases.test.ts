import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";
import { defineRule, type Rule, type RuleContext } from "../../src/rules/types.js";
import type { Node } from "../../src/parse/parser.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-phases-"));
  fs.mkdirSync(path.join(dir, "pkg"));
  fs.writeFileSync(path.join(dir, "pkg", "a.py"), "import flask\nroute_a = 1\n");
  fs.writeFileSync(path.join(dir, "pkg", "b.py"), "import yaml.loader\nroute_b = 2  # nosec\nroute_c = 3\n");
  fs.writeFileSync(path.join(dir, "pkg", "page.html"), "<p>{{ name|safe }}</p>\n<p>{{ x|safe }}</p> {# nosec #}\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const docs = { what: "test rule for the engine phases", why: "exercises the engine's phases in tests", bad: "x", good: "y", references: [] };

const projectRule: Rule = defineRule({
  meta: { code: "PW990", name: "test-project", practice: "other", cwe: [], severity: "low", confidence: "high", aliases: [], docs },
  create: (ctx) => ({
    assignment(node) {
      const name = node.childForFieldName("left")?.text ?? "";
      if (name.startsWith("route_")) ctx.record(node, { name });
    },
  }),
  checkProject(facts, reporter) {
    // report the last fact, naming how many there were in all files
    const last = facts[facts.length - 1];
    if (last) reporter.report(last, `${facts.length} routes: ${facts.map((f) => (f.data as { name: string }).name).join(",")}`);
    const suppressed = facts.find((f) => (f.data as { name: string }).name === "route_b");
    if (suppressed) reporter.report(suppressed, "suppressed by nosec");
  },
});

const templateRule: Rule = defineRule({
  meta: { code: "PW991", name: "test-template", practice: "output-escaping", cwe: [79], severity: "medium", confidence: "high", aliases: [], fileKind: "template", docs },
  create: () => ({}),
  checkTemplate(ctx) {
    for (const m of ctx.file.text.matchAll(/\|\s*safe\b/g)) ctx.report({ start: m.index!, end: m.index! + m[0].length }, "safe filter");
  },
});

/** Handlers shared on one channel by two rules: counts how often each runs, records one fact per assignment. */
let sharedRuns = 0;
const sharedRoutes = (ctx: RuleContext) => ({
  handlers: {
    assignment(node: Node) {
      sharedRuns++;
      const name = node.childForFieldName("left")?.text ?? "";
      if (name.startsWith("route_")) ctx.record(node, { name });
    },
  },
});
const channelRule = (code: string, own: boolean): Rule =>
  defineRule({
    meta: { code, name: `test-channel-${code}`, practice: "other", cwe: [], severity: "low", confidence: "high", aliases: [], docs },
    create: (ctx) => {
      const { handlers } = ctx.shared("test-routes", sharedRoutes);
      // the second rule adds a fact of its own beside the shared ones
      return own ? { ...handlers, import_statement: (node) => ctx.record(node, { name: "own" }) } : handlers;
    },
    factChannels: ["test-routes"],
    checkProject(facts, reporter) {
      if (facts.length) reporter.report(facts[0], facts.map((f) => (f.data as { name: string }).name).join(","));
    },
  });

describe("engine phases", () => {
  it("runs handlers shared by two rules once per node and gives both rules the channel's facts once", async () => {
    sharedRuns = 0;
    const rules = [channelRule("PW992", false), channelRule("PW993", true)];
    const r = await scan([dir], { cwd: dir, catalog: rules, select: ["PW992", "PW993"], audit: false });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.code} ${f.message}`)).toEqual(["PW993 own,route_a,own,route_b,route_c", "PW992 route_a,route_b,route_c"]);
    expect(sharedRuns).toBe(3); // three assignments in all, each seen once although two rules registered the handler
  });

  it("shared handlers cannot report: the attempt is an internal error of the rule, not a crash", async () => {
    const rule = defineRule({
      meta: { code: "PW994", name: "test-channel-report", practice: "other", cwe: [], severity: "low", confidence: "high", aliases: [], docs },
      create: (ctx) => ctx.shared("test-report", (shared) => ({ handlers: { assignment: (node) => shared.report(node, "no") } })).handlers,
    });
    const r = await scan([dir], { cwd: dir, catalog: [rule], select: ["PW994"], audit: false });
    expect(r.findings).toEqual([]);
    expect(r.errors.some((e) => e.includes("PW994") && e.includes("cannot report"))).toBe(true);
  });

  it("runs project rules over facts from every file, honouring suppressions", async () => {
    const r = await scan([dir], { cwd: dir, catalog: [projectRule], select: ["PW990"] });
    expect(r.findings.map((f) => `${f.path}:${f.line} ${f.message}`)).toEqual(["pkg/b.py:3 3 routes: route_a,route_b,route_c"]);
    expect(r.imports).toEqual(["flask", "yaml"]);
  });

  it("runs template rules on template files, honouring {# nosec #}", async () => {
    const r = await scan([dir], { cwd: dir, catalog: [templateRule], select: ["PW991"] });
    expect(r.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.code}`)).toEqual(["pkg/page.html:1:11 PW991"]);
  });
});
