import { test } from "vitest"; test("s", () => {
});
import { compileSource } from "../../src/deps/advisories/store.js";
import { matchVersion } from "../../src/deps/advisories/match.js";
const t = Date.now();
const c = compileSource("/work/shared/advisories/pypa-osv.json");
console.log("compiled", Date.now() - t, "ms", c.records, c.withdrawn, c.problems, c.db.size, c.db.names().length);
for (const v of matchVersion(c.db.lookup("Jinja2"), "2.4.1")) console.log(v.id, v.aliases, v.fixedIn, v.severity, v.score, v.summary.slice(0,60));
for (const [n, ver] of [["py","1.11.0"],["urllib3","1.26.4"],["django","2.2"],["pyyaml","5.3.1"],["steam","1.0"],["torch","1.13.0+cpu"]] as const) { const m = matchVersion(c.db.lookup(n), ver); console.log(n, ver, m.map(x=>x.id+"→"+x.fixedIn.join("|")+":"+x.severity).join(", ")); }
