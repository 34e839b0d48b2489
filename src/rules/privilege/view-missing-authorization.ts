import { defineRule } from "../types.js";
import type { ViewFramework } from "../util/access-views.js";
import { isPublicView, ProjectViews, ACCESS_VIEWS_CHANNEL, sharedViewFacts } from "../util/access-project.js";

const FRAMEWORK_LABEL: Record<ViewFramework, string> = { django: "Django", drf: "Django REST framework", flask: "Flask", fastapi: "FastAPI" };

/** PW640: a state-changing view with no authentication or permission check. */
export default defineRule({
  meta: {
    code: "PW640",
    name: "view-missing-authorization",
    practice: "least-privilege",
    cwe: [862, 285],
    severity: "high",
    confidence: "medium",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A view of Django, Django REST framework, Flask or FastAPI that changes state with no guard. It changes " +
        "state when it writes through the ORM (`.save()`, `.delete()`, `.create()`, `.update()`, `create_user()`, " +
        "`create_superuser()`, `set_password()`), removes files or runs commands, is a DRF write viewset or a " +
        "Django editing view, defines a `post`/`put`/`patch`/`delete` handler, or accepts only unsafe HTTP methods " +
        "(`@require_POST`, `methods=[\"POST\"]`, `@router.delete`). A Django, Flask or DRF view that also answers " +
        "GET (`@require_http_methods([\"GET\", \"POST\"])`) must be seen writing: accepting a form post alone is " +
        "not a state change. Guards: `login_required`/`permission_required`/`user_passes_test`/" +
        "`staff_member_required`, `LoginRequiredMixin`-style mixins — also through the project's own base classes " +
        "and mixins in any module — Django 5.1's `LoginRequiredMiddleware` (views marked `@login_not_required` are " +
        "open again), DRF permission classes and `DEFAULT_PERMISSION_CLASSES`, flask_login guards, Flask " +
        "`before_request` hooks (`@bp.before_request` with a body check or a guard decorator, " +
        "`bp.before_request(login_required(lambda: None))`, `bp.before_request(check_admin)` when `check_admin` " +
        "checks the user), FastAPI security dependencies on the route, its router, `include_router(…, " +
        "dependencies=…)` or the app (`FastAPI(dependencies=[…])`), guards wrapped around the view in `urls.py`, " +
        "and checks of the current user in the body. A view that `urls.py` routes twice, once wrapped in a guard " +
        "and once not, is reported at the unguarded route. Reported only when the project uses that framework's " +
        "authentication somewhere; high confidence when sibling views are guarded. Views anonymous by purpose are " +
        "left alone, by whole name (not substring): a name holding the words login, log_in, signin, sign_in, logout, " +
        "log_out, signout, sign_out, signup, sign_up, password_reset, reset_password, forgot_password, " +
        "reset_link/reset_mail/reset_email, activate_account, account_activation, verify_email, confirm_email, " +
        "email_confirm(ation), email_verification; or a whole name (after a prefix user_/account_/api_/auth_/quick_… " +
        "and a suffix _view/_api/_page/_endpoint/_handler/_form/_v2… are set aside) of register, registration, " +
        "activate, health, healthz, healthcheck, ping, readiness, liveness, webhook, `<provider>_webhook`, " +
        "`<provider>_webhook_receiver`, token, obtain_(auth_)token, token_obtain(_pair), token_refresh, " +
        "refresh_token, oauth/sso/saml/openid_callback, csrf, contact(_us), (un)subscribe, newsletter_signup; or a " +
        "route whose last literal segment (or last two, joined) is one of login, logout, signin, signup, register, " +
        "registration, password-reset, reset-password, forgot-password, activate, verify-email, confirm-email, " +
        "health(z), healthcheck, ping, readiness, liveness, webhook, token, api-token-auth, token-refresh, " +
        "oauth-callback. A name starting with a management verb (delete_, remove_, create_, update_, revoke_, " +
        "rotate_, set_, grant_, …: `delete_webhook`, `revoke_token`, `delete_registration`) is never public.",
      why:
        "Least privilege for a web application means an anonymous visitor may only do what the site means the " +
        "public to do. A state-changing view without a guard hands its action — deleting an account, changing an " +
        "e-mail address, running a job — to anyone who can send the request; when the views around it are guarded, " +
        "the missing decorator is almost always an oversight.",
      bad:
        "from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import redirect\n\n" +
        "@login_required\ndef edit_profile(request):\n    ...\n\n" +
        "def close_account(request):\n    request.user.delete()\n    return redirect(\"/\")\n",
      good:
        "# Django: a decorator (or LoginRequiredMixin / a guarded project base class on class-based views)\n" +
        "from django.contrib.auth.decorators import login_required\nfrom django.views.decorators.http import require_POST\n\n" +
        "@require_POST\n@login_required\ndef close_account(request):\n    request.user.delete()\n    return redirect(\"/\")\n\n" +
        "# Django REST framework: deny by default, or per view\n" +
        "REST_FRAMEWORK = {\"DEFAULT_PERMISSION_CLASSES\": [\"rest_framework.permissions.IsAuthenticated\"]}\n\n" +
        "class InvoiceViewSet(viewsets.ModelViewSet):\n    permission_classes = [IsAuthenticated]\n\n" +
        "# Flask: flask_login on the view, or one before_request guard for the whole blueprint\n" +
        "from flask_login import login_required\n\n@bp.post(\"/account/close\")\n@login_required\n" +
        "def close_account():\n    db.session.delete(current_user)\n    db.session.commit()\n    return redirect(\"/\")\n\n" +
        "admin_bp.before_request(login_required(lambda: None))\n\n" +
        "# FastAPI: a security dependency on the route, its router or the app\n" +
        "@router.delete(\"/account\")\ndef close_account(user: User = Depends(get_current_user)):\n    ...\n\n" +
        "app = FastAPI(dependencies=[Depends(get_current_user)])\n",
      references: [
        "CWE-862",
        "CWE-285",
        "https://docs.djangoproject.com/en/stable/topics/auth/default/#limiting-access-to-logged-in-users",
        "https://www.django-rest-framework.org/api-guide/permissions/",
        "https://flask-login.readthedocs.io/en/latest/#protecting-views",
        "https://fastapi.tiangolo.com/tutorial/security/get-current-user/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    return sharedViewFacts(ctx).handlers;
  },
  factChannels: [ACCESS_VIEWS_CHANNEL],
  checkProject(facts, reporter) {
    const project = new ProjectViews(facts);
    for (const v of project.views) {
      const d = v.data;
      if (v.open || v.guard) continue;
      const changes = v.changes;
      if (!changes.length) continue;
      if (isPublicView(d.name, project.routesOf(v))) continue;
      if (d.byParameter && !project.isRouted(v)) continue;
      if (!project.uses(v.framework)) continue;
      const siblings = project.guardedSiblings(v);
      const what = d.methods ? "class-based view" : "view";
      const head = `${FRAMEWORK_LABEL[v.framework]} ${what} \`${d.name}\` changes state (${changes.slice(0, 3).join(", ")})`;
      if (v.unguardedRoutes.length) {
        // routed twice: once wrapped in a guard, once not — the open route is the hole
        for (const r of v.unguardedRoutes) {
          reporter.report(r, `${head} and is routed here with no guard, while another route wraps it in \`${v.wrappedBy}\`: wrap this route too (or guard the view itself)`, { confidence: "high" });
        }
        continue;
      }
      reporter.report(
        v.fact,
        `${head} but nothing checks who is calling: add ${guardHint(v.framework)}` + (siblings ? "; other views next to it are guarded" : ""),
        { confidence: siblings ? "high" : "medium" },
      );
    }
  },
});

/** What to add, per framework, in the message. */
function guardHint(fw: ViewFramework): string {
  switch (fw) {
    case "django":
      return "`@login_required` / `@permission_required` (or `LoginRequiredMixin`)";
    case "drf":
      return "`permission_classes = [IsAuthenticated]` (or a project-wide `DEFAULT_PERMISSION_CLASSES`)";
    case "flask":
      return "`@login_required` from flask_login (or a check of `current_user`)";
    case "fastapi":
      return "a security dependency (`Depends(get_current_user)`) on the route or its router";
  }
}
