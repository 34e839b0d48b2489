/**
 * Configuration: `[tool.pyward]` in `pyproject.toml` or a `pyward.toml` (found by walking up from the scanned
 * path), Bandit's settings as a fallback, validation with one-line errors, and the merge with the command line.
 */
export { ConfigError, CONFIG_KEYS, optionKey, normaliseTargetVersion, validateSettings, type ConfigSettings, type KeySpec } from "./schema.js";
export { loadConfig, loadConfigFile, type ConfigKind, type ConfigLookup, type LoadedConfig } from "./load.js";
export { effectiveSettings, type CommandLineSettings, type EffectiveSettings } from "./effective.js";
export { renderConfig } from "./show.js";
