/*
 * pyward's allocator for tree-sitter's memory during one parse.
 *
 * Why: a parse makes and frees millions of small blocks (subtrees, their child lists, stack nodes), and deleting
 * a tree walks all of it again to free it block by block. Measured on the standard library, libc's malloc and
 * free and the tree's deletion took ≈ a third of the native parse. Here a parse takes its blocks from an arena
 * of 1 MiB chunks mapped from the system (a free list per 16-byte size class recycles what it frees while it
 * runs, and a larger free block is split before a new chunk is mapped), and when the tree has been copied out,
 * the whole arena is released at once: the tree is never deleted block by block.
 *
 * The contract (see arena.h): every tree-sitter object made between pyward_arena_begin and pyward_arena_end on a
 * thread is dead after the end. pyward_parser.c keeps it by making a parser for each text and deleting it (its
 * external scanner holds libc memory of its own) before the end. Blocks larger than ARENA_SMALL_MAX come from
 * libc, listed so that the end frees those still live. A block made outside any arena (none is, in pyward) is
 * a plain libc block with the same header and is freed as one.
 *
 * tree-sitter's allocation functions are process-wide (ts_set_allocator); the arena they use is the calling
 * thread's (thread-local), so worker threads parse side by side, each in its own arena.
 */
#include <pthread.h>
#include <stdint.h>
#ifndef _WIN32
#include <sys/mman.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "tree_sitter/api.h"

/* The header before every block: what it is, its size class (small blocks), its requested size in bytes. */
typedef struct {
  uint32_t kind;
  uint32_t cls;
  size_t size;
} Header;

_Static_assert(sizeof(Header) == 16, "a header keeps blocks 16-byte aligned");

enum {
  KIND_HEAP = 0x70684561u,  /* a libc block made outside an arena */
  KIND_SMALL = 0x70734d61u, /* a block of an arena chunk, in use */
  KIND_FREE = 0x70664561u,  /* a block of an arena chunk, on a free list */
  KIND_LARGE = 0x704c7261u, /* an arena's libc block, on its large list */
};

struct ArenaChunk {
  ArenaChunk *next;
  size_t bytes; /* the chunk's size, this header included */
};

_Static_assert(sizeof(ArenaChunk) == 16, "a chunk's blocks start 16-byte aligned");

struct ArenaLarge {
  ArenaLarge *prev, *next;
  Header header;
};

_Static_assert(sizeof(ArenaLarge) == 32, "a large block stays 16-byte aligned");

/*
 * Two builds for AddressSanitizer runs (see README, The parser). With -DPYWARD_ARENA_CHECKED every block is a libc
 * block on the large list, so that the sanitizer sees each one: a block tree-sitter uses after its free or after
 * the arena's end, or writes past. With -DPYWARD_ARENA_POISON the arena works as it does in production, and marks
 * for the sanitizer what no one may touch (free blocks, a block's bytes past the request, the unbumped rest of a
 * chunk, a chunk after the end; not the headers, which only this file reads): this tests the arena's own code,
 * its free lists, splits and chunks.
 */
#ifdef PYWARD_ARENA_CHECKED
#define SMALL_BLOCKS 0
#else
#define SMALL_BLOCKS 1
#endif
#ifdef PYWARD_ARENA_POISON
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)0)
#define UNPOISON(p, n) ((void)0)
#endif

/** Size of a chunk, in bytes. */
#define CHUNK_BYTES ((size_t)1 << 20)
/** Chunks an arena keeps for its next parse, in bytes (the rest goes back to libc at the end). */
#define KEEP_BYTES ((size_t)16 << 20)

static __thread Arena *current;

static _Noreturn void out_of_memory(size_t size) {
  fprintf(stderr, "pyward native parser: failed to allocate %zu bytes\n", size);
  abort();
}

/*
 * A broken contract (arena.h) would corrupt memory silently: it ends the process instead, where it can tell. It
 * tells a block freed twice, and a block freed or reallocated while the thread has no arena; not a block of an
 * ended arena freed during the thread's next parse, nor one whose chunk was already unmapped (pyward's parse_text
 * never frees outside begin and end).
 */
static _Noreturn void broken(const char *what) {
  fprintf(stderr, "pyward native parser: %s\n", what);
  abort();
}

/*
 * Chunks are mapped from the system, not taken from libc, and unmapped when not kept: libc's malloc, once it had
 * freed one such block, served the next from its heap, and a parse of a huge text then left its hundreds of MB in
 * the process (the review measured 589 MB held after an 800k-character file, 229 MB before the arena).
 */
static ArenaChunk *map_chunk(void) {
#ifdef _WIN32
  ArenaChunk *c = malloc(CHUNK_BYTES);
  if (!c) out_of_memory(CHUNK_BYTES);
#else
  void *p = mmap(NULL, CHUNK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) out_of_memory(CHUNK_BYTES);
  ArenaChunk *c = p;
#endif
  c->bytes = CHUNK_BYTES;
  return c;
}

static void unmap_chunk(ArenaChunk *c) {
  UNPOISON(c, c->bytes);
#ifdef _WIN32
  free(c);
#else
  munmap(c, c->bytes);
#endif
}

/* Bytes a small block of class `cls` holds after its header. */
static inline size_t payload(uint32_t cls) {
  return (size_t)cls * 16 - sizeof(Header);
}

/* The large block whose header is `h`. */
static inline ArenaLarge *large_of(Header *h) {
  return (ArenaLarge *)((char *)h - offsetof(ArenaLarge, header));
}

/* Puts `h` (class `cls`) on its free list. */
static inline void push_free(Arena *a, Header *h, uint32_t cls) {
  h->kind = KIND_FREE;
  h->cls = cls;
  UNPOISON(h + 1, sizeof(void *));
  *(void **)(h + 1) = a->free_lists[cls];
  POISON(h + 1, payload(cls));
  a->free_lists[cls] = h;
  a->nonempty[cls >> 6] |= (uint64_t)1 << (cls & 63);
}

/* Takes the first block of class `cls`'s free list (which must not be empty). */
static inline Header *pop_free(Arena *a, uint32_t cls) {
  Header *h = a->free_lists[cls];
  UNPOISON(h + 1, payload(cls));
  a->free_lists[cls] = *(void **)(h + 1);
  if (!a->free_lists[cls]) a->nonempty[cls >> 6] &= ~((uint64_t)1 << (cls & 63));
  h->kind = KIND_SMALL;
  return h;
}

/* The smallest class above `cls` whose free list holds a block, or 0. */
static inline uint32_t larger_free(const Arena *a, uint32_t cls) {
  uint32_t from = cls + 1;
  for (uint32_t w = from >> 6; w < ARENA_CLASS_WORDS; w++) {
    uint64_t bits = a->nonempty[w];
    if (w == from >> 6) bits &= ~(uint64_t)0 << (from & 63);
    if (bits) return w * 64 + (uint32_t)__builtin_ctzll(bits);
  }
  return 0;
}

/* Hands out small block `h` for a request of `size` bytes (for the sanitizer, the rest of the block stays marked). */
static inline void *hand_out(Header *h, size_t size) {
  h->size = size;
  /* the whole block marked, then its first `size` bytes unmarked: exact to the byte past the request */
  POISON(h + 1, payload(h->cls));
  UNPOISON(h + 1, size);
  return h + 1;
}

/* Makes a chunk (a spare one, else a new one) the one being bumped; small blocks (≤ ARENA_SMALL_MAX) always fit. */
static void new_chunk(Arena *a) {
  ArenaChunk *c = a->spare;
  if (c) {
    a->spare = c->next;
  } else {
    c = map_chunk();
  }
  size_t bytes = c->bytes;
  c->next = a->chunks;
  a->chunks = c;
  a->bump = (char *)(c + 1);
  a->limit = (char *)c + bytes;
  POISON(a->bump, bytes - sizeof(ArenaChunk));
}

static void *heap_alloc(size_t size) {
  if (size > SIZE_MAX - sizeof(Header)) out_of_memory(size);
  Header *h = malloc(sizeof(Header) + size);
  if (!h) out_of_memory(size);
  h->kind = KIND_HEAP;
  h->cls = 0;
  h->size = size;
  return h + 1;
}

static void *arena_alloc(Arena *a, size_t size) {
  if (SMALL_BLOCKS && size <= ARENA_SMALL_MAX - sizeof(Header)) {
    size_t total = (size + sizeof(Header) + 15) & ~(size_t)15;
    if (total < 32) total = 32; /* room for the free list's link */
    uint32_t cls = (uint32_t)(total / 16);
    int fits = (size_t)(a->limit - a->bump) >= total;
    Header *h;
    uint32_t from;
    if (a->free_lists[cls]) {
      h = pop_free(a, cls);
    } else if (!fits && (from = larger_free(a, cls)) != 0) {
      /*
       * before a new chunk, a free block of a larger class, split when the rest can be a block: without this,
       * memory freed in one class never served another, and a 1 MB text of nested brackets peaked at 616 MB
       * against libc's 468 MB
       */
      h = pop_free(a, from);
      if (from - cls >= 2) {
        push_free(a, (Header *)((char *)h + total), from - cls);
        h->cls = cls;
      }
    } else {
      if (!fits) new_chunk(a);
      h = (Header *)a->bump;
      UNPOISON(h, sizeof(Header));
      a->bump += total;
      h->kind = KIND_SMALL;
      h->cls = cls;
    }
    return hand_out(h, size);
  }
  if (size > SIZE_MAX - sizeof(ArenaLarge)) out_of_memory(size);
  ArenaLarge *l = malloc(sizeof(ArenaLarge) + size);
  if (!l) out_of_memory(size);
  l->prev = NULL;
  l->next = a->large;
  if (a->large) a->large->prev = l;
  a->large = l;
  l->header.kind = KIND_LARGE;
  l->header.cls = 0;
  l->header.size = size;
  return &l->header + 1;
}

static void *pw_malloc(size_t size) {
  Arena *a = current;
  return a ? arena_alloc(a, size) : heap_alloc(size);
}

static void *pw_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) out_of_memory(SIZE_MAX);
  void *p = pw_malloc(count * size);
  memset(p, 0, count * size);
  return p;
}

static void pw_free(void *ptr) {
  if (!ptr) return;
  Header *h = (Header *)ptr - 1;
  Arena *a = current;
  switch (h->kind) {
    case KIND_HEAP:
      free(h);
      return;
    case KIND_SMALL:
      if (!a) broken("an arena's block freed after the arena's end");
      push_free(a, h, h->cls);
      return;
    case KIND_FREE:
      broken("an arena's block freed twice");
    case KIND_LARGE: {
      if (!a) broken("an arena's block freed after the arena's end");
      ArenaLarge *l = large_of(h);
      if (l->prev) l->prev->next = l->next;
      else a->large = l->next;
      if (l->next) l->next->prev = l->prev;
      free(l);
      return;
    }
    default:
      broken("freeing a block that is not a live one of the arena's or libc's");
  }
}

static void *pw_realloc(void *ptr, size_t size) {
  if (!ptr) return pw_malloc(size);
  Header *h = (Header *)ptr - 1;
  Arena *a = current;
  switch (h->kind) {
    case KIND_HEAP: {
      if (size > SIZE_MAX - sizeof(Header)) out_of_memory(size);
      Header *n = realloc(h, sizeof(Header) + size);
      if (!n) out_of_memory(size);
      n->size = size;
      return n + 1;
    }
    case KIND_SMALL: {
      if (!a) broken("an arena's block reallocated after the arena's end");
      if (size <= payload(h->cls)) return hand_out(h, size);
      void *p = pw_malloc(size);
      memcpy(p, ptr, h->size);
      pw_free(ptr);
      return p;
    }
    case KIND_LARGE: {
      if (!a) broken("an arena's block reallocated after the arena's end");
      ArenaLarge *l = large_of(h);
      if (size > SIZE_MAX - sizeof(ArenaLarge)) out_of_memory(size);
      ArenaLarge *n = realloc(l, sizeof(ArenaLarge) + size);
      if (!n) out_of_memory(size);
      if (n->prev) n->prev->next = n;
      else a->large = n;
      if (n->next) n->next->prev = n;
      n->header.size = size;
      return &n->header + 1;
    }
    default:
      broken("reallocating a block that is not a live one of the arena's or libc's");
  }
}

static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void install(void) {
  ts_set_allocator(pw_malloc, pw_calloc, pw_realloc, pw_free);
}

void pyward_arena_install(void) {
  pthread_once(&installed, install);
}

void pyward_arena_begin(Arena *arena) {
  current = arena;
}

void pyward_arena_end(Arena *arena) {
  for (ArenaLarge *l = arena->large, *next; l; l = next) {
    next = l->next;
    free(l);
  }
  arena->large = NULL;
  /* the chunks become spares, up to KEEP_BYTES of them; the others go back to libc */
  size_t kept = 0;
  for (ArenaChunk *c = arena->spare; c; c = c->next) kept += c->bytes;
  for (ArenaChunk *c = arena->chunks, *next; c; c = next) {
    next = c->next;
    if (kept + c->bytes <= KEEP_BYTES) {
      kept += c->bytes;
      c->next = arena->spare;
      arena->spare = c;
      POISON(c + 1, c->bytes - sizeof(ArenaChunk));
    } else {
      unmap_chunk(c);
    }
  }
  arena->chunks = NULL;
  arena->bump = arena->limit = NULL;
  memset(arena->free_lists, 0, sizeof arena->free_lists);
  memset(arena->nonempty, 0, sizeof arena->nonempty);
  if (current == arena) current = NULL;
}

void pyward_arena_destroy(Arena *arena) {
  pyward_arena_end(arena);
  for (ArenaChunk *c = arena->spare, *next; c; c = next) {
    next = c->next;
    unmap_chunk(c);
  }
  memset(arena, 0, sizeof *arena);
}
