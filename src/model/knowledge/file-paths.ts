/**
 * Functions that open, create, move or name files, and where each takes its path(s). Used by rules that judge
 * a path (hard-coded shared temporary directories) and, later, by the taint engine's file-access concept.
 *
 * Positions count from the first argument (no receiver). A parameter that can only be passed by keyword has
 * position `-1`.
 */

/** One path parameter: its position and its keyword name, when it has one. */
export interface PathParam {
  at: number;
  keyword?: string;
}

const p = (at: number, keyword?: string): PathParam => ({ at, keyword });

/** Qualified function or class name → its path parameters. */
export const FILE_PATH_FUNCTIONS: Readonly<Record<string, readonly PathParam[]>> = {
  "builtins.open": [p(0, "file")],
  "io.open": [p(0, "file")],
  "io.FileIO": [p(0, "file")],
  "codecs.open": [p(0, "filename")],
  "os.open": [p(0, "path")],
  "os.mkdir": [p(0, "path")],
  "os.makedirs": [p(0, "name")],
  "os.mkfifo": [p(0, "path")],
  "os.mknod": [p(0, "path")],
  "os.chmod": [p(0, "path")],
  "os.chown": [p(0, "path")],
  "os.truncate": [p(0, "path")],
  "os.symlink": [p(0, "src"), p(1, "dst")],
  "os.link": [p(0, "src"), p(1, "dst")],
  "os.rename": [p(0, "src"), p(1, "dst")],
  "os.replace": [p(0, "src"), p(1, "dst")],
  "shutil.copy": [p(0, "src"), p(1, "dst")],
  "shutil.copy2": [p(0, "src"), p(1, "dst")],
  "shutil.copyfile": [p(0, "src"), p(1, "dst")],
  "shutil.copytree": [p(0, "src"), p(1, "dst")],
  "shutil.move": [p(0, "src"), p(1, "dst")],
  "shutil.make_archive": [p(0, "base_name")],
  "shutil.unpack_archive": [p(0, "filename"), p(1, "extract_dir")],
  "tarfile.open": [p(0, "name")],
  "zipfile.ZipFile": [p(0, "file")],
  "gzip.open": [p(0, "filename")],
  "gzip.GzipFile": [p(0, "filename")],
  "bz2.open": [p(0, "filename")],
  "bz2.BZ2File": [p(0, "filename")],
  "lzma.open": [p(0, "filename")],
  "lzma.LZMAFile": [p(0, "filename")],
  "shelve.open": [p(0, "filename")],
  "dbm.open": [p(0, "file")],
  "sqlite3.connect": [p(0, "database")],
  "logging.FileHandler": [p(0, "filename")],
  "logging.handlers.RotatingFileHandler": [p(0, "filename")],
  "logging.handlers.TimedRotatingFileHandler": [p(0, "filename")],
  "logging.handlers.WatchedFileHandler": [p(0, "filename")],
  "logging.basicConfig": [p(-1, "filename")],
  "numpy.save": [p(0, "file")],
  "numpy.savez": [p(0, "file")],
  "numpy.savetxt": [p(0, "fname")],
  "numpy.load": [p(0, "file")],
  "numpy.loadtxt": [p(0, "fname")],
  "pandas.read_csv": [p(0, "filepath_or_buffer")],
  "pandas.read_pickle": [p(0, "filepath_or_buffer")],
};

/** Constructors of path objects: their positional arguments are joined into one path. */
export const PATH_CONSTRUCTORS: ReadonlySet<string> = new Set([
  "pathlib.Path",
  "pathlib.PurePath",
  "pathlib.PosixPath",
  "pathlib.PurePosixPath",
  "os.path.join",
  "posixpath.join",
]);

/**
 * Methods that write (or read) a file named by their first argument whatever the receiver's type, spelled so
 * that they rarely mean anything else: pandas' `to_csv`, matplotlib's `savefig`, `extractall` of archives.
 */
export const FILE_PATH_METHODS: Readonly<Record<string, PathParam>> = {
  to_csv: p(0, "path_or_buf"),
  to_json: p(0, "path_or_buf"),
  to_parquet: p(0, "path"),
  to_pickle: p(0, "path"),
  to_excel: p(0, "excel_writer"),
  to_hdf: p(0, "path_or_buf"),
  to_feather: p(0, "path"),
  savefig: p(0, "fname"),
  extractall: p(0, "path"),
};

/**
 * `tempfile` functions that create a file or directory with an unpredictable name inside `dir` (position,
 * keyword `dir`): a shared temporary directory is a safe `dir`, a fixed subdirectory of it is not.
 */
export const TEMPFILE_DIR_PARAM: Readonly<Record<string, number>> = {
  "tempfile.mkstemp": 2,
  "tempfile.mkdtemp": 2,
  "tempfile.NamedTemporaryFile": 6,
  "tempfile.TemporaryFile": 6,
  "tempfile.SpooledTemporaryFile": 7,
  "tempfile.TemporaryDirectory": 2,
};
