import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** What a deserializer reads: the data itself (a bytes/str value) or a file (object or path). */
type Input = "data" | "file";

interface Loader {
  /** Keyword of the input argument, when it may be passed by keyword. */
  keyword?: string;
  input: Input;
}

/**
 * Deserializers that can build arbitrary objects (and so run code) from what they read: qualified name →
 * where the input is. `cPickle`/`_pickle` names are listed as well as their canonical `pickle` ones.
 */
const LOADERS: Readonly<Record<string, Loader>> = {
  "pickle.loads": { input: "data" },
  "pickle.load": { input: "file" },
  "pickle.Unpickler": { input: "file" },
  "cPickle.loads": { input: "data" },
  "cPickle.load": { input: "file" },
  "cPickle.Unpickler": { input: "file" },
  "_pickle.loads": { input: "data" },
  "_pickle.load": { input: "file" },
  "_pickle.Unpickler": { input: "file" },
  "six.moves.cPickle.loads": { input: "data" },
  "six.moves.cPickle.load": { input: "file" },
  "cloudpickle.loads": { input: "data" },
  "cloudpickle.load": { input: "file" },
  "dill.loads": { keyword: "str", input: "data" },
  "dill.load": { keyword: "file", input: "file" },
  "dill.Unpickler": { input: "file" },
  "shelve.open": { keyword: "filename", input: "file" },
  "shelve.DbfilenameShelf": { keyword: "filename", input: "file" },
  "marshal.loads": { input: "data" },
  "marshal.load": { input: "file" },
  "jsonpickle.decode": { keyword: "string", input: "data" },
  "jsonpickle.unpickler.decode": { keyword: "string", input: "data" },
  "pandas.read_pickle": { keyword: "filepath_or_buffer", input: "file" },
  "pandas.io.pickle.read_pickle": { keyword: "filepath_or_buffer", input: "file" },
  "joblib.load": { keyword: "filename", input: "file" },
  "sklearn.externals.joblib.load": { keyword: "filename", input: "file" },
  "torch.load": { keyword: "f", input: "file" },
  "numpy.load": { keyword: "file", input: "file" },
};

/** The qualified names of {@link LOADERS}, as handler keys. */
const LOADER_NAMES = Object.keys(LOADERS);

/** What to use instead, by module. */
function advice(name: string): string {
  if (name.startsWith("torch.")) return "pass weights_only=True";
  if (name.startsWith("numpy.")) return "keep allow_pickle=False";
  if (name.startsWith("jsonpickle.")) return "use json with an explicit schema";
  return "use a data-only format such as JSON, or verify a signature first";
}

/** PW205: a deserializer that can run code, given data that is not a constant. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW205",
    name: "unsafe-deserialization",
    practice: "input-validation",
    cwe: [502],
    severity: "high",
    confidence: "medium",
    aliases: ["B301", "S301", "B302", "S302", "B614", "S614"],
    docs: {
      what:
        "Loading data with a deserializer that can construct arbitrary objects: `pickle`/`cPickle`/`_pickle` " +
        "(`loads`, `load`, `Unpickler`), `cloudpickle`, `dill`, `shelve.open`, `marshal`, `jsonpickle.decode`, " +
        "`pandas.read_pickle`, `joblib.load`, `torch.load` without `weights_only=True` (the peers' separate PyTorch " +
        "check, B614/S614, is merged here), and `numpy.load` with " +
        "`allow_pickle=True`. Constant literal data is not reported; a constant file path is reported with low " +
        "confidence, since the file's contents still come from outside the program.",
      why:
        "A pickle stream names the callables to invoke while it is loaded (`__reduce__`), so whoever controls " +
        "the bytes can run any code in the loading process. `marshal` is not hardened against malicious data " +
        "either. Model files, caches and session blobs are common carriers.",
      bad: 'import pickle\nsession = pickle.loads(base64.b64decode(cookie))\n',
      good:
        'import json\nsession = json.loads(signer.unsign(cookie))\n' +
        '# PyTorch checkpoints: torch.load(path, weights_only=True)\n',
      references: [
        "CWE-502",
        "https://docs.python.org/3/library/pickle.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html",
        "https://pytorch.org/docs/stable/generated/torch.load.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const load = (call: Node, name: string): void => {
      const loader = LOADERS[name];
      if (name === "torch.load" && model.truthy(model.arg(call, undefined, "weights_only")) === true) return;
      if (name === "numpy.load" && model.truthy(model.arg(call, 2, "allow_pickle")) !== true) return;
      const input = model.arg(call, 0, loader.keyword);
      // `pickle.loads(pickle.dumps(obj))`: a deep copy of the program's own object
      if (input?.type === "call" && model.callee(input)?.endsWith(".dumps")) return;
      let confidence: "low" | undefined;
      if (input && model.isConstant(input)) {
        if (loader.input === "data") return;
        confidence = "low";
      }
      if (!input) {
        const a = model.args(call);
        if (a.starAt < 0 && !a.hasDoubleStar) return;
      }
      const what = loader.input === "data" ? "data" : confidence ? "a file" : "a file or stream";
      const short = name.split(".").slice(-2).join(".");
      ctx.report(call, `${short}() can run arbitrary code while loading ${what}; ${advice(name)}`, confidence ? { confidence } : {});
    };
    return { [KEYED]: [{ keys: LOADER_NAMES, handler: load }] };
  },
});
