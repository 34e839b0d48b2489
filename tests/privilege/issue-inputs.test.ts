/**
 * Issue 8's small inputs for items 1 and 3 (missing authorization, IDOR), each run as a small project so the
 * project-wide phase sees the models, views and settings together.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Writes `files` into a fresh folder, scans it with PW640/PW641 and returns `path:line:code` of each finding. */
async function run(files: Record<string, string>): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-authz-"));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const result = await scan([dir], { cwd: dir, select: ["PW640", "PW641"], audit: false });
  expect(result.errors).toEqual([]);
  return result.findings.map((f) => `${f.path}:${f.line}:${f.code}`).sort();
}

const MODELS = `from django.conf import settings
from django.db import models


class Invoice(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    total = models.DecimalField(max_digits=10, decimal_places=2)
`;

describe("issue 8: missing authorization and IDOR", () => {
  it("1. in one Django views.py, `@login_required edit_profile` is clean and `close_account` is flagged", async () => {
    const views = `from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


@login_required
def edit_profile(request):
    request.user.first_name = request.POST.get("first_name", "")
    request.user.save()
    return render(request, "profile.html")


def close_account(request):
    request.user.delete()
    return redirect("/")
`;
    expect(await run({ "accounts/views.py": views })).toEqual(["accounts/views.py:12:PW640"]);
    // guarded, it is clean
    expect(await run({ "accounts/views.py": views.replace("\ndef close_account", "\n@login_required\ndef close_account") })).toEqual([]);
  });

  it("1b. the finding is high confidence when a sibling view is guarded", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-authz-"));
    dirs.push(dir);
    fs.writeFileSync(
      path.join(dir, "views.py"),
      "from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import redirect\n\n\n@login_required\ndef a(request):\n    request.user.save()\n\n\ndef b(request):\n    request.user.delete()\n    return redirect('/')\n",
    );
    const r = await scan([dir], { cwd: dir, select: ["PW640"], audit: false });
    expect(r.findings.map((f) => [f.line, f.confidence])).toEqual([[10, "high"]]);
  });

  it("5. `Invoice.objects.get(pk=request.GET[\"id\"])` with an `owner` ForeignKey in models.py is flagged; `owner=request.user` is clean", async () => {
    const views = (lookup: string): string => `from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from .models import Invoice


@login_required
def invoice(request):
    inv = ${lookup}
    return JsonResponse({"total": str(inv.total)})
`;
    const bad = await run({ "billing/__init__.py": "", "billing/models.py": MODELS, "billing/views.py": views('Invoice.objects.get(pk=request.GET["id"])') });
    expect(bad).toEqual(["billing/views.py:9:PW641"]);
    const good = await run({ "billing/__init__.py": "", "billing/models.py": MODELS, "billing/views.py": views('Invoice.objects.get(pk=request.GET["id"], owner=request.user)') });
    expect(good).toEqual([]);
  });
});
