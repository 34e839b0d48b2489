/**
 * The permission and file-type constants of Python's `stat` module (values from POSIX `<sys/stat.h>`, as
 * CPython defines them on every platform), so that a mode written as `stat.S_IRWXU | stat.S_IWOTH` can be
 * evaluated like `0o702`.
 */

/** `stat.S_*` constant name → value. */
export const STAT_CONSTANTS: Readonly<Record<string, number>> = {
  // special bits
  S_ISUID: 0o4000,
  S_ISGID: 0o2000,
  S_ENFMT: 0o2000,
  S_ISVTX: 0o1000,
  // owner
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IREAD: 0o400,
  S_IWRITE: 0o200,
  S_IEXEC: 0o100,
  // group
  S_IRWXG: 0o070,
  S_IRGRP: 0o040,
  S_IWGRP: 0o020,
  S_IXGRP: 0o010,
  // others
  S_IRWXO: 0o007,
  S_IROTH: 0o004,
  S_IWOTH: 0o002,
  S_IXOTH: 0o001,
  // file types (used by os.mknod)
  S_IFMT: 0o170000,
  S_IFSOCK: 0o140000,
  S_IFLNK: 0o120000,
  S_IFREG: 0o100000,
  S_IFBLK: 0o060000,
  S_IFDIR: 0o040000,
  S_IFCHR: 0o020000,
  S_IFIFO: 0o010000,
};

/**
 * The value of a qualified name such as `stat.S_IWOTH` (the model resolves `from stat import S_IWOTH` and
 * `import stat as st; st.S_IWOTH` to that same name), or undefined for anything else.
 */
export function statConstant(qualifiedName: string | undefined): number | undefined {
  if (!qualifiedName?.startsWith("stat.")) return undefined;
  return Object.hasOwn(STAT_CONSTANTS, qualifiedName.slice(5)) ? STAT_CONSTANTS[qualifiedName.slice(5)] : undefined;
}
