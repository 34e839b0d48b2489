import { defineRule, type Handler } from "../types.js";

/** Telnet clients: qualified name of the constructor or connect function. */
const TELNET = ["telnetlib.Telnet", "telnetlib3.open_connection", "telnetlib3.client.open_connection"];

/** PW607: a Telnet connection (credentials and data in cleartext). */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW607",
    name: "telnet-cleartext",
    practice: "other",
    cwe: [319],
    severity: "high",
    confidence: "high",
    aliases: ["B312", "S312"],
    docs: {
      what:
        "Telnet clients created with `telnetlib.Telnet(...)` (by any import path) or `telnetlib3.open_connection`. " +
        "The import alone is a separate, off-by-default reminder (`import-telnetlib`, PW613).",
      why:
        "Telnet has no encryption: the login, the password and everything typed or returned cross the network in " +
        "clear text, readable and modifiable by anyone on the path. `telnetlib` was removed in Python 3.13.",
      bad: 'import telnetlib\n\nsession = telnetlib.Telnet("switch01.example.net")\nsession.write(b"admin\\n" + password + b"\\n")\n',
      good:
        'import paramiko\n\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\nclient.connect("switch01.example.net", username="admin", key_filename=key_path)\n',
      references: ["CWE-319", "https://peps.python.org/pep-0594/#telnetlib", "https://docs.paramiko.org/en/stable/api/client.html"],
    },
  },
  create(ctx) {
    const handlers: Record<string, Handler> = {};
    for (const name of TELNET) {
      handlers[name] = (call) =>
        ctx.report(call, "Telnet sends credentials and session data in cleartext; use SSH (paramiko, asyncssh) with host key verification");
    }
    return handlers;
  },
});
