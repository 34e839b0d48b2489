/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core. It renders,
 * its counts match the scan, every filter and the search change what is visible as expected, hostile
 * markup stays text, it makes no network request and logs no console error; the JUnit report goes through
 * the browser's XML parser. A full-page screenshot is kept
 * as a test artefact in `tests/artifacts/html-report.png` (git-ignored).
 *
 * Without `/usr/bin/chromium` (or `PYWARD_CHROMIUM`) the test is skipped with a message, unless `CI` is
 * set: CI installs Chromium (`.ci/run`) and must run it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { renderHtml } from "../../src/report/html.js";
import { renderJunit } from "../../src/report/junit.js";
import type { ScanResult } from "../../src/engine/run.js";
import { PRACTICES } from "../../src/engine/finding.js";
import { HOSTILE, removeProject, sampleProject, withHostileFinding } from "./project.js";

const CHROMIUM = process.env.PYWARD_CHROMIUM ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI);
if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`[pyward tests] ${CHROMIUM} not found: the HTML report browser test is skipped (apt-get install chromium; CI always runs it)`);
}
const ARTIFACTS = path.resolve(__dirname, "../artifacts");

/** The little of the DOM the page-side callbacks use (the project compiles without the DOM library). */
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
  offsetParent?: unknown;
  open?: boolean;
}
/** The page's global object, as far as these callbacks use it. */
interface PageWindow {
  __pwned?: number;
  DOMParser: new () => { parseFromString(text: string, type: string): { getElementsByTagName(tag: string): ArrayLike<PageElement> } };
  history: { replaceState(state: null, title: string, url: string): void };
  location: { pathname: string };
  scrollTo(x: number, y: number): void;
}

/** Chromium flags for this closed-network machine (see the project's machine notes). */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)("HTML report in Chromium", () => {
  let root = "";
  let profile = "";
  let result: ScanResult;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const network: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI is set but ${CHROMIUM} is missing: .ci/run must install chromium`);
    const project = await sampleProject();
    root = project.root;
    result = withHostileFinding(project.result);
    const file = path.join(root, "report.html");
    fs.writeFileSync(file, renderHtml(result));
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-chromium-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) network.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    if (root) removeProject(root);
  });

  const visible = (): Promise<{ code: string; severity: string; practice: string; text: string }[]> =>
    page.$$eval("article.finding", (els) =>
      els
        .filter((el) => (el as unknown as PageElement).offsetParent !== null)
        .map((el) => ({
          code: el.getAttribute("data-rule") ?? "",
          severity: el.getAttribute("data-severity") ?? "",
          practice: el.getAttribute("data-practice") ?? "",
          text: el.textContent ?? "",
        })),
    );
  const visibleFiles = (): Promise<string[]> =>
    page.$$eval("section.file", (els) => els.filter((el) => (el as unknown as PageElement).offsetParent !== null).map((el) => el.getAttribute("data-file") ?? ""));
  const shownText = (): Promise<string> => page.locator("#shown").innerText();

  it("renders the summary with counts that match the scan", async () => {
    const n = result.findings.length;
    expect(await page.title()).toBe(`pyward report: ${n} findings`);
    expect(await page.locator("#filters").isVisible()).toBe(true);
    const card = async (k: string): Promise<number> => Number(await page.locator(`[data-count="${k}"] b`).innerText());
    expect(await card("total")).toBe(n);
    for (const s of ["high", "medium", "low"] as const) expect(await card(s)).toBe(result.findings.filter((f) => f.severity === s).length);
    expect(await card("files")).toBe(new Set(result.findings.map((f) => f.path)).size);
    for (const p of PRACTICES) {
      const cells = await page.locator(`#counts tr[data-practice="${p}"] td`).allInnerTexts();
      const mine = result.findings.filter((f) => f.practice === p);
      expect(cells.slice(1).map(Number), p).toEqual([
        mine.filter((f) => f.severity === "high").length,
        mine.filter((f) => f.severity === "medium").length,
        mine.filter((f) => f.severity === "low").length,
        mine.length,
      ]);
    }
    expect(await page.locator(".chart svg g.bar").count()).toBe(PRACTICES.length);
    expect((await visible()).length).toBe(n);
    expect(await shownText()).toBe(`${n} of ${n} findings shown`);
  });

  it("shows code excerpts, taint paths and hostile text as text", async () => {
    const sql = page.locator('article[data-rule="PW250"]');
    expect(await sql.locator("pre.code mark").innerText()).toBe("conn.execute(query)");
    expect(await sql.locator(".flow li").allInnerTexts()).toEqual([
      "source: request.args app/views.py:10:12",
      "assigned to name app/views.py:10:5",
      "assigned to query app/views.py:11:5",
      "sink: execute app/views.py:13:16",
    ]);
    const hostile = page.locator("article.finding", { hasText: "hostile message" });
    expect(await hostile.locator(".msg").innerText()).toBe(`hostile message ${HOSTILE}`);
    expect(await page.evaluate(() => (globalThis as unknown as PageWindow).__pwned)).toBeUndefined();
    expect(await page.locator("article.finding img, article.finding script").count()).toBe(0);
    expect(await page.locator('article[data-rule="PW101"] .pkg').innerText()).toMatch(/requests 2\.19\.1 · fixed in 2\.20\.0 · advisories: PYSEC-0000-TEST/);
  });

  it("filters by severity", async () => {
    await page.locator('input[name=sev][value="high"]').uncheck();
    const shown = await visible();
    expect(shown.length).toBe(result.findings.filter((f) => f.severity !== "high").length);
    expect(shown.every((f) => f.severity !== "high")).toBe(true);
    // app/views.py holds only high findings: its section disappears
    expect(await visibleFiles()).not.toContain("app/views.py");
    await page.locator('input[name=sev][value="medium"]').uncheck();
    await page.locator('input[name=sev][value="low"]').uncheck();
    expect(await visible()).toEqual([]);
    expect(await page.locator("#none-match").isVisible()).toBe(true);
    await page.locator("#reset").click();
    expect((await visible()).length).toBe(result.findings.length);
    expect(await page.locator("#none-match").isVisible()).toBe(false);
  });

  it("filters by practice, by rule, and by the chart", async () => {
    await page.locator("#f-practice").selectOption("parameterized-queries");
    expect((await visible()).map((f) => f.code)).toEqual(["PW250"]);
    await page.locator("#f-practice").selectOption("");
    await page.locator("#f-rule").selectOption("PW301");
    const pw301 = await visible();
    expect(pw301.map((f) => f.code)).toEqual(["PW301", "PW301"]);
    await page.locator("#reset").click();
    expect(await page.locator(".chart g.live").count()).toBe(new Set(result.findings.map((f) => f.practice)).size);
    await page.locator('.chart g.live[data-practice="dependencies"]').click();
    expect(await page.locator("#f-practice").inputValue()).toBe("dependencies");
    expect((await visible()).map((f) => f.code)).toEqual(["PW101"]);
    await page.locator("#reset").click();
  });

  it("searches the findings' text, code and paths", async () => {
    await page.locator("#q").fill("shlex");
    expect((await visible()).map((f) => f.code)).toEqual(["PW251"]);
    await page.locator("#q").fill("conn.execute");
    expect((await visible()).map((f) => f.code)).toEqual(["PW250"]);
    await page.locator("#q").fill("request.args  subprocess");
    expect((await visible()).map((f) => f.code)).toEqual(["PW251"]);
    await page.locator("#q").fill("</script>");
    expect((await visible()).map((f) => f.code).sort()).toEqual(["PW202", "PW301"]);
    expect(await shownText()).toBe(`2 of ${result.findings.length} findings shown`);
    await page.locator("#q").fill("no such text anywhere");
    expect(await visible()).toEqual([]);
    await page.locator("#reset").click();
    expect(await page.locator("#q").inputValue()).toBe("");
  });

  it("links each finding to its rule's docs", async () => {
    const sql = page.locator('article[data-rule="PW250"]');
    expect(await sql.locator('.links a[href^="docs/"]').count()).toBe(0);
    await sql.locator('.links a[href="#rule-PW250"]').click();
    const details = page.locator("details#rule-PW250");
    expect(await details.evaluate((el) => (el as unknown as PageElement).open)).toBe(true);
    expect(await details.innerText()).toMatch(/Why is this bad\?/);
    await page.evaluate(() => (globalThis as unknown as PageWindow).scrollTo(0, 0));
  });

  it("parses the JUnit report with the browser's XML parser, hostile text intact", async () => {
    const parsed = await page.evaluate((xml) => {
      const doc = new (globalThis as unknown as PageWindow).DOMParser().parseFromString(xml, "application/xml");
      const all = (tag: string): PageElement[] => Array.from(doc.getElementsByTagName(tag));
      return {
        errors: all("parsererror").length,
        suites: all("testsuite").map((e) => e.getAttribute("name")),
        cases: all("testcase").length,
        messages: all("failure").map((e) => e.getAttribute("message")),
        bodies: all("failure").map((e) => e.textContent),
      };
    }, renderJunit(result));
    expect(parsed.errors).toBe(0);
    expect(parsed.suites).toEqual([...new Set(result.findings.map((f) => f.path))]);
    expect(parsed.cases).toBe(result.findings.length);
    expect(parsed.messages).toEqual(result.findings.map((f) => f.message));
    expect(parsed.bodies.some((b) => b?.includes(`source: ${HOSTILE} at`))).toBe(true);
  });

  it("loads nothing from the network and logs no console error; keeps a screenshot", async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator("#reset").click();
    await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      w.history.replaceState(null, "", w.location.pathname);
    });
    await page.screenshot({ path: path.join(ARTIFACTS, "html-report.png"), fullPage: true });
    expect(network).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
