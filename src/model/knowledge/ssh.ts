/**
 * SSH client libraries: the settings that accept an unknown server host key without checking it.
 */

/** paramiko host-key policies that accept a key nobody has seen before (by qualified name). */
export const ACCEPTING_HOST_KEY_POLICIES: ReadonlySet<string> = new Set([
  "paramiko.AutoAddPolicy",
  "paramiko.WarningPolicy",
  "paramiko.client.AutoAddPolicy",
  "paramiko.client.WarningPolicy",
]);

/** The paramiko method that installs a host-key policy (on `SSHClient`). */
export const HOST_KEY_POLICY_METHOD = "set_missing_host_key_policy";

/** asyncssh calls whose `known_hosts=None` disables server host-key checking. */
export const ASYNCSSH_KNOWN_HOSTS_CALLS: ReadonlySet<string> = new Set([
  "asyncssh.connect",
  "asyncssh.create_connection",
  "asyncssh.SSHClientConnectionOptions",
  "asyncssh.connection.connect",
  "asyncssh.connection.create_connection",
  "asyncssh.connection.SSHClientConnectionOptions",
]);

/** pysftp's connection options, whose `hostkeys = None` disables host-key checking. */
export const PYSFTP_CNOPTS_TYPES: ReadonlySet<string> = new Set(["pysftp.CnOpts"]);
