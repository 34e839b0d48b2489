/**
 * The taint rules, one per sink kind (PW250–PW266).
 */
import sqlInjection from "./sql-injection.js";
import commandInjection from "./command-injection.js";
import evalInjection from "./eval-injection.js";
import pathTraversal from "./path-traversal.js";
import untrustedDeserialization from "./untrusted-deserialization.js";
import reflectedXss from "./reflected-xss.js";
import openRedirect from "./open-redirect.js";
import serverSideRequestForgery from "./server-side-request-forgery.js";
import templateInjection from "./template-injection.js";
import xmlExternalEntity from "./xml-external-entity.js";
import xpathInjection from "./xpath-injection.js";
import ldapInjection from "./ldap-injection.js";
import nosqlInjection from "./nosql-injection.js";
import regexInjection from "./regex-injection.js";
import logInjection from "./log-injection.js";
import trustBoundaryViolation from "./trust-boundary-violation.js";
import headerInjection from "./header-injection.js";

/** Every taint rule, by code. */
export const TAINT_RULES = [
  sqlInjection,
  commandInjection,
  evalInjection,
  pathTraversal,
  untrustedDeserialization,
  reflectedXss,
  openRedirect,
  serverSideRequestForgery,
  templateInjection,
  xmlExternalEntity,
  xpathInjection,
  ldapInjection,
  nosqlInjection,
  regexInjection,
  logInjection,
  trustBoundaryViolation,
  headerInjection,
];
