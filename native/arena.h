/*
 * pyward's allocator for tree-sitter's memory during one parse (see arena.c).
 *
 * Usage, on one thread: pyward_arena_install() once per process; then for each text
 * pyward_arena_begin(&arena), create a parser, parse, read the tree, delete the parser (not the tree),
 * pyward_arena_end(&arena). Everything tree-sitter allocated between begin and end is released by end.
 */
#ifndef PYWARD_ARENA_H
#define PYWARD_ARENA_H

#include <stddef.h>
#include <stdint.h>

/** Size classes of small blocks: 16 bytes each, header included, up to ARENA_SMALL_MAX bytes (requests up to 2,032). */
#define ARENA_SMALL_MAX 2048
#define ARENA_CLASSES (ARENA_SMALL_MAX / 16 + 1)
/** 64-bit words of the bitmap of non-empty free lists. */
#define ARENA_CLASS_WORDS ((ARENA_CLASSES + 63) / 64)

typedef struct ArenaChunk ArenaChunk;
typedef struct ArenaLarge ArenaLarge;

/** One thread's arena: bump-allocated chunks, a free list per size class, and its large blocks. */
typedef struct {
  ArenaChunk *chunks;        /* chunks in use: the one being bumped first, then the older ones */
  ArenaChunk *spare;         /* chunks kept from earlier parses, free */
  char *bump, *limit;        /* free space of the chunk being bumped */
  void *free_lists[ARENA_CLASSES];
  uint64_t nonempty[ARENA_CLASS_WORDS]; /* bit c: free_lists[c] is not empty */
  ArenaLarge *large;         /* live large blocks (libc), a doubly linked list */
} Arena;

/** Routes tree-sitter's allocations through this file's functions (process-wide, idempotent, thread-safe). */
void pyward_arena_install(void);

/** Makes `arena` (zeroed, or ended before) the calling thread's: tree-sitter allocates from it until the end. */
void pyward_arena_begin(Arena *arena);

/** Releases every block allocated in `arena` since its begin and detaches it from the thread; keeps up to 16 MiB of chunks. */
void pyward_arena_end(Arena *arena);

/** Frees all of `arena`'s memory (its kept chunk too); the arena must not be in use. */
void pyward_arena_destroy(Arena *arena);

#endif
