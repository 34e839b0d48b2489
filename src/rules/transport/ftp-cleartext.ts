import { defineRule } from "../types.js";
import type { Node } from "../../parse/parser.js";

/**
 * The name an `FTP_TLS(...)` call is bound to, when it is bound to a plain name: `ftps = FTP_TLS(...)` or
 * `with FTP_TLS(...) as ftps:`. Undefined when the connection goes anywhere else (an attribute, a return).
 */
function boundName(call: Node): Node | undefined {
  const parent = call.parent;
  if (parent?.type === "assignment" && parent.childForFieldName("right")?.id === call.id) {
    const left = parent.childForFieldName("left");
    return left?.type === "identifier" ? left : undefined;
  }
  if (parent?.type === "as_pattern" && parent.namedChildren[0]?.id === call.id) {
    const target = parent.childForFieldName("alias")?.namedChildren[0];
    return target?.type === "identifier" ? target : undefined;
  }
  return undefined;
}

/** PW608: plain FTP, or FTPS whose data channel stays in cleartext. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW608",
    name: "ftp-cleartext",
    practice: "other",
    cwe: [319],
    severity: "high",
    confidence: "high",
    aliases: ["B321", "S321"],
    docs: {
      what:
        "Plain FTP connections created with `ftplib.FTP(...)` (by any import path). `ftplib.FTP_TLS` is the fix, " +
        "but it only encrypts file transfers after `prot_p()`: an `FTP_TLS` connection bound to a local name that " +
        "never calls `prot_p()` is reported at medium severity. Peers report every `ftplib` call, `FTP_TLS` " +
        "included; pyward does not. The import alone is a separate, off-by-default reminder (`import-ftplib`, PW614).",
      why:
        "FTP sends the user name, the password and every file unencrypted; anyone on the network path can read " +
        "the credentials or tamper with the files. With `FTP_TLS`, the login is protected, but listings and file " +
        "contents still travel in clear text until the data channel is switched to TLS with `prot_p()`.",
      bad: 'from ftplib import FTP\n\nftp = FTP("files.example.com")\nftp.login("backup", password)\n',
      good:
        'from ftplib import FTP_TLS\n\nftps = FTP_TLS("files.example.com")\nftps.login("backup", password)\nftps.prot_p()\n' +
        "# or SFTP over SSH (paramiko.SFTPClient)\n",
      references: ["CWE-319", "https://docs.python.org/3/library/ftplib.html#ftplib.FTP_TLS", "https://docs.paramiko.org/en/stable/api/sftp.html"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    return {
      "ftplib.FTP"(call) {
        ctx.report(call, "plain FTP sends the password and files in cleartext; use FTP_TLS with prot_p(), or SFTP");
      },
      "ftplib.FTP_TLS"(call) {
        const name = boundName(call);
        if (!name) return;
        const binding = model.lookup(name.text, name.endIndex);
        if (!binding || binding.offset !== name.startIndex) return;
        for (const use of model.usesOf(binding)) {
          const attr = use.parent;
          if (attr?.type === "attribute" && attr.childForFieldName("object")?.id === use.id && attr.childForFieldName("attribute")?.text === "prot_p") return;
        }
        ctx.report(call, `FTP_TLS connection '${name.text}' never calls prot_p(): file listings and contents still travel in cleartext`, {
          severity: "medium",
          confidence: "medium",
        });
      },
    };
  },
});
