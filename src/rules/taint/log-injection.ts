import { defineTaintRule } from "./define.js";

/** PW264: Untrusted input is written to a log record (message or arguments) through `logging` or a logger, without removing line breaks. */
export default defineTaintRule(
  { kind: "log", what: "a log record", advice: "strip or escape line breaks (value.replace(\"\\n\", \"\")) or log it with %r" },
  {
    code: "PW264",
    name: "log-injection",
    practice: "logging",
    cwe: [117],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input is written to a log record (message or arguments) through `logging` or a logger, without removing line breaks.",
      why: "Line breaks in the input start new, forged log entries: an attacker hides their traces or plants misleading events, and log viewers may render injected markup (log injection).",
      bad: "user = request.args[\"user\"]\nlogger.info(\"login failed for %s\", user)\n",
      good: "user = request.args[\"user\"]\nlogger.info(\"login failed for %r\", user.replace(\"\\n\", \"\"))\n",
      references: ["CWE-117", "https://owasp.org/www-community/attacks/Log_Injection"],
    },
  },
);
