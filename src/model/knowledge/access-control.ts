/**
 * Access-control knowledge for the least-privilege rules (PW640–PW659): what guards a view in Django, Django
 * REST framework, Flask and FastAPI (decorators, mixins, permission classes, security dependencies, checks of the
 * current user in the body), which calls change state (ORM writes, HTTP methods), which views must stay public
 * (login, registration, password reset) and which model fields name an object's owner.
 *
 * Qualified names are as the semantic model spells them (`django.contrib.auth.decorators.login_required`).
 * Route decorators and handler base classes are not repeated here: they live in `frameworks/` (`ROUTES`,
 * `HANDLER_CLASSES`). Rules read these tables; teaching pyward a new guard means adding a row here.
 */

// ------------------------------------------------------------------------------------------------ Django

/** Decorators that require a signed-in user (or a permission, or a test on the user) before a Django view runs. */
export const DJANGO_GUARD_DECORATORS: ReadonlySet<string> = new Set([
  "django.contrib.auth.decorators.login_required",
  "django.contrib.auth.decorators.permission_required",
  "django.contrib.auth.decorators.user_passes_test",
  "django.contrib.admin.views.decorators.staff_member_required",
  "django.contrib.auth.decorators.staff_member_required",
  "django.contrib.admin.views.decorators.user_passes_test",
  // third-party and common project wrappers
  "braces.views.login_required",
  "rest_framework.decorators.permission_classes",
]);

/** Class-based view mixins that require a signed-in user or a permission (first base wins in Django's MRO). */
export const DJANGO_GUARD_MIXINS: ReadonlySet<string> = new Set([
  "django.contrib.auth.mixins.LoginRequiredMixin",
  "django.contrib.auth.mixins.PermissionRequiredMixin",
  "django.contrib.auth.mixins.UserPassesTestMixin",
  "django.contrib.auth.mixins.AccessMixin",
  "braces.views.LoginRequiredMixin",
  "braces.views.PermissionRequiredMixin",
  "braces.views.GroupRequiredMixin",
  "braces.views.SuperuserRequiredMixin",
  "braces.views.StaffuserRequiredMixin",
]);

/**
 * Helpers that wrap a view in a guard when the view is routed (`path("x/", login_required(views.x))`) or
 * decorate a class's `dispatch` (`method_decorator(login_required, name="dispatch")`).
 */
export const DJANGO_GUARD_WRAPPERS: ReadonlySet<string> = new Set([
  "django.contrib.auth.decorators.login_required",
  "django.contrib.auth.decorators.permission_required",
  "django.contrib.auth.decorators.user_passes_test",
  "django.contrib.admin.views.decorators.staff_member_required",
]);

/** `method_decorator`, which applies a function decorator (a guard) to a class-based view's method. */
export const DJANGO_METHOD_DECORATOR = "django.utils.decorators.method_decorator";

/** Functions that register a Django URL pattern: `path(route, view)`; their second argument is the view. */
export const DJANGO_URL_FUNCTIONS: ReadonlySet<string> = new Set([
  "django.urls.path",
  "django.urls.re_path",
  "django.conf.urls.url",
]);

/** Apps and middleware whose presence means a Django project authenticates users at all. */
export const DJANGO_AUTH_MARKERS: ReadonlySet<string> = new Set([
  "django.contrib.auth",
  "django.contrib.auth.middleware.AuthenticationMiddleware",
]);

// ------------------------------------------------------------------------------------------------ DRF

/** DRF permission classes that admit anyone: a view holding only these is unguarded. */
export const DRF_OPEN_PERMISSIONS: ReadonlySet<string> = new Set([
  "rest_framework.permissions.AllowAny",
]);

/**
 * DRF permission classes that guard writes (authentication, staff, model permissions); any project class deriving
 * from `BasePermission` counts as a guard too. `IsAuthenticatedOrReadOnly` guards every write method.
 */
export const DRF_GUARD_PERMISSIONS: ReadonlySet<string> = new Set([
  "rest_framework.permissions.IsAuthenticated",
  "rest_framework.permissions.IsAdminUser",
  "rest_framework.permissions.IsAuthenticatedOrReadOnly",
  "rest_framework.permissions.DjangoModelPermissions",
  "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
  "rest_framework.permissions.DjangoObjectPermissions",
  "rest_framework.permissions.BasePermission",
]);

/** Class attributes of a DRF view that set its permissions (and authentication). */
export const DRF_PERMISSION_ATTRIBUTES: ReadonlySet<string> = new Set(["permission_classes"]);

/** The DRF decorator that sets a function view's permission classes. */
export const DRF_PERMISSION_DECORATOR = "rest_framework.decorators.permission_classes";

/** The DRF decorator that makes a function an API view: `@api_view(["POST"])` names its HTTP methods. */
export const DRF_API_VIEW_DECORATOR = "rest_framework.decorators.api_view";

/** The DRF settings dictionary and its key for the default permission classes. */
export const DRF_SETTINGS_NAME = "REST_FRAMEWORK";
/** Key of {@link DRF_SETTINGS_NAME} holding the permission classes every view gets unless it sets its own. */
export const DRF_DEFAULT_PERMISSIONS_KEY = "DEFAULT_PERMISSION_CLASSES";
/** The app label whose presence in `INSTALLED_APPS` means DRF is used. */
export const DRF_APP = "rest_framework";

/**
 * DRF view and viewset bases, with the write methods each offers: a viewset deriving from `ModelViewSet` creates,
 * updates and destroys; `ReadOnlyModelViewSet` only lists and retrieves.
 */
export const DRF_VIEW_WRITES: Readonly<Record<string, readonly string[]>> = {
  "rest_framework.viewsets.ModelViewSet": ["create", "update", "partial_update", "destroy"],
  "rest_framework.viewsets.ReadOnlyModelViewSet": [],
  "rest_framework.viewsets.ViewSet": [],
  "rest_framework.viewsets.GenericViewSet": [],
  "rest_framework.viewsets.ViewSetMixin": [],
  "rest_framework.views.APIView": [],
  "rest_framework.generics.GenericAPIView": [],
  "rest_framework.generics.CreateAPIView": ["create"],
  "rest_framework.generics.ListCreateAPIView": ["create"],
  "rest_framework.generics.UpdateAPIView": ["update", "partial_update"],
  "rest_framework.generics.DestroyAPIView": ["destroy"],
  "rest_framework.generics.RetrieveUpdateAPIView": ["update", "partial_update"],
  "rest_framework.generics.RetrieveDestroyAPIView": ["destroy"],
  "rest_framework.generics.RetrieveUpdateDestroyAPIView": ["update", "partial_update", "destroy"],
  "rest_framework.generics.ListAPIView": [],
  "rest_framework.generics.RetrieveAPIView": [],
  "rest_framework.mixins.CreateModelMixin": ["create"],
  "rest_framework.mixins.UpdateModelMixin": ["update", "partial_update"],
  "rest_framework.mixins.DestroyModelMixin": ["destroy"],
};

// ------------------------------------------------------------------------------------------------ Flask

/** Flask decorators that require a signed-in user (flask_login, Flask-Security, Flask-JWT-Extended, Flask-HTTPAuth). */
export const FLASK_GUARD_DECORATORS: ReadonlySet<string> = new Set([
  "flask_login.login_required",
  "flask_login.utils.login_required",
  "flask_login.fresh_login_required",
  "flask_security.login_required",
  "flask_security.auth_required",
  "flask_security.roles_required",
  "flask_security.roles_accepted",
  "flask_security.permissions_required",
  "flask_security.decorators.auth_required",
  "flask_jwt_extended.jwt_required",
  "flask_jwt_extended.fresh_jwt_required",
  "flask_praetorian.auth_required",
  "flask_praetorian.roles_required",
]);

/** Flask-HTTPAuth objects whose `login_required` method is a guard (`auth = HTTPBasicAuth(); @auth.login_required`). */
export const FLASK_AUTH_OBJECTS: ReadonlySet<string> = new Set([
  "flask_httpauth.HTTPBasicAuth",
  "flask_httpauth.HTTPTokenAuth",
  "flask_httpauth.HTTPDigestAuth",
  "flask_httpauth.MultiAuth",
]);

/** Names that hold the current user in Flask (`current_user.is_authenticated` in a view's body is a guard). */
export const FLASK_CURRENT_USER: ReadonlySet<string> = new Set([
  "flask_login.current_user",
  "flask_login.utils.current_user",
  "flask_security.current_user",
  "flask_jwt_extended.get_jwt_identity",
  "flask_jwt_extended.current_user",
  "flask_jwt_extended.verify_jwt_in_request",
]);

/** Modules whose import means a Flask project authenticates users at all. */
export const FLASK_AUTH_MODULES: ReadonlySet<string> = new Set([
  "flask_login", "flask_security", "flask_jwt_extended", "flask_httpauth", "flask_praetorian", "flask_user",
]);

/** Blueprint/app hooks that run before every view of their blueprint: a guard there guards all of them. */
export const FLASK_BEFORE_REQUEST_HOOKS: ReadonlySet<string> = new Set(["before_request", "before_app_request"]);

// ------------------------------------------------------------------------------------------------ FastAPI

/** Calls that declare a FastAPI dependency (`Depends(get_current_user)`, `Security(oauth2, scopes=[…])`). */
export const FASTAPI_DEPENDS: ReadonlySet<string> = new Set(["fastapi.Depends", "fastapi.Security", "fastapi.params.Depends", "fastapi.params.Security"]);

/** Security schemes from `fastapi.security`: a dependency on one (directly or through a function) authenticates. */
export const FASTAPI_SECURITY_SCHEMES: ReadonlySet<string> = new Set([
  "fastapi.security.OAuth2PasswordBearer",
  "fastapi.security.OAuth2AuthorizationCodeBearer",
  "fastapi.security.OAuth2",
  "fastapi.security.HTTPBearer",
  "fastapi.security.HTTPBasic",
  "fastapi.security.HTTPDigest",
  "fastapi.security.APIKeyHeader",
  "fastapi.security.APIKeyCookie",
  "fastapi.security.APIKeyQuery",
  "fastapi.security.OpenIdConnect",
]);

/**
 * Name of a dependency function that authenticates or authorises, by convention (`get_current_user`,
 * `require_admin`, `verify_token`): a `Depends(...)` on such a function guards the route.
 */
export const FASTAPI_AUTH_DEPENDENCY_NAME = /(current_?user|current_?active|authenticat|authoriz|authoris|require_|verify_?(token|user|api|key|jwt)|check_?(perm|auth|admin|scope|user)|get_?user|active_?user|admin|token|api_?key|jwt|login|session_?user|permission|oauth|_scheme$|bearer|security)/i;

/** Route-registering types whose `dependencies=[Depends(...)]` argument guards every route under them. */
export const FASTAPI_ROUTERS: ReadonlySet<string> = new Set(["fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"]);

/** Modules whose import means a FastAPI project authenticates users at all. */
export const FASTAPI_AUTH_MODULES: ReadonlySet<string> = new Set(["fastapi.security", "fastapi_users", "fastapi_login", "fastapi_jwt_auth", "authx"]);

// ------------------------------------------------------------------------------------------------ State changes

/** HTTP methods that change state on the server (safe methods are GET, HEAD, OPTIONS). */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Route decorator methods that register state-changing handlers (`@app.post`, `@router.delete`). */
export const STATE_CHANGING_ROUTE_METHODS: ReadonlySet<string> = new Set(["post", "put", "patch", "delete"]);

/** Class-based view methods that handle state-changing HTTP methods or DRF write actions. */
export const STATE_CHANGING_VIEW_METHODS: ReadonlySet<string> = new Set([
  "post", "put", "patch", "delete", "create", "update", "partial_update", "destroy", "perform_create",
  "perform_update", "perform_destroy", "form_valid",
]);

/**
 * Methods that write through an ORM: Django model/queryset/manager, SQLAlchemy session, Peewee. A method call by
 * one of these names on anything but a plain dict/list marks the view as state-changing.
 */
export const ORM_WRITE_METHODS: ReadonlySet<string> = new Set([
  "save", "delete", "update", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create",
  "set_password", "add", "remove", "clear", "commit", "merge", "execute", "insert", "delete_instance",
]);

/** ORM write methods that are certain writes (not shared with dict/set/list): enough alone to call a view state-changing. */
export const ORM_CERTAIN_WRITES: ReadonlySet<string> = new Set([
  "save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "set_password", "commit",
  "delete_instance", "create_user", "create_superuser", "set_unusable_password",
]);

/** Django generic editing views: they write on POST. */
export const DJANGO_EDITING_VIEWS: ReadonlySet<string> = new Set([
  "django.views.generic.CreateView", "django.views.generic.UpdateView", "django.views.generic.DeleteView",
  "django.views.generic.FormView", "django.views.generic.edit.CreateView", "django.views.generic.edit.UpdateView",
  "django.views.generic.edit.DeleteView", "django.views.generic.edit.FormView",
]);

// ------------------------------------------------------------------------------------------------ Current user and public views

/**
 * Attribute paths of the current user that, read in a condition, guard a view: `request.user.is_authenticated`,
 * `request.user.has_perm("…")`, `current_user.is_admin`. Matched against the last attribute read on a user.
 */
export const USER_CHECK_ATTRIBUTES: ReadonlySet<string> = new Set([
  "is_authenticated", "is_anonymous", "is_active", "is_staff", "is_superuser", "has_perm", "has_perms",
  "has_module_perms", "is_admin", "has_role", "can", "groups", "check_permission", "has_permission",
]);

/** Functions that, called in a view's body, check the current user (raising or redirecting when it fails). */
export const USER_CHECK_CALLS: ReadonlySet<string> = new Set([
  "check_permission", "check_permissions", "check_object_permissions", "require_login", "require_user",
  "require_admin", "ensure_authenticated", "verify_jwt_in_request", "authorize", "authorise", "has_permission",
  "has_object_permission", "redirect_to_login", "permission_denied",
]);

/**
 * Phrases that make a view anonymous by purpose wherever they stand as whole words in its snake-case name
 * (`LoginView` → `login_view`, `login_for_access_token`, `flask_signup`, `password_reset_request`,
 * `send_reset_link`): signing in and out, signing up, password reset and forgotten passwords, account activation
 * and e-mail confirmation. Substrings do not count (`blogin` is not `login`).
 */
export const PUBLIC_VIEW_PHRASE = /(^|_)(log_?in|sign_?in|log_?out|sign_?out|sign_?up|password_reset|reset_password|forgot_password|password_forgot|reset_(link|mail|email)|activate_account|account_activation|verify_email|confirm_email|email_confirm(ation)?|email_verification)(_|$)/;

/**
 * Names that are anonymous by purpose only as the **whole** name, once {@link PUBLIC_VIEW_FILLER_PREFIX} and
 * {@link PUBLIC_VIEW_FILLER_SUFFIX} words are set aside (`quick_register_v2` → `register`, `RegisterViewSet` →
 * `register`): `register`, `registration`, `activate`, `health`, `healthz`, `healthcheck`/`health_check`, `ping`,
 * `readiness`, `liveness`, `webhook`, `webhook_receiver`, `<provider>_webhook`, `<provider>_webhook_receiver`,
 * `receive_<provider>_webhook`, `token`, `obtain_token`, `obtain_auth_token`, `token_obtain`, `token_obtain_pair`,
 * `token_refresh`, `refresh_token`, `oauth_callback`/`oauth2_callback`/`sso_callback`/`saml_callback`/
 * `openid_callback`, `csrf`, `contact`, `contact_us`, `subscribe`, `unsubscribe`, `newsletter_signup`.
 * So `register_device`, `ping_post`, `registration_export` are not public.
 */
export const PUBLIC_VIEW_NAME = /^(register|registration|activate|health|healthz|health_?check|ping|readiness|liveness|webhook|webhook_receiver|[a-z0-9]+_webhook|[a-z0-9]+_webhook_receiver|receive_[a-z0-9]+_webhook|token|obtain_(auth_)?token|token_obtain(_pair)?|token_refresh|refresh_token|(oauth2?|sso|saml|openid)_callback|csrf|contact|contact_us|subscribe|unsubscribe|newsletter_signup)$/;

/** Leading words set aside before {@link PUBLIC_VIEW_NAME} is matched (`user_registration`, `quick_register`). */
export const PUBLIC_VIEW_FILLER_PREFIX = /^(user|account|accounts|api|auth|quick|simple|ajax|web|do|handle|process)_/;

/** Trailing words set aside before {@link PUBLIC_VIEW_NAME} is matched (`register_view`, `health_v2`, `RegisterViewSet`). */
export const PUBLIC_VIEW_FILLER_SUFFIX = /_(view|views|viewset|view_set|set|api|api_view|page|endpoint|handler|form|full|plain|simple|basic|legacy|json|ajax|v\d+)$/;

/**
 * Leading verbs of a view name that manage something rather than serve an anonymous visitor: `delete_webhook`,
 * `revoke_token`, `delete_registration`, `update_subscribe…` are never public by name or route.
 */
export const MANAGEMENT_VERB_PREFIX = /^(delete|remove|destroy|create|add|update|edit|change|revoke|rotate|disable|enable|set|grant|ban|purge|archive|deactivate|close|cancel|transfer|approve|reject|assign|reset_(?!password)|regenerate)_/;

/**
 * URL routes that must stay public, matched against the route's **last literal segment**, or its last two joined
 * by `-` (`password/reset/` → `password-reset`), with `_` read as `-` and parameters (`<int:pk>`, `{id}`) skipped:
 * `webhooks/<int:pk>/delete/` ends in `delete` and is not public; `accounts/login/` ends in `login` and is.
 */
export const PUBLIC_ROUTE_SEGMENT = /^(log-?in|sign-?in|log-?out|sign-?out|sign-?up|register|registration|password-reset(-confirm|-done|-complete)?|reset-password|forgot-password|password-forgot|activate|activate-account|verify-email|email-verify|confirm-email|email-confirm|health|healthz|healthcheck|health-check|ping|readiness|liveness|webhook|token|token-obtain|api-token-auth|token-refresh|oauth-callback|oauth2-callback)$/;

/** Django 5.1's middleware that requires a signed-in user on every view not marked {@link DJANGO_LOGIN_NOT_REQUIRED}. */
export const DJANGO_LOGIN_REQUIRED_MIDDLEWARE = "django.contrib.auth.middleware.LoginRequiredMiddleware";

/** The decorator that opens one view under {@link DJANGO_LOGIN_REQUIRED_MIDDLEWARE}. */
export const DJANGO_LOGIN_NOT_REQUIRED = "django.contrib.auth.decorators.login_not_required";

/**
 * Text of a guard that admits only privileged callers (staff, superusers, admins, holders of a model permission):
 * such a view may reach any user's object, so an id lookup in it is not an insecure direct object reference.
 */
export const PRIVILEGED_GUARD = /staff|superuser|admin|permission_required|PermissionRequired|has_perms?\(|DjangoModelPermissions|DjangoObjectPermissions|roles?_required|roles_accepted|has_role|GroupRequired/i;

// ------------------------------------------------------------------------------------------------ Ownership (IDOR)

/**
 * Model field names that tie an object to the user who owns it (`owner = models.ForeignKey(User, …)`): a lookup
 * of such a model by a request-supplied id must also filter on the current user.
 */
export const OWNER_FIELD_NAMES: ReadonlySet<string> = new Set([
  "owner", "user", "author", "created_by", "creator", "account", "customer", "member", "profile", "tenant",
  "organization", "organisation", "uploaded_by", "owned_by", "patient", "client", "buyer", "seller",
]);

/**
 * Owner fields that record who wrote an object rather than who may see it (`Post.author`): an object reached by id in
 * a view with no sign-in at all is public content by design when this is its only owner field.
 */
export const AUTHORSHIP_FIELD_NAMES: ReadonlySet<string> = new Set(["author", "creator", "created_by", "uploaded_by"]);

/** Field constructors that hold a reference to another model (Django, SQLAlchemy, Peewee, Tortoise). */
export const RELATION_FIELD_CALLS: ReadonlySet<string> = new Set([
  "django.db.models.ForeignKey", "django.db.models.OneToOneField", "django.db.models.ManyToManyField",
  "django.db.models.fields.related.ForeignKey", "django.db.models.fields.related.OneToOneField",
  "sqlalchemy.ForeignKey", "sqlalchemy.schema.ForeignKey", "sqlalchemy.orm.relationship",
  "peewee.ForeignKeyField", "tortoise.fields.ForeignKeyField",
]);

/** Django manager/queryset methods that fetch objects by field lookups (`get(pk=…)`, `filter(id=…)`). */
export const DJANGO_LOOKUP_METHODS: ReadonlySet<string> = new Set(["get", "filter", "get_or_none", "first", "exclude"]);

/** Shortcut functions that fetch one object by lookups: `get_object_or_404(Model, pk=…)`. */
export const DJANGO_LOOKUP_SHORTCUTS: ReadonlySet<string> = new Set([
  "django.shortcuts.get_object_or_404", "django.shortcuts.get_list_or_404", "rest_framework.generics.get_object_or_404",
]);

/** Keyword lookups that pick an object by its identity (`pk=`, `id=`, `uuid=`, `slug=`, `id__exact=`). */
export const ID_LOOKUP_KEYWORDS = /^(pk|id|uuid|slug|number|code|[a-z_]*_id)(__exact|__iexact)?$/;

/** SQLAlchemy/Flask-SQLAlchemy calls that fetch by primary key: `session.get(Model, id)`, `Model.query.get(id)`. */
export const SQLA_GET_METHODS: ReadonlySet<string> = new Set(["get", "get_or_404", "filter_by", "first_or_404"]);

// ------------------------------------------------------------------------------------------------ Heuristics

/**
 * Last name of a project-defined or third-party decorator that guards a view (`@admin_required`,
 * `@requires_auth`, `@token_required`, `@roles_required("admin")`): matched when the qualified name is unknown.
 */
export const GUARD_DECORATOR_NAME = /^(login_required|fresh_login_required|permission_required|permissions_required|user_passes_test|staff_member_required|superuser_required|staff_required|admin_required|auth_required|requires_auth|require_auth|requires_login|require_login|require_user|token_required|jwt_required|api_key_required|roles_required|roles_accepted|role_required|requires_roles?|requires_permissions?|require_permissions?|has_permission|permission_classes|authenticated|authenticated_only|is_authenticated|must_be_logged_in|verified_required)$/;

/** Exceptions whose raise in a view's body means the view checks who is calling (it denies otherwise). */
export const DENIAL_EXCEPTIONS: ReadonlySet<string> = new Set([
  "PermissionDenied", "NotAuthenticated", "AuthenticationFailed", "Forbidden", "Unauthorized", "HttpResponseForbidden",
]);

/** HTTP statuses that deny access: `abort(403)`, `HTTPException(status_code=401)`, `HttpResponseForbidden`. */
export const DENIAL_STATUSES: ReadonlySet<number> = new Set([401, 403]);

/** Calls outside the ORM that change state on the server: files removed or moved, commands run. */
export const STATE_CHANGING_CALLS: ReadonlySet<string> = new Set([
  "os.remove", "os.unlink", "os.rename", "os.replace", "os.rmdir", "os.removedirs", "os.system", "os.popen",
  "shutil.rmtree", "shutil.move", "shutil.copy", "shutil.copyfile", "subprocess.run", "subprocess.call",
  "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
]);

/** Django decorators that restrict a function view to given HTTP methods (`require_POST`, `require_http_methods([...])`). */
export const DJANGO_METHOD_DECORATORS: Readonly<Record<string, readonly string[] | "arg">> = {
  "django.views.decorators.http.require_POST": ["POST"],
  "django.views.decorators.http.require_GET": ["GET"],
  "django.views.decorators.http.require_safe": ["GET", "HEAD"],
  "django.views.decorators.http.require_http_methods": "arg",
};
