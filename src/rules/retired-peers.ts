/**
 * Peer ids without a pyward rule because their tool withdrew them: named in messages instead of a bare
 * "unknown rule" (`--select B309`, a `.bandit` `skips` list).
 */

/**
 * Peer ids that Bandit itself withdrew, so no pyward rule carries them as an alias: id → why (for messages).
 */
export const RETIRED_PEER_IDS: Readonly<Record<string, string>> = {
  B309: "Bandit removed B309 (HTTPSConnection without certificate checks): Python verifies certificates by default since 3.4.3",
  B322: "Bandit removed B322 (input): Python 2's input() evaluated its text; Python 3's does not",
  B414: "Bandit removed B414 (pycryptodome imports): PyCryptodome is maintained",
};
