/*
 * pyward's native parser: tree-sitter (its C library, the same 0.25 sources web-tree-sitter is built from) with
 * the Python grammar of tree-sitter-python, as a Node-API addon that parses a text and hands back pyward's flat
 * syntax-tree arrays (src/parse/syntax-tree.ts) in one call.
 *
 * Why: measured on the standard library, tree-sitter compiled to machine code parses in ≈ 60% of the time its
 * WASM build takes, and the copy into pyward's arrays runs here, beside the tree, without a crossing per node.
 * The walk is the one of src/parse/tree-memory.ts (which reads the same structures out of WASM memory), written
 * against tree-sitter's own headers: visible nodes in document order, aliases and fields as tree_cursor.c
 * resolves them, hidden MISSING tokens marking their visible owner as erroneous. src/parse/native.ts checks at
 * load that both give the same arrays, and falls back to the WASM parser when this addon is absent, damaged or
 * differs. Each text is parsed by a parser of its own in the thread's arena (arena.c), released at once after the
 * copy: the tree is never deleted node by node. The text must have gone through tameIndentation
 * (src/parse/parser.ts) first: it keeps the grammar's scanner from writing past its state buffer, which here would
 * corrupt the process's memory.
 *
 * Exports (one instance per thread, arena and buffers: Node-API instance data, so the addon loads in worker threads):
 * - init(named: Uint8Array, errorType: number, bits: [NAMED, MISSING, HAS_ERROR]): sets the type tables
 * - typeNames(): string[]  the grammar's public node type names by type number (symbol 65535 left out)
 * - parse(text: string, timeoutMs: number): [types, starts, ends, fields, parents, afters, flags] | null
 *     typed arrays of exact size (Uint16, Int32, Int32, Uint16, Int32, Int32, Uint8); null when the time budget
 *     (milliseconds of wall time; negative: none) ran out. Offsets are UTF-16 code units.
 * - parseOnly(text: string): undefined   parses and drops the tree (the parse-only benchmark; after init)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <node_api.h>
#include "tree_sitter/api.h"
#include "subtree.h"
#include "language.h"
#include "tree.h"
#include "arena.h"

const TSLanguage *tree_sitter_python(void);

/* One frame per subtree whose children are being visited (the same slots as tree-memory.ts's frames). */
typedef struct {
  Subtree subtree;
  uint32_t child, count, pos, structural;
  const TSSymbol *aliases;
  const TSFieldMapEntry *map, *map_end;
  int32_t owner;
  int32_t field; /* -1: the frame of a visible node; else the field its hidden subtree passes down (0: none) */
} Frame;

typedef struct {
  /* tree-sitter's memory while a text is parsed and copied out (arena.c): released at once afterwards */
  Arena arena;
  uint8_t *named;
  uint32_t named_count;
  uint16_t error_type;
  uint8_t bit_named, bit_missing, bit_error;
  /* output arrays, grown as needed and kept between texts */
  uint32_t size, count;
  uint16_t *types, *fields;
  int32_t *starts, *ends, *parents, *afters;
  uint8_t *flags;
  Frame *frames;
  uint32_t frame_size;
  /* the text being parsed, as UTF-16 */
  uint16_t *text;
  size_t text_capacity, text_length;
  double deadline;
} Instance;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Instance *self = data;
  pyward_arena_destroy(&self->arena);
  free(self->named);
  free(self->types);
  free(self->fields);
  free(self->starts);
  free(self->ends);
  free(self->parents);
  free(self->afters);
  free(self->flags);
  free(self->frames);
  free(self->text);
  free(self);
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

#define CHECK(call)                                               \
  do {                                                            \
    if ((call) != napi_ok) return fail(env, "pyward native parser: Node-API call failed"); \
  } while (0)

static Instance *instance(napi_env env) {
  Instance *self = NULL;
  napi_get_instance_data(env, (void **)&self);
  return self;
}

/* Makes room for `n` nodes; false when memory ran out. */
static int reserve(Instance *self, uint32_t n) {
  if (n <= self->size) return 1;
  uint32_t size = self->size ? self->size : 1 << 16;
  while (size < n) size *= 2;
#define GROW(field, type)                                              \
  do {                                                                 \
    type *p = realloc(self->field, (size_t)size * sizeof(type));       \
    if (!p) return 0;                                                  \
    self->field = p;                                                   \
  } while (0)
  GROW(types, uint16_t);
  GROW(fields, uint16_t);
  GROW(starts, int32_t);
  GROW(ends, int32_t);
  GROW(parents, int32_t);
  GROW(afters, int32_t);
  GROW(flags, uint8_t);
#undef GROW
  self->size = size;
  return 1;
}

static inline uint16_t public_type(Instance *self, const TSLanguage *language, TSSymbol symbol) {
  return symbol == ts_builtin_sym_error ? self->error_type : ts_language_public_symbol(language, symbol);
}

/* Writes the next node; returns its number, or -1 when memory ran out. */
static int32_t add(Instance *self, uint16_t type, uint32_t start, uint32_t end, uint16_t field, int32_t parent, int missing) {
  uint32_t n = self->count;
  if (n == self->size && !reserve(self, n + 1)) return -1;
  self->types[n] = type;
  self->starts[n] = (int32_t)(start >> 1);
  self->ends[n] = (int32_t)(end >> 1);
  self->fields[n] = field;
  self->parents[n] = parent;
  self->afters[n] = (int32_t)n + 1;
  uint8_t flags = type < self->named_count && self->named[type] ? self->bit_named : 0;
  if (type == self->error_type) flags |= self->bit_error;
  if (missing) flags |= self->bit_missing | self->bit_error;
  self->flags[n] = flags;
  self->count = n + 1;
  return (int32_t)n;
}

/* Opens a frame for the children of `subtree`, whose content starts at byte `pos`; false when memory ran out. */
static int open_frame(Instance *self, uint32_t *depth, const TSLanguage *language, Subtree subtree, uint32_t pos, int32_t owner, int32_t field) {
  if (*depth == self->frame_size) {
    uint32_t size = self->frame_size ? 2 * self->frame_size : 256;
    Frame *p = realloc(self->frames, size * sizeof(Frame));
    if (!p) return 0;
    self->frames = p;
    self->frame_size = size;
  }
  Frame *f = &self->frames[(*depth)++];
  uint16_t production = subtree.ptr->production_id;
  f->subtree = subtree;
  f->child = 0;
  f->count = subtree.ptr->child_count;
  f->pos = pos;
  f->structural = 0;
  f->aliases = ts_language_alias_sequence(language, production);
  ts_language_field_map(language, production, &f->map, &f->map_end);
  f->owner = owner;
  f->field = field;
  return 1;
}

/* Copies `tree` into the output arrays (see tree-memory.ts, whose walk this is); false when memory ran out. */
static int copy_tree(Instance *self, const TSTree *tree) {
  const TSLanguage *language = tree->language;
  Subtree root = tree->root;
  uint32_t padding = ts_subtree_padding(root).bytes;
  uint32_t depth = 0;
  self->count = 0;
  if (!reserve(self, 1 << 10)) return 0;
  if (add(self, public_type(self, language, ts_subtree_symbol(root)), padding, padding + ts_subtree_size(root).bytes, 0, -1, ts_subtree_missing(root)) < 0) return 0;
  if (ts_subtree_child_count(root) > 0 && !open_frame(self, &depth, language, root, padding, 0, -1)) return 0;

  while (depth > 0) {
    Frame *f = &self->frames[depth - 1];
    if (f->child == f->count) {
      /* the frame is done; a visible subtree's node ends here */
      depth--;
      if (f->field == -1) self->afters[f->owner] = (int32_t)self->count;
      continue;
    }
    Subtree child = ts_subtree_children(f->subtree)[f->child];
    int extra = ts_subtree_extra(child);
    uint32_t start = f->pos;
    uint32_t end = start + ts_subtree_size(child).bytes;
    f->child++;
    f->pos = f->child < f->count ? end + ts_subtree_padding(ts_subtree_children(f->subtree)[f->child]).bytes : end;
    TSSymbol alias = 0;
    uint32_t structural = 0;
    uint16_t field = 0;
    if (!extra) {
      structural = f->structural++;
      if (f->aliases) alias = f->aliases[structural];
      for (const TSFieldMapEntry *e = f->map; e && e < f->map_end; e++) {
        if (e->child_index == structural && !e->inherited) {
          field = e->field_id;
          break;
        }
      }
      if (field == 0 && f->field > 0) field = (uint16_t)f->field;
    }
    uint32_t child_count = ts_subtree_child_count(child);
    int32_t owner = f->owner;
    if (ts_subtree_visible(child) || alias != 0) {
      int32_t node = add(self, public_type(self, language, alias ? alias : ts_subtree_symbol(child)), start, end, field, owner, ts_subtree_missing(child));
      if (node < 0) return 0;
      if (child_count > 0 && !open_frame(self, &depth, language, child, start, node, -1)) return 0;
    } else if (child_count > 0) {
      /* a hidden rule: its children belong to the visible owner; they inherit its field unless it is an extra */
      if (!open_frame(self, &depth, language, child, start, owner, extra ? 0 : field)) return 0;
    } else if (ts_subtree_missing(child)) {
      /* a hidden token the parser inserted (a MISSING newline): an error of the visible node it belongs to */
      self->flags[owner] |= self->bit_error;
    }
  }
  /* children come after their parent: one backward pass carries errors to every ancestor */
  for (uint32_t i = self->count; i-- > 1;) {
    if (self->flags[i] & self->bit_error) self->flags[self->parents[i]] |= self->bit_error;
  }
  return 1;
}

static const char *read_text(void *payload, uint32_t byte_index, TSPoint position, uint32_t *bytes_read) {
  (void)position;
  Instance *self = payload;
  size_t bytes = self->text_length * 2;
  if (byte_index >= bytes) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = (uint32_t)(bytes - byte_index);
  return (const char *)self->text + byte_index;
}

static bool past_deadline(TSParseState *state) {
  Instance *self = state->payload;
  return now_ms() > self->deadline;
}

/* Reads the JS string `value` into self->text (UTF-16); false when memory ran out. */
static int take_text(napi_env env, Instance *self, napi_value value) {
  size_t length = 0;
  if (napi_get_value_string_utf16(env, value, NULL, 0, &length) != napi_ok) return -1;
  if (length + 1 > self->text_capacity) {
    uint16_t *p = realloc(self->text, (length + 1) * sizeof(uint16_t));
    if (!p) return 0;
    self->text = p;
    self->text_capacity = length + 1;
  }
  size_t copied = 0;
  if (napi_get_value_string_utf16(env, value, (char16_t *)self->text, length + 1, &copied) != napi_ok) return -1;
  self->text_length = copied;
  return 1;
}

/*
 * Parses the text in self->text in the instance's arena, with a parser of its own (see arena.c: nothing tree-sitter
 * made outlives the call), and copies the tree out when `copy` is set. Returns 1 when parsed (and copied), 0
 * when the budget ran out, -1 when memory ran out in the copy, -2 when the grammar does not load.
 */
static int parse_text(Instance *self, double timeout_ms, int copy) {
  pyward_arena_begin(&self->arena);
  int status = -2;
  TSParser *parser = ts_parser_new();
  if (ts_parser_set_language(parser, tree_sitter_python())) {
    TSInput input = {self, read_text, TSInputEncodingUTF16LE, NULL};
    TSTree *tree;
    if (timeout_ms >= 0) {
      self->deadline = now_ms() + timeout_ms;
      TSParseOptions options = {self, past_deadline};
      tree = ts_parser_parse_with_options(parser, NULL, input, options);
    } else {
      tree = ts_parser_parse(parser, NULL, input);
    }
    status = !tree ? 0 : !copy || copy_tree(self, tree) ? 1 : -1;
    /* the tree is not deleted: its blocks go with the arena's */
  }
  /* the parser is, for its external scanner's libc memory */
  ts_parser_delete(parser);
  pyward_arena_end(&self->arena);
  return status;
}

static napi_value typed(napi_env env, napi_typedarray_type kind, const void *data, size_t count, size_t width) {
  napi_value buffer, array;
  void *bytes = NULL;
  if (napi_create_arraybuffer(env, count * width, &bytes, &buffer) != napi_ok) return NULL;
  if (count) memcpy(bytes, data, count * width);
  if (napi_create_typedarray(env, kind, count, buffer, 0, &array) != napi_ok) return NULL;
  return array;
}

/*
 * Reads a call's arguments (up to *argc of them) and its first, the text, into the instance's buffer. Returns
 * the instance, or NULL after throwing a JS error.
 */
static Instance *begin_call(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  const char *error = NULL;
  Instance *self = instance(env);
  if (napi_get_cb_info(env, info, argc, argv, NULL, NULL) != napi_ok) error = "pyward native parser: Node-API call failed";
  else if (!self || !self->named) error = "pyward native parser: init() was not called";
  else if (*argc < 1) error = "pyward native parser: no text to parse";
  else {
    int taken = take_text(env, self, argv[0]);
    if (taken < 0) error = "pyward native parser: the text is not a string";
    else if (taken == 0) error = "pyward native parser: out of memory";
  }
  if (error) {
    fail(env, error);
    return NULL;
  }
  return self;
}

/* Frees a huge text's scratch, so that one such text does not hold memory for the thread's life. */
static void release_scratch(Instance *self) {
#ifdef __GLIBC__
  /*
   * after a huge text, libc's heap holds what its large blocks (and these arrays) took: glibc serves big requests
   * from its heap once it has freed a mapped one, and keeps it (a review measured ≈ 87 MB held after two 1 M
   * character texts, 3 MB with trimming); a trim gives it back (a few milliseconds, after a parse of hundreds)
   */
  int trim = self->text_length > (1u << 18);
#endif
  if (self->size > (1u << 20)) {
    self->size = 0;
    free(self->types), free(self->fields), free(self->starts), free(self->ends);
    free(self->parents), free(self->afters), free(self->flags);
    self->types = self->fields = NULL;
    self->starts = self->ends = self->parents = self->afters = NULL;
    self->flags = NULL;
  }
  if (self->text_capacity > (1u << 22)) {
    free(self->text);
    self->text = NULL;
    self->text_capacity = self->text_length = 0;
  }
#ifdef __GLIBC__
  if (trim) malloc_trim(0);
#endif
}

static napi_value js_parse(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  Instance *self = begin_call(env, info, &argc, argv);
  if (!self) return NULL;
  double timeout_ms = -1;
  if (argc > 1) napi_get_value_double(env, argv[1], &timeout_ms);
  int status = parse_text(self, timeout_ms, 1);
  napi_value result;
  if (status == 0) {
    release_scratch(self);
    CHECK(napi_get_null(env, &result));
    return result;
  }
  if (status < 0) {
    release_scratch(self);
    return fail(env, status == -1 ? "pyward native parser: out of memory" : "pyward native parser: the grammar does not load");
  }
  size_t n = self->count;
  CHECK(napi_create_array_with_length(env, 7, &result));
  napi_value parts[7] = {
    typed(env, napi_uint16_array, self->types, n, 2),
    typed(env, napi_int32_array, self->starts, n, 4),
    typed(env, napi_int32_array, self->ends, n, 4),
    typed(env, napi_uint16_array, self->fields, n, 2),
    typed(env, napi_int32_array, self->parents, n, 4),
    typed(env, napi_int32_array, self->afters, n, 4),
    typed(env, napi_uint8_array, self->flags, n, 1),
  };
  release_scratch(self);
  for (uint32_t i = 0; i < 7; i++) {
    if (!parts[i]) return fail(env, "pyward native parser: out of memory");
    CHECK(napi_set_element(env, result, i, parts[i]));
  }
  return result;
}

static napi_value js_parse_only(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Instance *self = begin_call(env, info, &argc, argv);
  if (!self) return NULL;
  int status = parse_text(self, -1, 0);
  release_scratch(self);
  if (status < 0) return fail(env, "pyward native parser: the grammar does not load");
  napi_value result;
  CHECK(napi_get_undefined(env, &result));
  return result;
}

static napi_value js_init(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Instance *self = instance(env);
  if (!self || argc < 3) return fail(env, "pyward native parser: init(named, errorType, bits) needs three arguments");
  napi_typedarray_type kind;
  size_t length;
  void *data;
  CHECK(napi_get_typedarray_info(env, argv[0], &kind, &length, &data, NULL, NULL));
  if (kind != napi_uint8_array) return fail(env, "pyward native parser: named must be a Uint8Array");
  uint32_t error_type, bit;
  CHECK(napi_get_value_uint32(env, argv[1], &error_type));
  uint8_t *named = malloc(length ? length : 1);
  if (!named) return fail(env, "pyward native parser: out of memory");
  memcpy(named, data, length);
  free(self->named);
  self->named = named;
  self->named_count = (uint32_t)length;
  self->error_type = (uint16_t)error_type;
  uint8_t *bits[3] = {&self->bit_named, &self->bit_missing, &self->bit_error};
  for (uint32_t i = 0; i < 3; i++) {
    napi_value element;
    CHECK(napi_get_element(env, argv[2], i, &element));
    CHECK(napi_get_value_uint32(env, element, &bit));
    *bits[i] = (uint8_t)bit;
  }
  napi_value result;
  CHECK(napi_get_undefined(env, &result));
  return result;
}

static napi_value js_type_names(napi_env env, napi_callback_info info) {
  (void)info;
  const TSLanguage *language = tree_sitter_python();
  uint32_t count = ts_language_symbol_count(language);
  napi_value result;
  CHECK(napi_create_array_with_length(env, count, &result));
  for (uint32_t i = 0; i < count; i++) {
    const char *name = ts_language_symbol_name(language, (TSSymbol)i);
    napi_value value;
    if (name) CHECK(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &value));
    else CHECK(napi_get_null(env, &value));
    CHECK(napi_set_element(env, result, i, value));
  }
  return result;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  pyward_arena_install();
  Instance *self = calloc(1, sizeof(Instance));
  if (!self) return fail(env, "pyward native parser: out of memory");
  /* the grammar loads (the ABI it was generated for is one this tree-sitter reads): an empty text parses */
  if (parse_text(self, -1, 0) == -2) {
    finalize(env, self, NULL);
    return fail(env, "pyward native parser: the grammar does not load");
  }
  if (napi_set_instance_data(env, self, finalize, NULL) != napi_ok) {
    finalize(env, self, NULL);
    return fail(env, "pyward native parser: Node-API call failed");
  }
  napi_property_descriptor methods[] = {
    {"init", NULL, js_init, NULL, NULL, NULL, napi_default, NULL},
    {"typeNames", NULL, js_type_names, NULL, NULL, NULL, napi_default, NULL},
    {"parse", NULL, js_parse, NULL, NULL, NULL, napi_default, NULL},
    {"parseOnly", NULL, js_parse_only, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods));
  return exports;
}
