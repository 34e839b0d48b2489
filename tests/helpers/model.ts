/** Builds a ModuleModel over an in-memory source for model tests, and deletes the tree afterwards. */
import { parsePython, type Node } from "../../src/parse/parser.js";
import { ModuleModel, MODEL_NODE_TYPES } from "../../src/model/module.js";

/** Query helpers handed to a model test. */
export interface ModelProbe {
  model: ModuleModel;
  /** The first node of `type` whose text starts with `prefix`. */
  node(type: string, prefix: string): Node;
  /** The expression assigned last to `name` at module level, or the argument of `probe(...)` call number `index`. */
  probe(index?: number): Node;
}

/** Runs `fn` with a model of `source` (module name `pkg.mod`). */
export async function withModel<T>(source: string, fn: (p: ModelProbe) => T): Promise<T> {
  const tree = (await parsePython(source))!;
  const nodes = tree.rootNode.descendantsOfType(MODEL_NODE_TYPES).filter((n): n is Node => !!n);
  const model = new ModuleModel("pkg.mod", tree, nodes);
  const node = (type: string, prefix: string): Node => {
    const found = tree.rootNode.descendantsOfType(type).find((n) => n?.text.startsWith(prefix));
    if (!found) throw new Error(`no ${type} starting with ${prefix}`);
    return found;
  };
  const probe = (index = 0): Node => {
    const calls = tree.rootNode.descendantsOfType("call").filter((n) => n?.childForFieldName("function")?.text === "probe");
    const call = calls[index];
    if (!call) throw new Error(`no probe(...) call #${index}`);
    return call.childForFieldName("arguments")!.namedChildren[0]!;
  };
  return fn({ model, node, probe });
}
