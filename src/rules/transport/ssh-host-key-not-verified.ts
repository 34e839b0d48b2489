import { defineRule, type Handler } from "../types.js";
import { ACCEPTING_HOST_KEY_POLICIES, ASYNCSSH_KNOWN_HOSTS_CALLS, HOST_KEY_POLICY_METHOD, PYSFTP_CNOPTS_TYPES } from "../../model/knowledge/ssh.js";
import { calleeName, lastSegment, refName } from "../util/qualified.js";
import { assignmentChain } from "../util/assignment.js";

const STAR_ROOTS = ["paramiko", "asyncssh"];

/** PW310: an SSH client that trusts whatever host key the server presents. */
export default defineRule({
  meta: {
    code: "PW310",
    name: "ssh-host-key-not-verified",
    practice: "other",
    cwe: [295, 322],
    severity: "high",
    confidence: "high",
    aliases: ["B507", "S507"],
    skipInTests: true,
    docs: {
      what:
        "SSH connections that skip server host-key verification: paramiko's `set_missing_host_key_policy` with " +
        "`AutoAddPolicy` or `WarningPolicy` (class or instance, directly or through a variable, on any client " +
        "object), asyncssh's `connect`/`create_connection`/`SSHClientConnectionOptions` with `known_hosts=None`, " +
        "and pysftp's `cnopts.hostkeys = None`. Bandit and Ruff (B507/S507) cover the paramiko form only.",
      why:
        "The host key is the only thing that proves the SSH server is the one you meant. Accepting any key lets " +
        "an attacker on the path (spoofed DNS, a hostile network) impersonate the server, capture the password or " +
        "agent-forwarded credentials, and read or alter every command and file transfer.",
      bad:
        "import paramiko\n\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n" +
        "client.connect(host, username=user, key_filename=key_path)\n",
      good:
        "import paramiko\n\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\n" +
        "client.load_host_keys(\"/etc/myapp/known_hosts\")\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())\n" +
        "client.connect(host, username=user, key_filename=key_path)\n",
      references: [
        "CWE-295",
        "CWE-322",
        "https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.set_missing_host_key_policy",
        "https://asyncssh.readthedocs.io/en/latest/api.html#specifying-known-hosts",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    // both call checks need a name spelled out in the text (the policy method, the `known_hosts` keyword)
    const callsMatter = ctx.file.text.includes(HOST_KEY_POLICY_METHOD) || ctx.file.text.includes("known_hosts");
    const handlers: Record<string, Handler> = {
      call(call) {
        if (model.methodName(call) === HOST_KEY_POLICY_METHOD) {
          const policy = refName(model, model.arg(call, 0, "policy"), STAR_ROOTS);
          if (policy && ACCEPTING_HOST_KEY_POLICIES.has(policy)) {
            ctx.report(call, `${lastSegment(policy)} accepts any unknown SSH host key, so the server is never authenticated; load known_hosts and use RejectPolicy`);
          }
          return;
        }
        const name = calleeName(model, call, STAR_ROOTS);
        if (name && ASYNCSSH_KNOWN_HOSTS_CALLS.has(name)) {
          const known = model.arg(call, undefined, "known_hosts");
          if (known && model.constant(known) === null) {
            ctx.report(known, "known_hosts=None turns off SSH host-key checking; pass a known_hosts file or trusted keys");
          }
        }
      },
      assignment(node) {
        const chain = assignmentChain(node);
        if (!chain?.value || model.constant(chain.value) !== null) return;
        for (const target of chain.targets) {
          if (target.type !== "attribute" || target.childForFieldName("attribute")?.text !== "hostkeys") continue;
          const type = model.typeOf(target.childForFieldName("object"));
          if (type && PYSFTP_CNOPTS_TYPES.has(type)) {
            ctx.report(node, "cnopts.hostkeys = None turns off SSH host-key checking for pysftp; keep the known_hosts file it loads");
          }
        }
      },
    };
    if (!callsMatter) delete handlers.call;
    // the assignment check needs the attribute `hostkeys` spelled out in the text: elsewhere it would fold the
    // value of every assignment for nothing
    if (!ctx.file.text.includes("hostkeys")) delete handlers.assignment;
    return handlers;
  },
});
