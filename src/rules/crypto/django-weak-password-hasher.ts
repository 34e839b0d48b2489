import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { DJANGO_MAKE_PASSWORD, DJANGO_WEAK_ALGORITHMS, DJANGO_WEAK_HASHERS } from "../../model/knowledge/password-hashing.js";
import { argAt, followName } from "../util/kdf.js";
import { settingContext, settingWrites, type SettingWrite } from "../util/framework-settings.js";

const SETTING = "PASSWORD_HASHERS";

const ADVICE =
  'put "django.contrib.auth.hashers.Argon2PasswordHasher" (or PBKDF2PasswordHasher, ScryptPasswordHasher) first and keep the old hasher after it only to verify and upgrade existing hashes';

/** PW326: Django configured to hash new passwords with MD5, SHA-1, unsalted digests or DES crypt. */
export default defineRule({
  meta: {
    code: "PW326",
    name: "django-weak-password-hasher",
    practice: "password-storage",
    cwe: [916, 328],
    severity: "high",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A Django `PASSWORD_HASHERS` setting whose first entry — the hasher Django uses for every new or changed " +
        "password — is `MD5PasswordHasher`, `SHA1PasswordHasher`, `UnsaltedMD5PasswordHasher`, " +
        "`UnsaltedSHA1PasswordHasher` or `CryptPasswordHasher`: in a settings module, a settings class, " +
        "`settings.configure(...)`, or pushed to the front with `PASSWORD_HASHERS.insert(0, …)`; and " +
        "`make_password(password, hasher=\"md5\")` (also `sha1`, `unsalted_md5`, `unsalted_sha1`, `crypt`). Later " +
        "entries only verify old hashes and are fine. Settings meant for tests or local development " +
        "(`settings/test.py`, `TestSettings`, `if TESTING:`), where a fast hasher is Django's own advice, are not " +
        "reported.",
      why:
        "These hashers compute one fast digest (or 25 DES rounds over 8 characters): a leaked user table is " +
        "cracked at billions of guesses a second, and the unsalted ones let one precomputed table crack every " +
        "account. Django keeps them only to read hashes from legacy systems.",
      bad: 'PASSWORD_HASHERS = [\n    "django.contrib.auth.hashers.MD5PasswordHasher",\n    "django.contrib.auth.hashers.PBKDF2PasswordHasher",\n]\n',
      good:
        'PASSWORD_HASHERS = [\n    "django.contrib.auth.hashers.Argon2PasswordHasher",\n    "django.contrib.auth.hashers.PBKDF2PasswordHasher",\n' +
        '    "django.contrib.auth.hashers.MD5PasswordHasher",  # verifies and upgrades legacy hashes only\n]\n',
      references: [
        "CWE-916",
        "CWE-328",
        "https://docs.djangoproject.com/en/stable/topics/auth/passwords/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** The first element of a list/tuple expression (`[A, B] + BASE` → A), following names bound once. */
    const firstEntry = (value: Node): Node | undefined => {
      let cur: Node | undefined = followName(model, value);
      for (let i = 0; cur && i < 8; i++) {
        if (cur.type === "parenthesized_expression") cur = cur.namedChildren[0] ?? undefined;
        else if (cur.type === "binary_operator" && cur.childForFieldName("operator")?.type === "+") cur = cur.childForFieldName("left") ?? undefined;
        else if (cur.type === "list" || cur.type === "tuple") return cur.namedChildren.find((c) => c && c.type !== "comment") ?? undefined;
        else return undefined;
        if (cur) cur = followName(model, cur);
      }
      return undefined;
    };

    const judge = (entry: Node | undefined, write: SettingWrite): void => {
      const path = model.constant(entry);
      if (!entry || typeof path !== "string" || !Object.hasOwn(DJANGO_WEAK_HASHERS, path)) return;
      if (settingContext(model, write)) return;
      const short = path.slice(path.lastIndexOf(".") + 1);
      // an entry from a list defined elsewhere: report the setting's own statement
      const inside = entry.startIndex >= write.at.startIndex && entry.endIndex <= write.at.endIndex;
      ctx.report(inside ? entry : write.at, `${SETTING} puts ${short} first: Django stores every new password as ${DJANGO_WEAK_HASHERS[path]}; ${ADVICE}`, {
        statement: write.at,
      });
    };

    return {
      assignment(node) {
        for (const write of settingWrites(model, node)) if (write.name === SETTING) judge(firstEntry(write.value), write);
      },
      call(call) {
        for (const write of settingWrites(model, call)) if (write.name === SETTING) judge(firstEntry(write.value), write);
        // PASSWORD_HASHERS.insert(0, "…MD5PasswordHasher")
        const fn = call.childForFieldName("function");
        if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "insert") return;
        const target = fn.childForFieldName("object");
        const name = target?.type === "identifier" ? target.text : target?.type === "attribute" ? target.childForFieldName("attribute")?.text : undefined;
        if (name !== SETTING || model.constant(model.arg(call, 0)) !== 0) return;
        const entry = model.arg(call, 1);
        if (entry) judge(entry, { name: SETTING, value: entry, at: call, form: "constant" });
      },
      [DJANGO_MAKE_PASSWORD.name](call) {
        const hasher = argAt(model, call, DJANGO_MAKE_PASSWORD.hasher);
        const algorithm = model.constant(hasher);
        if (!hasher || typeof algorithm !== "string" || !Object.hasOwn(DJANGO_WEAK_ALGORITHMS, algorithm)) return;
        ctx.report(hasher, `make_password with hasher "${algorithm}" stores the password as ${DJANGO_WEAK_ALGORITHMS[algorithm]}; leave hasher at its default`, {
          statement: call,
        });
      },
    };
  },
});
