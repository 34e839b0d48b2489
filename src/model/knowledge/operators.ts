/**
 * What operators return for well-known types, so that the semantic model can type the result of an
 * expression such as `Path(base) / "config.ini"` (a `pathlib.Path`, whose methods rules then see).
 */

/** Types whose `/` operator yields another instance of the same type (pathlib path joining). */
export const DIVISION_RETURNS_SELF: ReadonlySet<string> = new Set([
  "pathlib.Path",
  "pathlib.PosixPath",
  "pathlib.WindowsPath",
  "pathlib.PurePath",
  "pathlib.PurePosixPath",
  "pathlib.PureWindowsPath",
  "zipfile.Path",
]);
