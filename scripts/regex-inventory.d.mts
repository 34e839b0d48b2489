/** A regex written in pyward's source. */
export interface InventoryRegex {
  file: string;
  line: number;
  source: string;
  flags: string;
}
/** A `new RegExp(...)` whose pattern is built at run time. */
export interface InventoryDynamic {
  file: string;
  line: number;
  code: string;
}
/** Lists the regexes under `root` (default `src`). */
export function regexInventory(root?: string): { regexes: InventoryRegex[]; dynamic: InventoryDynamic[] };
