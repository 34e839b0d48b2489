import { defineRule } from "../types.js";
import { importHandlers } from "../util/imports.js";

const DUMP_ONLY = new Set([
  "dumps", "dump", "Pickler", "HIGHEST_PROTOCOL", "DEFAULT_PROTOCOL", "PickleError", "PicklingError", "UnpicklingError",
  "PickleBuffer",
]);

/** PW615: a reminder that the module imports a pickle-family serializer (off by default; PW205 reports loads). */
export default defineRule({
  meta: {
    code: "PW615",
    name: "import-pickle",
    practice: "input-validation",
    cwe: [502],
    severity: "low",
    confidence: "low",
    aliases: ["B403", "S403"],
    enabledByDefault: false,
    docs: {
      what:
        "Imports of `pickle`, `cPickle`, `_pickle`, `dill`, `cloudpickle`, `shelve` and `jsonpickle`. Importing only " +
        "the writing side (`from pickle import dumps, HIGHEST_PROTOCOL`) is not reported. A reminder only, off by " +
        "default: loading untrusted data is reported by `unsafe-deserialization` (PW205), which is on.",
      why:
        "Unpickling runs whatever callables the stream names, so data from a file, cache, socket or cookie that an " +
        "attacker can write becomes code execution. A module that imports pickle deserves a look at where the bytes " +
        "it loads come from.",
      bad: "import pickle\nstate = pickle.loads(blob)\n",
      good: "import json\nstate = json.loads(blob)\n",
      references: ["CWE-502", "https://docs.python.org/3/library/pickle.html", "https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html"],
    },
  },
  create(ctx) {
    const targets = {
      modules: ["pickle", "cPickle", "_pickle", "six.moves.cPickle", "dill", "cloudpickle", "shelve", "jsonpickle"],
      harmless: {
        pickle: DUMP_ONLY,
        cPickle: DUMP_ONLY,
        _pickle: DUMP_ONLY,
        dill: DUMP_ONLY,
        cloudpickle: DUMP_ONLY,
        jsonpickle: new Set(["encode", "dumps"]),
      },
    };
    return importHandlers(ctx.model, targets, (node, name) =>
      ctx.report(node, `imports ${name}: unpickling data an attacker can write runs arbitrary code; load only trusted data`),
    );
  },
});
