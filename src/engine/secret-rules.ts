/**
 * The rules that find secret values in the source (hard-coded credentials, recognisable tokens and keys).
 * Masking must not depend on rule selection: the per-file phase runs these rules on every Python file —
 * also when they are not selected (`--select B113`, `--ignore PW303`, a configuration `ignore`) and in test
 * files they skip — to learn the ranges to mask; their findings count only when the rule was selected.
 */
import type { Rule } from "../rules/types.js";
import hardcodedPassword from "../rules/crypto/hardcoded-password.js";
import secretInLiteral from "../rules/crypto/secret-in-literal.js";

/** Rules whose `secret` report ranges feed the masking of every finding's code frame. */
export const SECRET_RULES: readonly Rule[] = [hardcodedPassword, secretInLiteral];
