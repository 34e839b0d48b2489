import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** Hub download functions: qualified name → position and keyword of the repository id. */
const DOWNLOADERS: Readonly<Record<string, { position: number; keyword: string }>> = {
  "huggingface_hub.hf_hub_download": { position: 0, keyword: "repo_id" },
  "huggingface_hub.file_download.hf_hub_download": { position: 0, keyword: "repo_id" },
  "huggingface_hub.snapshot_download": { position: 0, keyword: "repo_id" },
  "huggingface_hub._snapshot_download.snapshot_download": { position: 0, keyword: "repo_id" },
  "datasets.load_dataset": { position: 0, keyword: "path" },
  "transformers.pipeline": { position: 1, keyword: "model" },
  "sentence_transformers.SentenceTransformer": { position: 0, keyword: "model_name_or_path" },
  "sentence_transformers.CrossEncoder": { position: 0, keyword: "model_name" },
};

/** The qualified names of {@link DOWNLOADERS}, as handler keys. */
const DOWNLOADER_NAMES = Object.keys(DOWNLOADERS);

/** `datasets` builders that read local files rather than a Hub repository. */
const PACKAGED_BUILDERS = new Set(["csv", "json", "parquet", "text", "arrow", "pandas", "imagefolder", "audiofolder", "videofolder", "webdataset", "sql", "generator", "xml", "cache"]);

/** A commit id: hexadecimal, at least 7 digits (the Hub's full ids have 40). */
const COMMIT = /^[0-9a-fA-F]{7,64}$/;

/** True when a constant model id names a local directory or file rather than a Hub repository. */
function isLocalPath(id: string): boolean {
  if (/^(\/|\.{1,2}[\\/]|~|[A-Za-z]:[\\/])/.test(id) || id.includes("\\")) return true;
  return id.split("/").length > 2;
}

/** PW217: a model, dataset or file downloaded from the Hugging Face Hub without a pinned commit. */
export default defineRule({
  meta: {
    code: "PW217",
    name: "huggingface-unpinned-revision",
    practice: "dependencies",
    cwe: [494, 829],
    severity: "medium",
    confidence: "medium",
    aliases: ["B615"],
    docs: {
      what:
        "Downloads from the Hugging Face Hub that do not pin a commit: any `.from_pretrained(...)` (transformers, " +
        "diffusers, peft, sentence-transformers…), `huggingface_hub.hf_hub_download`/`snapshot_download`, " +
        "`datasets.load_dataset`, `transformers.pipeline(model=…)` and `SentenceTransformer(...)`, without " +
        "`revision=` or with a branch or tag name (`\"main\"`, `\"v1.0\"`) instead of a commit id. A `revision` " +
        "taken from a variable is not reported (pinned elsewhere), nor are local paths (`./model`, `/models/x`, " +
        "`os.path.join(...)`), `datasets` packaged builders (`\"csv\"`, `\"json\"`…), or " +
        "`local_files_only=True`. A repository id that is not a constant is reported with low confidence (it may " +
        "be a local directory). With `trust_remote_code=True` the finding is high severity. Ruff has no " +
        "equivalent check.",
      why:
        "A branch or tag on the Hub can be moved by whoever controls the repository — or whoever steals its " +
        "token — so the next run downloads different weights, a different tokenizer or, with " +
        "`trust_remote_code=True`, different Python code that runs in the process. Pickle-based weights run code " +
        "on load as well. A commit id names exactly the files that were reviewed.",
      bad: 'model = AutoModelForCausalLM.from_pretrained("acme/chat-7b", trust_remote_code=True)\n',
      good: 'model = AutoModelForCausalLM.from_pretrained(\n    "acme/chat-7b",\n    revision="3f1a6c0e9b2d4f5a8c7e1d0b9a8f7e6d5c4b3a21",\n    trust_remote_code=True,\n)\n',
      references: [
        "CWE-494",
        "CWE-829",
        "https://huggingface.co/docs/huggingface_hub/guides/download#from-specific-version",
        "https://huggingface.co/docs/transformers/main/en/security",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** True when the repository argument cannot be a Hub repository id. */
    const local = (id: Node | undefined, datasets: boolean): boolean => {
      if (!id) return true; // e.g. pipeline("sentiment-analysis") picks transformers' own pinned default
      const v = model.constant(id);
      if (typeof v === "string") return isLocalPath(v) || (datasets && PACKAGED_BUILDERS.has(v));
      if (v !== undefined) return true;
      const t = model.typeOf(id);
      if (t && (t.startsWith("pathlib.") || t === "os.PathLike")) return true;
      if (id.type === "call") {
        const name = model.callee(id);
        if (name && (name.startsWith("os.path.") || name.startsWith("pathlib."))) return true;
      }
      return false;
    };

    const check = (call: Node, id: Node | undefined, label: string, datasets = false, constantIdsOnly = false): void => {
      const a = model.args(call);
      const varyingId = !!id && !model.isConstant(id);
      if (varyingId && constantIdsOnly) return; // pipeline(model=loaded_model): an object, not an id
      if (a.hasDoubleStar && !a.keywords.has("revision")) return; // may come through **kwargs
      if (model.truthy(a.keywords.get("local_files_only")) === true) return;
      if (local(id, datasets)) return;
      const revision = a.keywords.get("revision");
      let problem: string;
      if (!revision || model.constant(revision) === null) problem = "without a pinned revision";
      else {
        const v = model.constant(revision);
        if (v === undefined) return; // chosen elsewhere
        if (typeof v === "string" && COMMIT.test(v)) return;
        problem = `with revision=${revision.text}, a branch or tag that can move`;
      }
      const remoteCode = model.truthy(a.keywords.get("trust_remote_code")) === true;
      ctx.report(
        call,
        `${label} ${varyingId ? "may download" : "downloads"} from the Hugging Face Hub ${problem}${remoteCode ? " and runs the repository's code" : ""}; pin revision= to a commit id`,
        { ...(remoteCode ? { severity: "high" as const } : {}), ...(varyingId ? { confidence: "low" as const } : {}) },
      );
    };

    return {
      // a `.method` key: the engine calls it only for calls `x.from_pretrained(...)` (see `ModuleModel.methodName`)
      ".from_pretrained"(call) {
        check(call, model.arg(call, 0, "pretrained_model_name_or_path"), "from_pretrained()");
      },
      [KEYED]: [
        {
          keys: DOWNLOADER_NAMES,
          handler(call, name) {
            const where = DOWNLOADERS[name];
            const short = `${name.split(".").pop()}()`;
            const constantIdsOnly = name === "transformers.pipeline" || name.startsWith("sentence_transformers.");
            check(call, model.arg(call, where.position, where.keyword), short, name === "datasets.load_dataset", constantIdsOnly);
          },
        },
      ],
    };
  },
});
