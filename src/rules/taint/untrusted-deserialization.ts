import { defineTaintRule } from "./define.js";

/** PW254: Untrusted input reaches `pickle`/`marshal`/`shelve`/`dill`/`jsonpickle`/`joblib`/`torch. */
export default defineTaintRule(
  { kind: "deserialize", what: "a deserializer that can build arbitrary objects", advice: "accept a data-only format (JSON) or verify a signature before loading" },
  {
    code: "PW254",
    name: "untrusted-deserialization",
    practice: "input-validation",
    cwe: [502],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input reaches `pickle`/`marshal`/`shelve`/`dill`/`jsonpickle`/`joblib`/`torch.load`, or `yaml.load` with a loader that builds Python objects — also after base64 or other decoding.",
      why: "These formats describe which objects to build and which functions to call while loading: whoever writes the data runs code in the process (insecure deserialization).",
      bad: "data = base64.b64decode(request.form[\"blob\"])\nobj = pickle.loads(data)\n",
      good: "obj = json.loads(request.form[\"blob\"])\n",
      references: ["CWE-502", "https://docs.python.org/3/library/pickle.html#module-pickle", "https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html"],
    },
  },
);
