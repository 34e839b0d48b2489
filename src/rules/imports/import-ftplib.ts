import { defineRule } from "../types.js";
import { importHandlers } from "../util/imports.js";

/** PW614: a reminder that the module imports the FTP client (off by default; PW608 reports its use). */
export default defineRule({
  meta: {
    code: "PW614",
    name: "import-ftplib",
    practice: "other",
    cwe: [319],
    severity: "low",
    confidence: "low",
    aliases: ["B402", "S402"],
    enabledByDefault: false,
    docs: {
      what:
        "Imports of `ftplib`, except `from ftplib import …` of only `FTP_TLS` and the exception names. A reminder " +
        "only, off by default: connecting with plain FTP is reported by `ftp-cleartext` (PW608), which is on.",
      why:
        "FTP sends the user name, the password and every file unencrypted. A module that imports `ftplib` deserves " +
        "a check that it uses `FTP_TLS` with a protected data channel, or SFTP.",
      bad: "import ftplib\n",
      good: "from ftplib import FTP_TLS\n",
      references: ["CWE-319", "https://docs.python.org/3/library/ftplib.html#ftplib.FTP_TLS"],
    },
  },
  create(ctx) {
    const harmless = new Set(["FTP_TLS", "all_errors", "error_perm", "error_reply", "error_temp", "error_proto", "Error"]);
    return importHandlers(ctx.model, { modules: ["ftplib"], harmless: { ftplib: harmless } }, (node, name) =>
      ctx.report(node, `imports ${name}: plain FTP sends credentials and files in cleartext; use FTP_TLS with prot_p() or SFTP`),
    );
  },
});
