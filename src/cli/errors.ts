/** Errors the CLI turns into exit code 2 with a one-line message. */

/** A usage or configuration error: the message is printed as `pyward: <message>` and the exit code is 2. */
export class UsageError extends Error {}

/** Exit codes (see README): 0 clean, 1 findings at or above `--fail-on`, 2 usage/config/internal error, 130 interrupted. */
export const EXIT = { clean: 0, findings: 1, error: 2, interrupted: 130 } as const;
