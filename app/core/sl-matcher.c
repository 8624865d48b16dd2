#define G_LOG_DOMAIN "sl-matcher"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sl-error.h"
#include "sl-matcher.h"
#include "sl-plate.h"
#include "sl-read.h"

/* Plate characters as small numbers: A–Z are 0–25, 0–9 are 26–35. */
#define N_SYMBOLS 36

/* Exact plates are kept zero-padded in a fixed buffer; keys are 16 bytes so
 * that hashing reads two whole words. */
#define PLATE_SIZE 12
#define KEY_SIZE   16

#define NONE         G_MAXUINT32
#define REGION_ANY   0
#define REGION_OTHER G_MAXUINT16

#define ENTRY_IN_USE  (1 << 0)
#define ENTRY_PATTERN (1 << 1)

/* Gram codes of 1 to 3 symbols, each digit 1–36 in base 37. */
#define GRAM_BASE    (N_SYMBOLS + 1)
#define N_GRAM_CODES (GRAM_BASE * GRAM_BASE * GRAM_BASE)
#define GRAM_MAX     3

/* Look-ups of plate variants are issued in batches, so their cache misses overlap. */
#define BATCH_SIZE 32

static const char default_classes[] =
  "0 O D Q\n"
  "1 I L\n"
  "2 Z\n"
  "5 S\n"
  "8 B 3\n"
  "6 G\n"
  "E F P\n"
  "H K M R\n"
  "T V Y 7\n"
  "U V\n"
  "C G\n";

struct _SlOcrClasses
{
  guint64 lookalike[256];               /* bit s: shares a class with symbol s */
  char    mates[256][N_SYMBOLS + 1];    /* the look-alikes of each character, as a string */
};

typedef struct
{
  gint64   id;
  gint64   effective_us;
  gint64   expires_us;
  gint32   priority;
  guint32  link;                        /* exact: next entry with the same plate; pattern: its
                                         * slot in patterns; free: next free entry */
  guint16  region;
  guint8   tolerance;
  guint8   flags;
  char     plate[PLATE_SIZE];           /* exact entries only */
} Entry;

typedef struct
{
  char    *glob;
  guint64  want[2];                     /* without '*': the known characters of a key, */
  guint64  mask[2];                     /* and where they are */
  guint32  entry;
  guint32  next;                        /* in its bucket; free: next free pattern */
  guint8   n_fixed;                     /* characters besides '*' */
} Pattern;

/* Open addressing, linear probing, at most half full. The tag is the key's
 * hash, its low bits the home slot; value NONE marks an empty slot. */
typedef struct
{
  guint32 tag;
  guint32 value;
} Slot;

typedef struct
{
  Slot    *slots;
  guint32  mask;
  guint32  n_used;
} Index;

struct _SlMatcher
{
  SlOcrClasses  classes;

  Entry        *entries;
  guint32       n_allocated;
  guint32       n_slots_used;           /* entries[0..n_slots_used) were handed out once */
  guint32       free_entry;
  Index         by_plate;               /* plate → first entry of its chain */
  Index         by_id;                  /* id → entry */
  GHashTable   *regions;                /* region code → number, 1 up */

  Pattern      *patterns;
  guint32       n_patterns_allocated;
  guint32       n_pattern_slots_used;
  guint32       free_pattern;
  guint32      *fixed_heads;            /* patterns without '*', by length, position and
                                         * symbol of their first known character */
  guint32      *gram_heads;             /* patterns with '*', by a gram they must contain */

  guint         n_entries;
  guint         n_tolerant;             /* exact entries with k ≥ 1 */
  guint         n_tolerant2;            /* exact entries with k = 2 */
  guint         n_patterns;
};

static inline int
symbol_of (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= '0' && c <= '9')
    return 26 + (c - '0');
  return -1;
}

static inline char
char_of_symbol (int s)
{
  return s < 26 ? 'A' + s : '0' + (s - 26);
}

/* OCR classes */

static gboolean
parse_classes (SlOcrClasses  *self,
               const char    *text,
               GError       **error)
{
  g_auto(GStrv) lines = NULL;
  guint n_classes = 0;

  memset (self, 0, sizeof *self);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID, "The OCR classes are not UTF-8 text");
      return FALSE;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) tokens = NULL;
      char *comment = strchr (lines[i], '#');
      guint64 members = 0;
      guint n_members = 0;

      if (comment != NULL)
        *comment = '\0';
      g_strdelimit (lines[i], "\t\r\v\f", ' ');

      tokens = g_strsplit (lines[i], " ", -1);
      for (guint t = 0; tokens[t] != NULL; t++)
        {
          const char *token = tokens[t];
          int s;

          if (*token == '\0')
            continue;
          if (g_utf8_strlen (token, -1) != 1)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                           "Line %u: “%s” is not one character; separate the characters of a class with spaces",
                           i + 1, token);
              return FALSE;
            }
          s = symbol_of (g_ascii_toupper (*token));
          if (s < 0)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                           "Line %u: “%s” is not a letter A–Z or a digit 0–9", i + 1, token);
              return FALSE;
            }
          if (members & (G_GUINT64_CONSTANT (1) << s))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                           "Line %u: “%c” appears twice in the class", i + 1, char_of_symbol (s));
              return FALSE;
            }
          members |= G_GUINT64_CONSTANT (1) << s;
          n_members++;
        }

      if (n_members == 0)
        continue;
      if (n_members == 1)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       "Line %u: a class needs at least two characters that look alike", i + 1);
          return FALSE;
        }

      for (int s = 0; s < N_SYMBOLS; s++)
        if (members & (G_GUINT64_CONSTANT (1) << s))
          self->lookalike[(guchar) char_of_symbol (s)] |= members & ~(G_GUINT64_CONSTANT (1) << s);
      n_classes++;
    }

  if (n_classes == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID,
                           "The OCR classes define no class: write one class per line, "
                           "its characters separated by spaces");
      return FALSE;
    }

  for (int s = 0; s < N_SYMBOLS; s++)
    {
      guchar c = char_of_symbol (s);
      guint n = 0;

      for (int m = 0; m < N_SYMBOLS; m++)
        if (self->lookalike[c] & (G_GUINT64_CONSTANT (1) << m))
          self->mates[c][n++] = char_of_symbol (m);
    }

  return TRUE;
}

/**
 * sl_ocr_classes_new_default:
 *
 * Returns: (transfer full): the classes of DESIGN.md section 3, the same
 *   as data/ocr-classes.txt ships with.
 */
SlOcrClasses *
sl_ocr_classes_new_default (void)
{
  SlOcrClasses *self = g_new (SlOcrClasses, 1);
  gboolean ok = parse_classes (self, default_classes, NULL);

  g_assert (ok);
  return self;
}

/**
 * sl_ocr_classes_new_from_text:
 * @text: one class per line, its characters separated by spaces; `#` starts
 *   a comment; a character may be in several classes
 *
 * Returns: (transfer full): the classes, or %NULL with an
 *   %SL_ERROR_INVALID that names the bad line.
 */
SlOcrClasses *
sl_ocr_classes_new_from_text (const char  *text,
                              GError     **error)
{
  g_autofree SlOcrClasses *self = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new (SlOcrClasses, 1);
  if (!parse_classes (self, text, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * sl_ocr_classes_are_lookalike:
 *
 * Returns: whether one class holds both @a and @b; a character always
 *   looks like itself.
 */
gboolean
sl_ocr_classes_are_lookalike (SlOcrClasses *self,
                              char          a,
                              char          b)
{
  int s = symbol_of (b);

  g_return_val_if_fail (self != NULL, FALSE);

  if (a == b)
    return TRUE;

  return s >= 0 && (self->lookalike[(guchar) a] & (G_GUINT64_CONSTANT (1) << s)) != 0;
}

void
sl_ocr_classes_free (SlOcrClasses *self)
{
  g_free (self);
}

/* Hash index */

static inline guint32
mix64 (guint64 x)
{
  x ^= x >> 31;
  x *= G_GUINT64_CONSTANT (0x94D049BB133111EB);
  x ^= x >> 29;
  x *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x ^= x >> 32;
  return (guint32) x;
}

static inline guint32
key_hash (const char key[KEY_SIZE])
{
  guint64 a, b;

  memcpy (&a, key, 8);
  memcpy (&b, key + 8, 8);
  return mix64 (a ^ (b * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)));
}

static inline guint32
id_hash (gint64 id)
{
  return mix64 ((guint64) id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
}

static void
index_init (Index   *index,
            guint32  capacity)
{
  index->slots = g_new (Slot, capacity);
  for (guint32 i = 0; i < capacity; i++)
    index->slots[i].value = NONE;
  index->mask = capacity - 1;
  index->n_used = 0;
}

static void
index_put (Index   *index,
           guint32  tag,
           guint32  value)
{
  guint32 pos = tag & index->mask;

  while (index->slots[pos].value != NONE)
    pos = (pos + 1) & index->mask;
  index->slots[pos].tag = tag;
  index->slots[pos].value = value;
  index->n_used++;
}

static void
index_insert (Index   *index,
              guint32  tag,
              guint32  value)
{
  if ((index->n_used + 1) * (guint64) 2 > (guint64) index->mask + 1)
    {
      Slot *old = index->slots;
      guint32 old_capacity = index->mask + 1;

      index_init (index, old_capacity * 2);
      for (guint32 i = 0; i < old_capacity; i++)
        if (old[i].value != NONE)
          index_put (index, old[i].tag, old[i].value);
      g_free (old);
    }

  index_put (index, tag, value);
}

/* Backward-shift deletion keeps probe runs unbroken without tombstones. */
static void
index_remove_at (Index   *index,
                 guint32  hole)
{
  guint32 j = hole;

  for (;;)
    {
      guint32 home;

      j = (j + 1) & index->mask;
      if (index->slots[j].value == NONE)
        break;

      home = index->slots[j].tag & index->mask;
      if (j > hole ? (home <= hole || home > j) : (home <= hole && home > j))
        {
          index->slots[hole] = index->slots[j];
          hole = j;
        }
    }

  index->slots[hole].value = NONE;
  index->n_used--;
}

static inline guint32
find_plate (const SlMatcher *self,
            const char       key[KEY_SIZE],
            guint32          tag)
{
  const Slot *slots = self->by_plate.slots;
  guint32 mask = self->by_plate.mask;

  for (guint32 pos = tag & mask; slots[pos].value != NONE; pos = (pos + 1) & mask)
    if (slots[pos].tag == tag && memcmp (self->entries[slots[pos].value].plate, key, PLATE_SIZE) == 0)
      return pos;

  return NONE;
}

static guint32
find_id (const SlMatcher *self,
         gint64           id)
{
  const Slot *slots = self->by_id.slots;
  guint32 mask = self->by_id.mask;
  guint32 tag = id_hash (id);

  for (guint32 pos = tag & mask; slots[pos].value != NONE; pos = (pos + 1) & mask)
    if (slots[pos].tag == tag && self->entries[slots[pos].value].id == id)
      return pos;

  return NONE;
}

/* Copies @plate into a zero-padded key; FALSE when it cannot be an indexed plate. */
static inline gboolean
make_key (const char *plate,
          char        key[KEY_SIZE])
{
  size_t len;

  if (plate == NULL)
    return FALSE;
  len = strlen (plate);
  if (len == 0 || len > SL_PLATE_MAX_LENGTH)
    return FALSE;

  memset (key, 0, KEY_SIZE);
  memcpy (key, plate, len);
  return TRUE;
}

/* Patterns */

static gboolean
glob_match (const char *glob,
            const char *plate)
{
  const char *star = NULL;
  const char *resume = NULL;

  while (*plate != '\0')
    {
      if (*glob == '*')
        {
          star = glob++;
          resume = plate;
        }
      else if (*glob != '\0' && (*glob == '?' || *glob == *plate))
        {
          glob++;
          plate++;
        }
      else if (star != NULL)
        {
          glob = star + 1;
          plate = ++resume;
        }
      else
        return FALSE;
    }

  while (*glob == '*')
    glob++;

  return *glob == '\0';
}

static inline guint
fixed_bucket (guint len,
              guint pos,
              int   symbol)
{
  return ((len - 1) * SL_PLATE_MAX_LENGTH + pos) * N_SYMBOLS + symbol;
}

/* The bucket a pattern lives in: for a pattern without '*', its length and
 * first known character; otherwise the first (up to) three characters of its
 * longest run of known characters, which every matching plate contains. */
static guint32 *
pattern_head (SlMatcher  *self,
              const char *glob)
{
  const char *run = NULL;
  guint run_len = 0;
  guint code = 0;

  if (strchr (glob, '*') == NULL)
    {
      guint pos = strspn (glob, "?");

      return &self->fixed_heads[fixed_bucket (strlen (glob), pos, symbol_of (glob[pos]))];
    }

  for (const char *p = glob; *p != '\0';)
    {
      guint n = 0;

      while (symbol_of (p[n]) >= 0)
        n++;
      if (n > run_len)
        {
          run = p;
          run_len = n;
        }
      p += n > 0 ? n : 1;
    }

  g_assert (run != NULL);
  for (guint i = 0; i < MIN (run_len, GRAM_MAX); i++)
    code = code * GRAM_BASE + symbol_of (run[i]) + 1;

  if (self->gram_heads == NULL)
    {
      self->gram_heads = g_new (guint32, N_GRAM_CODES);
      for (guint i = 0; i < N_GRAM_CODES; i++)
        self->gram_heads[i] = NONE;
    }

  return &self->gram_heads[code];
}

static gboolean
check_pattern (const char  *glob,
               guint       *n_fixed,
               GError     **error)
{
  guint n_known = 0;
  guint n = 0;

  for (const char *p = glob; *p != '\0'; p++)
    {
      if (*p == '*')
        continue;
      if (*p != '?' && symbol_of (*p) < 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       "The pattern “%s” is not normalized: use A–Z, 0–9, ? and *", glob);
          return FALSE;
        }
      if (*p != '?')
        n_known++;
      n++;
    }

  if (n_known == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "The pattern “%s” has no known character and would match every plate", glob);
      return FALSE;
    }
  if (n > SL_PLATE_MAX_LENGTH)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "The pattern “%s” is longer than a plate", glob);
      return FALSE;
    }

  *n_fixed = n;
  return TRUE;
}

static void
add_pattern (SlMatcher  *self,
             guint32     entry_index,
             const char *glob,
             guint       n_fixed)
{
  guint32 *head;
  guint32 index;
  Pattern *pattern;

  if (self->free_pattern != NONE)
    {
      index = self->free_pattern;
      self->free_pattern = self->patterns[index].next;
    }
  else
    {
      if (self->n_pattern_slots_used == self->n_patterns_allocated)
        {
          self->n_patterns_allocated = MAX (16, self->n_patterns_allocated * 2);
          self->patterns = g_renew (Pattern, self->patterns, self->n_patterns_allocated);
        }
      index = self->n_pattern_slots_used++;
    }

  head = pattern_head (self, glob);
  pattern = &self->patterns[index];
  pattern->glob = g_strdup (glob);
  pattern->entry = entry_index;
  pattern->n_fixed = n_fixed;
  if (strchr (glob, '*') == NULL)
    {
      char want[KEY_SIZE] = { 0 };
      char mask[KEY_SIZE] = { 0 };

      for (guint i = 0; glob[i] != '\0'; i++)
        if (glob[i] != '?')
          {
            want[i] = glob[i];
            mask[i] = (char) 0xFF;
          }
      memcpy (pattern->want, want, KEY_SIZE);
      memcpy (pattern->mask, mask, KEY_SIZE);
    }
  pattern->next = *head;
  *head = index;

  self->entries[entry_index].link = index;
  self->n_patterns++;
}

static void
remove_pattern (SlMatcher *self,
                guint32    index)
{
  Pattern *pattern = &self->patterns[index];
  guint32 *link = pattern_head (self, pattern->glob);

  while (*link != index)
    link = &self->patterns[*link].next;
  *link = pattern->next;

  g_clear_pointer (&pattern->glob, g_free);
  pattern->next = self->free_pattern;
  self->free_pattern = index;
  self->n_patterns--;
}

/* Matching */

typedef struct
{
  SlMatcher     *self;
  GArray        *hits;
  guint          first_hit;
  gint64         now_us;
  guint16        region;                /* REGION_ANY when the read's is unknown */
} MatchContext;

typedef struct
{
  char         key[KEY_SIZE];
  const char  *plate;                   /* the read's plate or candidate it comes from */
  guint32      tag;
  guint32      differing;
  guint        n_differing;
  SlMatchKind  kind;
} Variant;

typedef struct
{
  Variant variants[BATCH_SIZE];
  guint   n;
} Batch;

static inline gboolean
entry_applies (const MatchContext *ctx,
               const Entry        *entry)
{
  if (entry->effective_us > ctx->now_us)
    return FALSE;
  if (entry->expires_us != 0 && ctx->now_us >= entry->expires_us)
    return FALSE;

  return entry->region == REGION_ANY || ctx->region == REGION_ANY || entry->region == ctx->region;
}

/* Kinds are tried best first, so an entry that already hit keeps its hit. */
static void
add_hit (MatchContext *ctx,
         const Entry  *entry,
         SlMatchKind   kind,
         const char   *plate,
         guint32       differing)
{
  SlMatchHit hit;

  for (guint i = ctx->first_hit; i < ctx->hits->len; i++)
    if (g_array_index (ctx->hits, SlMatchHit, i).entry_id == entry->id)
      return;

  hit.entry_id = entry->id;
  hit.kind = kind;
  hit.priority = entry->priority;
  hit.matched_plate = plate;
  hit.differing = differing;
  g_array_append_val (ctx->hits, hit);
}

static void
match_chain (MatchContext *ctx,
             guint32       index,
             SlMatchKind   kind,
             const char   *plate,
             guint32       differing,
             guint         n_differing)
{
  for (; index != NONE; index = ctx->self->entries[index].link)
    {
      const Entry *entry = &ctx->self->entries[index];

      if (entry->tolerance >= n_differing && entry_applies (ctx, entry))
        add_hit (ctx, entry, kind, plate, differing);
    }
}

static void
batch_flush (MatchContext *ctx,
             Batch        *batch)
{
  const Index *index = &ctx->self->by_plate;

  for (guint i = 0; i < batch->n; i++)
    {
      batch->variants[i].tag = key_hash (batch->variants[i].key);
#ifdef __GNUC__
      __builtin_prefetch (&index->slots[batch->variants[i].tag & index->mask]);
#endif
    }

  for (guint i = 0; i < batch->n; i++)
    {
      const Variant *variant = &batch->variants[i];
      guint32 pos = find_plate (ctx->self, variant->key, variant->tag);

      if (pos != NONE)
        match_chain (ctx, index->slots[pos].value, variant->kind, variant->plate,
                     variant->differing, variant->n_differing);
    }

  batch->n = 0;
}

static inline void
batch_add (MatchContext *ctx,
           Batch        *batch,
           const char    key[KEY_SIZE],
           const char   *plate,
           SlMatchKind   kind,
           guint32       differing,
           guint         n_differing)
{
  Variant *variant = &batch->variants[batch->n++];

  memcpy (variant->key, key, KEY_SIZE);
  variant->plate = plate;
  variant->kind = kind;
  variant->differing = differing;
  variant->n_differing = n_differing;
  if (batch->n == BATCH_SIZE)
    batch_flush (ctx, batch);
}

static void
match_exact (MatchContext *ctx,
             Batch        *batch,
             const char   *plate,
             SlMatchKind   kind)
{
  char key[KEY_SIZE];

  if (make_key (plate, key))
    batch_add (ctx, batch, key, plate, kind, 0, 0);
}

/* Looks up every plate that differs from @plate in one position (two when
 * some entry allows it) by a look-alike, instead of scanning the entries.
 * @kind is SL_MATCH_TOLERANT for the read's plate, SL_MATCH_CANDIDATE for an
 * alternative reading: the hit says which reading it came through, and its
 * differing positions are that reading's. */
static void
match_tolerant (MatchContext *ctx,
                Batch        *batch,
                const char   *plate,
                SlMatchKind   kind)
{
  const SlOcrClasses *classes = &ctx->self->classes;
  char key[KEY_SIZE];
  guint len;

  if (!make_key (plate, key))
    return;

  len = strlen (plate);

  for (guint i = 0; i < len; i++)
    {
      char original_i = key[i];

      for (const char *m = classes->mates[(guchar) original_i]; *m != '\0'; m++)
        {
          key[i] = *m;
          batch_add (ctx, batch, key, plate, kind, 1u << i, 1);

          if (ctx->self->n_tolerant2 == 0)
            continue;

          for (guint j = i + 1; j < len; j++)
            {
              char original_j = key[j];

              for (const char *n = classes->mates[(guchar) original_j]; *n != '\0'; n++)
                {
                  key[j] = *n;
                  batch_add (ctx, batch, key, plate, kind, (1u << i) | (1u << j), 2);
                }
              key[j] = original_j;
            }
        }
      key[i] = original_i;
    }
}

static void
match_pattern_chain (MatchContext *ctx,
                     guint32       index,
                     const char   *plate,
                     guint         len)
{
  for (; index != NONE; index = ctx->self->patterns[index].next)
    {
      const Pattern *pattern = &ctx->self->patterns[index];
      const Entry *entry = &ctx->self->entries[pattern->entry];

      if (pattern->n_fixed <= len && glob_match (pattern->glob, plate) && entry_applies (ctx, entry))
        add_hit (ctx, entry, SL_MATCH_PATTERN, plate, 0);
    }
}

/* Patterns without '*' compare as two masked words. */
static void
match_fixed_chain (MatchContext  *ctx,
                   guint32        index,
                   const char    *plate,
                   guint          len,
                   const guint64  key[2])
{
  for (; index != NONE; index = ctx->self->patterns[index].next)
    {
      const Pattern *pattern = &ctx->self->patterns[index];
      const Entry *entry = &ctx->self->entries[pattern->entry];

      if (pattern->n_fixed == len &&
          (key[0] & pattern->mask[0]) == pattern->want[0] &&
          (key[1] & pattern->mask[1]) == pattern->want[1] &&
          entry_applies (ctx, entry))
        add_hit (ctx, entry, SL_MATCH_PATTERN, plate, 0);
    }
}

static void
match_patterns (MatchContext *ctx,
                const char   *plate)
{
  SlMatcher *self = ctx->self;
  char key[KEY_SIZE];
  guint64 words[2];
  guint len;

  if (!make_key (plate, key))
    return;
  len = strlen (plate);
  memcpy (words, key, KEY_SIZE);

  for (guint pos = 0; pos < len; pos++)
    {
      int s = symbol_of (plate[pos]);

      if (s >= 0)
        match_fixed_chain (ctx, self->fixed_heads[fixed_bucket (len, pos, s)], plate, len, words);
    }

  if (self->gram_heads == NULL)
    return;

  for (guint start = 0; start < len; start++)
    {
      guint code = 0;

      for (guint n = 0; n < GRAM_MAX && start + n < len; n++)
        {
          int s = symbol_of (plate[start + n]);

          if (s < 0)
            break;
          code = code * GRAM_BASE + s + 1;
          match_pattern_chain (ctx, self->gram_heads[code], plate, len);
        }
    }
}

static int
compare_hits (const void *a,
              const void *b)
{
  const SlMatchHit *ha = a;
  const SlMatchHit *hb = b;

  if (ha->priority != hb->priority)
    return ha->priority < hb->priority ? -1 : 1;
  if (ha->kind != hb->kind)
    return ha->kind < hb->kind ? -1 : 1;
  if (ha->entry_id != hb->entry_id)
    return ha->entry_id < hb->entry_id ? -1 : 1;
  return 0;
}

/* Public API */

/**
 * sl_matcher_new:
 * @classes: (nullable): the look-alike classes for tolerant matches, copied;
 *   %NULL for sl_ocr_classes_new_default()
 *
 * Creates an empty matcher. Adding and removing entries must not run at
 * the same time as anything else on it; sl_matcher_match() only reads it,
 * so several threads may match at once.
 *
 * Returns: (transfer full): a matcher without entries
 */
SlMatcher *
sl_matcher_new (SlOcrClasses *classes)
{
  SlMatcher *self = g_new0 (SlMatcher, 1);

  if (classes != NULL)
    self->classes = *classes;
  else
    {
      gboolean ok = parse_classes (&self->classes, default_classes, NULL);

      g_assert (ok);
    }

  self->free_entry = NONE;
  self->free_pattern = NONE;
  index_init (&self->by_plate, 64);
  index_init (&self->by_id, 64);
  self->regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->fixed_heads = g_new (guint32, SL_PLATE_MAX_LENGTH * SL_PLATE_MAX_LENGTH * N_SYMBOLS);
  for (guint i = 0; i < SL_PLATE_MAX_LENGTH * SL_PLATE_MAX_LENGTH * N_SYMBOLS; i++)
    self->fixed_heads[i] = NONE;

  return self;
}

void
sl_matcher_free (SlMatcher *self)
{
  if (self == NULL)
    return;

  for (guint32 i = 0; i < self->n_pattern_slots_used; i++)
    g_free (self->patterns[i].glob);
  g_free (self->patterns);
  g_free (self->fixed_heads);
  g_free (self->gram_heads);
  g_free (self->entries);
  g_free (self->by_plate.slots);
  g_free (self->by_id.slots);
  g_hash_table_unref (self->regions);
  g_free (self);
}

/**
 * sl_matcher_add:
 * @entry: an active entry; its strings are copied
 *
 * Returns: %TRUE when the entry was added; %FALSE with %SL_ERROR_INVALID
 *   for a plate or pattern that is not normalized or a tolerance above
 *   %SL_MATCH_MAX_TOLERANCE, or %SL_ERROR_EXISTS when its id is there already.
 */
gboolean
sl_matcher_add (SlMatcher           *self,
                const SlMatchEntry  *entry,
                GError             **error)
{
  const char *region = entry != NULL && entry->region != NULL ? entry->region : "";
  gboolean is_pattern;
  guint n_fixed = 0;
  guint16 region_id = REGION_ANY;
  guint32 index;
  Entry *e;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (entry->plate != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  is_pattern = sl_plate_is_pattern (entry->plate);
  if (is_pattern)
    {
      if (!check_pattern (entry->plate, &n_fixed, error))
        return FALSE;
    }
  else
    {
      size_t len = strlen (entry->plate);

      if (len == 0 || len > SL_PLATE_MAX_LENGTH ||
          strspn (entry->plate, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != len)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                       "“%s” is not a normalized plate: 1 to %d characters A–Z and 0–9",
                       entry->plate, SL_PLATE_MAX_LENGTH);
          return FALSE;
        }
    }

  if (entry->tolerance > SL_MATCH_MAX_TOLERANCE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                   "A tolerance of %u look-alike characters is more than the %d allowed",
                   entry->tolerance, SL_MATCH_MAX_TOLERANCE);
      return FALSE;
    }

  if (find_id (self, entry->id) != NONE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_EXISTS,
                   "The matcher already holds entry %" G_GINT64_FORMAT, entry->id);
      return FALSE;
    }

  if (*region != '\0')
    {
      gpointer value;

      if (g_hash_table_lookup_extended (self->regions, region, NULL, &value))
        region_id = GPOINTER_TO_UINT (value);
      else
        {
          if (g_hash_table_size (self->regions) + 1 >= REGION_OTHER)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID,
                           "Too many different regions; “%s” is one too many", region);
              return FALSE;
            }
          region_id = g_hash_table_size (self->regions) + 1;
          g_hash_table_insert (self->regions, g_strdup (region), GUINT_TO_POINTER (region_id));
        }
    }

  if (self->free_entry != NONE)
    {
      index = self->free_entry;
      self->free_entry = self->entries[index].link;
    }
  else
    {
      if (self->n_slots_used == self->n_allocated)
        {
          self->n_allocated = MAX (64, self->n_allocated * 2);
          self->entries = g_renew (Entry, self->entries, self->n_allocated);
        }
      index = self->n_slots_used++;
    }

  e = &self->entries[index];
  memset (e, 0, sizeof *e);
  e->id = entry->id;
  e->effective_us = entry->effective_us;
  e->expires_us = entry->expires_us;
  e->priority = entry->priority;
  e->region = region_id;
  e->tolerance = entry->tolerance;
  e->flags = ENTRY_IN_USE;
  e->link = NONE;

  index_insert (&self->by_id, id_hash (entry->id), index);

  if (is_pattern)
    {
      e->flags |= ENTRY_PATTERN;
      add_pattern (self, index, entry->plate, n_fixed);
    }
  else
    {
      char key[KEY_SIZE];
      guint32 tag;
      guint32 pos;

      make_key (entry->plate, key);
      memcpy (e->plate, key, PLATE_SIZE);
      tag = key_hash (key);
      pos = find_plate (self, key, tag);
      if (pos != NONE)
        {
          e->link = self->by_plate.slots[pos].value;
          self->by_plate.slots[pos].value = index;
        }
      else
        index_insert (&self->by_plate, tag, index);

      if (e->tolerance >= 1)
        self->n_tolerant++;
      if (e->tolerance >= 2)
        self->n_tolerant2++;
    }

  self->n_entries++;
  return TRUE;
}

/**
 * sl_matcher_remove:
 *
 * Returns: whether the matcher held an entry with @entry_id.
 */
gboolean
sl_matcher_remove (SlMatcher *self,
                   gint64     entry_id)
{
  guint32 id_pos;
  guint32 index;
  Entry *e;

  g_return_val_if_fail (self != NULL, FALSE);

  id_pos = find_id (self, entry_id);
  if (id_pos == NONE)
    return FALSE;

  index = self->by_id.slots[id_pos].value;
  e = &self->entries[index];
  index_remove_at (&self->by_id, id_pos);

  if (e->flags & ENTRY_PATTERN)
    remove_pattern (self, e->link);
  else
    {
      char key[KEY_SIZE] = { 0 };
      guint32 pos;
      guint32 *link;

      memcpy (key, e->plate, PLATE_SIZE);
      pos = find_plate (self, key, key_hash (key));
      g_assert (pos != NONE);

      link = &self->by_plate.slots[pos].value;
      while (*link != index)
        link = &self->entries[*link].link;
      *link = e->link;
      if (self->by_plate.slots[pos].value == NONE)
        index_remove_at (&self->by_plate, pos);

      if (e->tolerance >= 1)
        self->n_tolerant--;
      if (e->tolerance >= 2)
        self->n_tolerant2--;
    }

  e->flags = 0;
  e->link = self->free_entry;
  self->free_entry = index;
  self->n_entries--;
  return TRUE;
}

guint
sl_matcher_get_n_entries (SlMatcher *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_entries;
}

/**
 * sl_matcher_match:
 * @read: a read with a normalized plate and candidates
 * @now_us: the time the entries must be in force at
 * @hits: (element-type SlMatchHit): where hits are appended
 *
 * Matches the read's plate, then each of its candidates, against every
 * entry in force at @now_us: exact, candidate, OCR-tolerant and pattern
 * matches, one hit per entry with its best kind. A candidate that matches
 * only with look-alikes is a %SL_MATCH_CANDIDATE hit whose `differing` are
 * the positions where that candidate and the entry differ; the read's own
 * plate matching with look-alikes is preferred to it. The hits appended are
 * in order of priority (0 first), kind, then entry id.
 *
 * Returns: the number of hits appended
 */
guint
sl_matcher_match (SlMatcher    *self,
                  const SlRead *read,
                  gint64        now_us,
                  GArray       *hits)
{
  MatchContext ctx;
  Batch batch;
  guint n_candidates;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (read != NULL, 0);
  g_return_val_if_fail (hits != NULL, 0);

  ctx.self = self;
  ctx.hits = hits;
  ctx.first_hit = hits->len;
  ctx.now_us = now_us;
  ctx.region = REGION_ANY;
  if (read->region != NULL && *read->region != '\0')
    {
      gpointer value;

      ctx.region = g_hash_table_lookup_extended (self->regions, read->region, NULL, &value)
        ? GPOINTER_TO_UINT (value) : REGION_OTHER;
    }

  n_candidates = read->candidates != NULL ? read->candidates->len : 0;

  /* Look-ups run in the order of the kinds, each batch's at once. */
  batch.n = 0;
  match_exact (&ctx, &batch, read->plate, SL_MATCH_EXACT);
  for (guint i = 0; i < n_candidates; i++)
    match_exact (&ctx, &batch, g_array_index (read->candidates, SlCandidate, i).plate, SL_MATCH_CANDIDATE);

  if (self->n_tolerant > 0)
    {
      match_tolerant (&ctx, &batch, read->plate, SL_MATCH_TOLERANT);
      for (guint i = 0; i < n_candidates; i++)
        match_tolerant (&ctx, &batch, g_array_index (read->candidates, SlCandidate, i).plate,
                        SL_MATCH_CANDIDATE);
    }
  batch_flush (&ctx, &batch);

  if (self->n_patterns > 0)
    {
      match_patterns (&ctx, read->plate);
      for (guint i = 0; i < n_candidates; i++)
        match_patterns (&ctx, g_array_index (read->candidates, SlCandidate, i).plate);
    }

  if (hits->len - ctx.first_hit > 1)
    qsort (&g_array_index (hits, SlMatchHit, ctx.first_hit), hits->len - ctx.first_hit,
           sizeof (SlMatchHit), compare_hits);

  return hits->len - ctx.first_hit;
}
