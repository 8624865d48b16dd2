#define G_LOG_DOMAIN "test-matcher"

#include "config.h"

#include <string.h>

#include "sl-core.h"
#include "sl-read.h"

#define NOW_US  G_GINT64_CONSTANT (1767225600000000) /* 2026-01-01 UTC */
#define DAY_US  (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static void
add_entry (SlMatcher  *matcher,
           gint64      id,
           const char *plate,
           const char *region,
           int         priority,
           guint       tolerance)
{
  g_autoptr(GError) error = NULL;
  SlMatchEntry entry = { id, plate, region, priority, tolerance, 0, 0 };

  g_assert_true (sl_matcher_add (matcher, &entry, &error));
  g_assert_no_error (error);
}

static SlRead *
make_read (const char *plate,
           const char *region,
           ...)
{
  SlRead *read = sl_read_new ();
  va_list args;

  read->plate = g_strdup (plate);
  g_free (read->region);
  read->region = g_strdup (region);

  va_start (args, region);
  for (const char *candidate = va_arg (args, const char *); candidate != NULL;
       candidate = va_arg (args, const char *))
    sl_read_add_candidate (read, candidate, 50.0);
  va_end (args);

  return read;
}

/* Matches and returns the hits; the array must be freed by the caller. */
static GArray *
match (SlMatcher    *matcher,
       const SlRead *read,
       gint64        now_us)
{
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (SlMatchHit));
  guint n = sl_matcher_match (matcher, read, now_us, hits);

  g_assert_cmpuint (n, ==, hits->len);
  return hits;
}

static guint
count_hits (SlMatcher  *matcher,
            const char *plate,
            const char *region)
{
  g_autoptr(SlRead) read = make_read (plate, region, NULL);
  g_autoptr(GArray) hits = match (matcher, read, NOW_US);

  return hits->len;
}

static const SlMatchHit *
hit_at (GArray *hits,
        guint   i)
{
  g_assert_cmpuint (i, <, hits->len);
  return &g_array_index (hits, SlMatchHit, i);
}

static void
test_exact (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  g_autoptr(SlRead) read = make_read ("7ABC123", "CA", NULL);
  g_autoptr(SlRead) other = make_read ("7ABC124", "CA", NULL);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) none = NULL;

  add_entry (matcher, 1, "7ABC123", "", 10, 0);
  add_entry (matcher, 2, "8XYZ999", "", 10, 0);
  g_assert_cmpuint (sl_matcher_get_n_entries (matcher), ==, 2);

  hits = match (matcher, read, NOW_US);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->entry_id, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->kind, ==, SL_MATCH_EXACT);
  g_assert_cmpint (hit_at (hits, 0)->priority, ==, 10);
  g_assert_true (hit_at (hits, 0)->matched_plate == read->plate);
  g_assert_cmpuint (hit_at (hits, 0)->differing, ==, 0);

  none = match (matcher, other, NOW_US);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_candidate (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  g_autoptr(SlRead) read = make_read ("7ABC128", "CA", "7ABC129", "7ABC123", NULL);
  g_autoptr(GArray) hits = NULL;

  add_entry (matcher, 5, "7ABC123", "CA", 0, 0);

  hits = match (matcher, read, NOW_US);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->entry_id, ==, 5);
  g_assert_cmpint (hit_at (hits, 0)->kind, ==, SL_MATCH_CANDIDATE);
  /* The alert shows which alternative fired, so it points into the read. */
  g_assert_true (hit_at (hits, 0)->matched_plate ==
                 g_array_index (read->candidates, SlCandidate, 1).plate);
  g_assert_cmpuint (hit_at (hits, 0)->differing, ==, 0);
}

/* An alternative reading that matches only with a look-alike: the alert
 * names that reading and the positions where it, not the read, differs. */
static void
test_candidate_lookalike (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  g_autoptr(SlRead) read = make_read ("ZZZ0000", "", "8XY2999", NULL);
  g_autoptr(SlRead) two = make_read ("ZZZ0000", "", "8XY29B9", NULL);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) none = NULL;

  add_entry (matcher, 1, "8XYZ999", "", 0, 1);

  /* 2 read for Z at position 3 of the candidate */
  hits = match (matcher, read, NOW_US);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->kind, ==, SL_MATCH_CANDIDATE);
  g_assert_true (hit_at (hits, 0)->matched_plate ==
                 g_array_index (read->candidates, SlCandidate, 0).plate);
  g_assert_cmpuint (hit_at (hits, 0)->differing, ==, 1u << 3);

  /* the candidate's two look-alikes are beyond the list's k = 1 */
  none = match (matcher, two, NOW_US);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_tolerant (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  g_autoptr(SlRead) read = make_read ("7A8C123", "", NULL);
  g_autoptr(SlRead) first = make_read ("TABC123", "", NULL);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) first_hits = NULL;

  add_entry (matcher, 1, "7ABC123", "", 20, 1);

  /* B read as 8 at position 2 */
  hits = match (matcher, read, NOW_US);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->kind, ==, SL_MATCH_TOLERANT);
  g_assert_cmpuint (hit_at (hits, 0)->differing, ==, 1u << 2);
  g_assert_true (hit_at (hits, 0)->matched_plate == read->plate);

  /* 7 read as T at position 0 */
  first_hits = match (matcher, first, NOW_US);
  g_assert_cmpuint (first_hits->len, ==, 1);
  g_assert_cmpuint (hit_at (first_hits, 0)->differing, ==, 1u << 0);

  /* The last position, each class in turn */
  g_assert_cmpuint (count_hits (matcher, "7ABC12B", ""), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "7ABG123", ""), ==, 1);
}

static void
test_tolerant_refused (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);

  add_entry (matcher, 1, "7ABC123", "", 0, 1);

  g_assert_cmpuint (count_hits (matcher, "7ABC123", ""), ==, 1);
  /* X does not look like A; 4 does not look like 3 */
  g_assert_cmpuint (count_hits (matcher, "7XBC123", ""), ==, 0);
  g_assert_cmpuint (count_hits (matcher, "7ABC124", ""), ==, 0);
  /* look-alikes through a shared mate are not look-alikes: T~V~U, but not T~U */
  add_entry (matcher, 2, "TAAA", "", 0, 1);
  g_assert_cmpuint (count_hits (matcher, "VAAA", ""), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "UAAA", ""), ==, 0);
  /* two look-alike positions are one more than k = 1 */
  g_assert_cmpuint (count_hits (matcher, "7A8C12B", ""), ==, 0);
  /* another length never matches tolerantly */
  g_assert_cmpuint (count_hits (matcher, "7ABC1234", ""), ==, 0);
  g_assert_cmpuint (count_hits (matcher, "7ABC12", ""), ==, 0);
  g_assert_cmpuint (count_hits (matcher, "7A8C1234", ""), ==, 0);
}

static void
test_tolerance_zero (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);

  add_entry (matcher, 1, "7ABC123", "", 0, 0);
  add_entry (matcher, 2, "5XYZ000", "", 0, 1);

  g_assert_cmpuint (count_hits (matcher, "7ABC123", ""), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "7A8C123", ""), ==, 0);
  /* the other list's k does not leak into this one */
  g_assert_cmpuint (count_hits (matcher, "SXYZ000", ""), ==, 1);
}

static void
test_tolerance_two (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  g_autoptr(SlRead) read = make_read ("7A8C1Z3", "", NULL);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  SlMatchEntry too_tolerant = { 9, "1AAA111", "", 0, 3, 0, 0 };

  add_entry (matcher, 1, "7ABC123", "", 0, 2);

  hits = match (matcher, read, NOW_US);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->kind, ==, SL_MATCH_TOLERANT);
  g_assert_cmpuint (hit_at (hits, 0)->differing, ==, (1u << 2) | (1u << 5));

  g_assert_cmpuint (count_hits (matcher, "7A8C12B", ""), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "7A8C1ZB", ""), ==, 0);
  g_assert_cmpuint (count_hits (matcher, "TA8C1Z3", ""), ==, 0);

  g_assert_false (sl_matcher_add (matcher, &too_tolerant, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  g_assert_cmpuint (sl_matcher_get_n_entries (matcher), ==, 1);
}

static void
assert_pattern_kind (SlMatcher  *matcher,
                     const char *plate,
                     guint       n_hits)
{
  g_autoptr(SlRead) read = make_read (plate, "", NULL);
  g_autoptr(GArray) hits = match (matcher, read, NOW_US);

  g_assert_cmpuint (hits->len, ==, n_hits);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpint (hit_at (hits, i)->kind, ==, SL_MATCH_PATTERN);
}

static void
test_pattern_prefix (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);

  add_entry (matcher, 1, "7AB*", "", 0, 1);

  assert_pattern_kind (matcher, "7AB", 1);
  assert_pattern_kind (matcher, "7ABC123", 1);
  assert_pattern_kind (matcher, "7ABZZZZZZZ", 1);
  assert_pattern_kind (matcher, "17AB", 0);
  assert_pattern_kind (matcher, "7A", 0);
  /* a pattern is not matched tolerantly */
  assert_pattern_kind (matcher, "7A8C123", 0);
}

static void
test_pattern_contains (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);

  add_entry (matcher, 1, "*K12*", "", 0, 1);

  assert_pattern_kind (matcher, "K12", 1);
  assert_pattern_kind (matcher, "7K12ABC", 1);
  assert_pattern_kind (matcher, "ABCK12", 1);
  assert_pattern_kind (matcher, "K12K12", 1);
  assert_pattern_kind (matcher, "K1X2", 0);
  assert_pattern_kind (matcher, "7K1", 0);
}

static void
test_pattern_fixed (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);

  add_entry (matcher, 1, "7?C1?3", "", 0, 1);
  add_entry (matcher, 2, "??X", "", 0, 1);
  add_entry (matcher, 3, "A*B?C", "", 0, 1);

  assert_pattern_kind (matcher, "7XC1Y3", 1);
  assert_pattern_kind (matcher, "70C103", 1);
  assert_pattern_kind (matcher, "7XC1Y34", 0);
  assert_pattern_kind (matcher, "7C1Y3", 0);
  assert_pattern_kind (matcher, "8XC1Y3", 0);
  assert_pattern_kind (matcher, "12X", 1);
  assert_pattern_kind (matcher, "2X", 0);
  assert_pattern_kind (matcher, "ABXC", 1);
  assert_pattern_kind (matcher, "A12B3C", 1);
  assert_pattern_kind (matcher, "ABC", 0);
}

static void
test_region (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);

  add_entry (matcher, 1, "7ABC123", "CA", 0, 0);
  add_entry (matcher, 2, "8ABC123", "", 0, 0);
  add_entry (matcher, 3, "9ABC123", NULL, 0, 0);
  add_entry (matcher, 4, "4ABC*", "NV", 0, 0);

  g_assert_cmpuint (count_hits (matcher, "7ABC123", "CA"), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "7ABC123", "NV"), ==, 0);
  g_assert_cmpuint (count_hits (matcher, "7ABC123", "OR"), ==, 0);
  g_assert_cmpuint (count_hits (matcher, "7ABC123", ""), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "7ABC123", NULL), ==, 1);

  g_assert_cmpuint (count_hits (matcher, "8ABC123", "NV"), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "8ABC123", "OR"), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "9ABC123", "CA"), ==, 1);

  g_assert_cmpuint (count_hits (matcher, "4ABC000", "NV"), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "4ABC000", "CA"), ==, 0);
  g_assert_cmpuint (count_hits (matcher, "4ABC000", ""), ==, 1);
}

static void
test_in_force (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  g_autoptr(SlRead) read = make_read ("7ABC123", "", NULL);
  g_autoptr(SlRead) tolerant = make_read ("7A8C123", "", NULL);
  g_autoptr(SlRead) pattern = make_read ("6XYZ000", "", NULL);
  SlMatchEntry expiring = { 1, "7ABC123", "", 0, 1, 0, NOW_US + DAY_US };
  SlMatchEntry future = { 2, "7ABC123", "", 0, 1, NOW_US + DAY_US, 0 };
  SlMatchEntry expiring_pattern = { 3, "6XYZ*", "", 0, 0, NOW_US - DAY_US, NOW_US + DAY_US };
  g_autoptr(GArray) hits = NULL;

  g_assert_true (sl_matcher_add (matcher, &expiring, NULL));
  g_assert_true (sl_matcher_add (matcher, &future, NULL));
  g_assert_true (sl_matcher_add (matcher, &expiring_pattern, NULL));

  hits = match (matcher, read, NOW_US);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->entry_id, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* the moment it expires, an entry no longer matches, whatever the kind */
  hits = match (matcher, read, NOW_US + DAY_US);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->entry_id, ==, 2);
  g_clear_pointer (&hits, g_array_unref);

  hits = match (matcher, tolerant, NOW_US + DAY_US - 1);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->entry_id, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  hits = match (matcher, tolerant, NOW_US + DAY_US);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->entry_id, ==, 2);
  g_clear_pointer (&hits, g_array_unref);

  hits = match (matcher, pattern, NOW_US + DAY_US);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  /* not yet effective */
  hits = match (matcher, pattern, NOW_US - DAY_US - 1);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  hits = match (matcher, pattern, NOW_US - DAY_US);
  g_assert_cmpuint (hits->len, ==, 1);
}

static void
test_priority (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  g_autoptr(SlRead) read = make_read ("7ABC123", "CA", "7A8C123", NULL);
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (SlMatchHit));
  SlMatchHit earlier = { 999, SL_MATCH_EXACT, 100, "OLD", 0 };
  static const struct { gint64 id; SlMatchKind kind; int priority; } expected[] = {
    { 40, SL_MATCH_EXACT,     0 },
    { 50, SL_MATCH_TOLERANT,  0 },
    { 20, SL_MATCH_EXACT,     10 },
    { 30, SL_MATCH_EXACT,     10 },
    { 10, SL_MATCH_CANDIDATE, 10 },
    { 60, SL_MATCH_PATTERN,   10 },
    { 70, SL_MATCH_EXACT,     90 },
  };

  add_entry (matcher, 70, "7ABC123", "", 90, 0);
  add_entry (matcher, 30, "7ABC123", "CA", 10, 0);
  add_entry (matcher, 20, "7ABC123", "", 10, 1);
  add_entry (matcher, 10, "7A8C123", "", 10, 0);
  add_entry (matcher, 60, "7AB*", "", 10, 0);
  add_entry (matcher, 50, "7ABC12B", "", 0, 1);
  add_entry (matcher, 40, "7ABC123", "", 0, 2);

  /* hits are appended after what the array holds */
  g_array_append_val (hits, earlier);
  g_assert_cmpuint (sl_matcher_match (matcher, read, NOW_US, hits), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (hits->len, ==, 1 + G_N_ELEMENTS (expected));
  g_assert_cmpint (hit_at (hits, 0)->entry_id, ==, 999);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (hit_at (hits, i + 1)->entry_id, ==, expected[i].id);
      g_assert_cmpint (hit_at (hits, i + 1)->kind, ==, expected[i].kind);
      g_assert_cmpint (hit_at (hits, i + 1)->priority, ==, expected[i].priority);
    }

  g_array_unref (hits);
}

static void
test_remove (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  g_autoptr(GError) error = NULL;
  SlMatchEntry duplicate = { 2, "1XYZ999", "", 0, 0, 0, 0 };

  add_entry (matcher, 1, "7ABC123", "", 0, 1);
  add_entry (matcher, 2, "7ABC123", "", 0, 1);
  add_entry (matcher, 3, "*K12*", "", 0, 0);
  g_assert_cmpuint (count_hits (matcher, "7ABC123", ""), ==, 2);

  g_assert_false (sl_matcher_add (matcher, &duplicate, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_assert_cmpuint (count_hits (matcher, "1XYZ999", ""), ==, 0);

  g_assert_true (sl_matcher_remove (matcher, 1));
  g_assert_false (sl_matcher_remove (matcher, 1));
  g_assert_false (sl_matcher_remove (matcher, 42));
  g_assert_cmpuint (sl_matcher_get_n_entries (matcher), ==, 2);
  g_assert_cmpuint (count_hits (matcher, "7ABC123", ""), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "7A8C123", ""), ==, 1);

  g_assert_true (sl_matcher_remove (matcher, 2));
  g_assert_cmpuint (count_hits (matcher, "7ABC123", ""), ==, 0);
  g_assert_cmpuint (count_hits (matcher, "7A8C123", ""), ==, 0);

  g_assert_cmpuint (count_hits (matcher, "AK12", ""), ==, 1);
  g_assert_true (sl_matcher_remove (matcher, 3));
  g_assert_cmpuint (count_hits (matcher, "AK12", ""), ==, 0);
  g_assert_cmpuint (sl_matcher_get_n_entries (matcher), ==, 0);

  /* an id can come back, with its new plate */
  add_entry (matcher, 1, "1XYZ999", "", 0, 0);
  g_assert_cmpuint (count_hits (matcher, "1XYZ999", ""), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "7ABC123", ""), ==, 0);
}

static void
test_best_kind (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  /* plate exact for 1 (also a candidate, tolerant through another); candidate
   * exact for 2, which the plate also matches tolerantly; 3 tolerant through
   * both the plate and a candidate; 4 a pattern through all three */
  g_autoptr(SlRead) read = make_read ("7ABC123", "", "7A8C123", "7ABC128", NULL);
  g_autoptr(GArray) hits = NULL;
  SlCandidate repeat = { g_strdup ("7ABC123"), 40.0 };

  /* readers should not repeat the plate as a candidate; some do */
  g_array_append_val (read->candidates, repeat);

  add_entry (matcher, 1, "7ABC123", "", 0, 2);
  add_entry (matcher, 2, "7A8C123", "", 1, 1);
  add_entry (matcher, 3, "7ABC12B", "", 2, 1);
  add_entry (matcher, 4, "7AB*", "", 3, 0);

  hits = match (matcher, read, NOW_US);
  g_assert_cmpuint (hits->len, ==, 4);
  g_assert_cmpint (hit_at (hits, 0)->entry_id, ==, 1);
  g_assert_cmpint (hit_at (hits, 0)->kind, ==, SL_MATCH_EXACT);
  g_assert_cmpint (hit_at (hits, 1)->entry_id, ==, 2);
  g_assert_cmpint (hit_at (hits, 1)->kind, ==, SL_MATCH_CANDIDATE);
  g_assert_cmpint (hit_at (hits, 2)->entry_id, ==, 3);
  g_assert_cmpint (hit_at (hits, 2)->kind, ==, SL_MATCH_TOLERANT);
  g_assert_cmpuint (hit_at (hits, 2)->differing, ==, 1u << 6);
  g_assert_true (hit_at (hits, 2)->matched_plate == read->plate);
  g_assert_cmpint (hit_at (hits, 3)->entry_id, ==, 4);
  g_assert_true (hit_at (hits, 3)->matched_plate == read->plate);
}

static void
test_invalid_entry (void)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (NULL);
  static const char * const bad[] = { "7abc123", "", "7ABC1234567", "7AB-123", "??", "*", "???????????" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      SlMatchEntry entry = { i + 1, bad[i], "", 0, 0, 0, 0 };

      g_assert_false (sl_matcher_add (matcher, &entry, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
    }
  g_assert_cmpuint (sl_matcher_get_n_entries (matcher), ==, 0);
}

static const char symbols[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

static void
assert_same_classes (SlOcrClasses *a,
                     SlOcrClasses *b)
{
  for (const char *x = symbols; *x != '\0'; x++)
    for (const char *y = symbols; *y != '\0'; y++)
      g_assert_cmpint (sl_ocr_classes_are_lookalike (a, *x, *y), ==,
                       sl_ocr_classes_are_lookalike (b, *x, *y));
}

static void
test_classes_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SIGHTLINE_SOURCE_DIR") ? g_getenv ("SIGHTLINE_SOURCE_DIR") : ".",
                                            "data", "ocr-classes.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SlOcrClasses) from_file = NULL;
  g_autoptr(SlOcrClasses) defaults = sl_ocr_classes_new_default ();
  g_autoptr(SlOcrClasses) lower = NULL;
  guint n_pairs = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  from_file = sl_ocr_classes_new_from_text (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (from_file);

  /* the shipped file and the built-in classes agree */
  assert_same_classes (from_file, defaults);

  g_assert_true (sl_ocr_classes_are_lookalike (defaults, '0', 'Q'));
  g_assert_true (sl_ocr_classes_are_lookalike (defaults, 'Q', 'D'));
  g_assert_true (sl_ocr_classes_are_lookalike (defaults, 'B', '3'));
  g_assert_true (sl_ocr_classes_are_lookalike (defaults, 'V', 'T'));
  g_assert_true (sl_ocr_classes_are_lookalike (defaults, 'V', 'U'));
  g_assert_false (sl_ocr_classes_are_lookalike (defaults, 'T', 'U'));
  g_assert_true (sl_ocr_classes_are_lookalike (defaults, 'G', 'C'));
  g_assert_false (sl_ocr_classes_are_lookalike (defaults, '6', 'C'));
  g_assert_false (sl_ocr_classes_are_lookalike (defaults, 'A', '4'));
  g_assert_true (sl_ocr_classes_are_lookalike (defaults, 'A', 'A'));

  for (const char *x = symbols; *x != '\0'; x++)
    for (const char *y = symbols; *y != '\0'; y++)
      if (*x != *y && sl_ocr_classes_are_lookalike (defaults, *x, *y))
        n_pairs++;
  /* ordered pairs: 4·3 + 3·2 + 2 + 2 + 3·2 + 2 + 3·2 + 4·3 + 4·3 + 2 + 2 */
  g_assert_cmpuint (n_pairs, ==, 64);

  /* comments, blank lines, tabs, CRLF and lower case are fine */
  lower = sl_ocr_classes_new_from_text ("# agency classes\r\n\r\n a\t4  # A and 4\r\n", &error);
  g_assert_no_error (error);
  g_assert_true (sl_ocr_classes_are_lookalike (lower, 'A', '4'));
  g_assert_true (sl_ocr_classes_are_lookalike (lower, '4', 'A'));
  g_assert_false (sl_ocr_classes_are_lookalike (lower, '0', 'O'));
}

static void
assert_classes_refused (const char *text,
                        const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlOcrClasses) classes = sl_ocr_classes_new_from_text (text, &error);

  g_assert_null (classes);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID);
  if (strstr (error->message, why) == NULL)
    g_error ("“%s” does not say “%s”", error->message, why);
}

static void
test_classes_bad (void)
{
  assert_classes_refused ("0 O D Q\n1 I L\nAB 8\n", "Line 3: “AB” is not one character");
  assert_classes_refused ("# comment\n0 O\n\n5 $\n", "Line 4: “$” is not a letter");
  assert_classes_refused ("0 O\n\xc3\x89 E\n", "Line 2: “É” is not a letter");
  assert_classes_refused ("0 O\n1 I L\n2 Z\nQ\n", "Line 4: a class needs at least two");
  assert_classes_refused ("0 O o\n", "Line 1: “O” appears twice");
  assert_classes_refused ("# nothing\n\n", "no class");
  assert_classes_refused ("0 O\n\xff\n", "UTF-8");
}

static void
test_custom_classes (void)
{
  g_autoptr(SlOcrClasses) classes = sl_ocr_classes_new_from_text ("A 4\n", NULL);
  g_autoptr(SlMatcher) matcher = sl_matcher_new (classes);

  /* the matcher keeps its own copy */
  g_clear_pointer (&classes, sl_ocr_classes_free);

  add_entry (matcher, 1, "7ABC123", "", 0, 1);
  g_assert_cmpuint (count_hits (matcher, "74BC123", ""), ==, 1);
  g_assert_cmpuint (count_hits (matcher, "7A8C123", ""), ==, 0);
}

/* The matcher against a plain reading of the rules, on random plates from a
 * small alphabet of look-alikes, so every kind fires often; half the entries
 * are removed again on the way. */

typedef struct
{
  gint64   id;
  char    *plate;
  char    *region;
  int      priority;
  guint    tolerance;
  gint64   effective_us;
  gint64   expires_us;
  gboolean removed;
} RefEntry;

static char *
random_plate (GRand      *rand,
              const char *alphabet,
              guint       min_len,
              guint       max_len)
{
  guint len = g_rand_int_range (rand, min_len, max_len + 1);
  char *plate = g_malloc (len + 1);

  for (guint i = 0; i < len; i++)
    plate[i] = alphabet[g_rand_int_range (rand, 0, strlen (alphabet))];
  plate[len] = '\0';
  return plate;
}

static gboolean
ref_tolerant (SlOcrClasses *classes,
              const char   *entry,
              const char   *plate,
              guint         k,
              guint32      *differing)
{
  guint n = 0;

  *differing = 0;
  if (strlen (entry) != strlen (plate))
    return FALSE;
  for (guint i = 0; plate[i] != '\0'; i++)
    if (plate[i] != entry[i])
      {
        if (!sl_ocr_classes_are_lookalike (classes, plate[i], entry[i]))
          return FALSE;
        *differing |= 1u << i;
        n++;
      }

  return n > 0 && n <= k;
}

static gboolean
ref_match (SlOcrClasses   *classes,
           const RefEntry *e,
           const SlRead   *read,
           gint64          now_us,
           SlMatchHit     *hit)
{
  const char *plates[4] = { read->plate, NULL, NULL, NULL };

  for (guint i = 0; i < read->candidates->len; i++)
    plates[i + 1] = g_array_index (read->candidates, SlCandidate, i).plate;

  if (e->removed || e->effective_us > now_us || (e->expires_us != 0 && now_us >= e->expires_us))
    return FALSE;
  if (*e->region != '\0' && *read->region != '\0' && strcmp (e->region, read->region) != 0)
    return FALSE;

  hit->entry_id = e->id;
  hit->priority = e->priority;
  hit->differing = 0;

  if (sl_plate_is_pattern (e->plate))
    {
      hit->kind = SL_MATCH_PATTERN;
      for (guint i = 0; plates[i] != NULL; i++)
        if (g_pattern_match_simple (e->plate, plates[i]))
          {
            hit->matched_plate = plates[i];
            return TRUE;
          }
      return FALSE;
    }

  for (guint i = 0; plates[i] != NULL; i++)
    if (strcmp (e->plate, plates[i]) == 0)
      {
        hit->kind = i == 0 ? SL_MATCH_EXACT : SL_MATCH_CANDIDATE;
        hit->matched_plate = plates[i];
        return TRUE;
      }

  /* the read's plate first; through a candidate the hit is that candidate's */
  for (guint i = 0; plates[i] != NULL; i++)
    if (ref_tolerant (classes, e->plate, plates[i], e->tolerance, &hit->differing))
      {
        hit->kind = i == 0 ? SL_MATCH_TOLERANT : SL_MATCH_CANDIDATE;
        hit->matched_plate = plates[i];
        return TRUE;
      }

  return FALSE;
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const SlMatchHit *ha = a;
  const SlMatchHit *hb = b;

  if (ha->priority != hb->priority)
    return ha->priority - hb->priority;
  if (ha->kind != hb->kind)
    return (int) ha->kind - (int) hb->kind;
  return ha->entry_id < hb->entry_id ? -1 : ha->entry_id > hb->entry_id;
}

static void
test_reference (void)
{
  static const char alphabet[] = "0OD8B3TV7AX";
  static const char * const regions[] = { "", "CA", "NV" };
  g_autoptr(SlOcrClasses) classes = sl_ocr_classes_new_default ();
  g_autoptr(SlMatcher) matcher = sl_matcher_new (classes);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (RefEntry));
  guint n_hits_total = 0;
  guint n_kinds[4] = { 0 };
  guint n_candidate_lookalikes = 0;

  for (guint i = 0; i < 3000; i++)
    {
      RefEntry e = { 0 };
      SlMatchEntry entry;
      guint shape = g_rand_int_range (rand, 0, 20);

      e.id = i + 1;
      if (shape == 0)
        {
          g_autofree char *part = random_plate (rand, alphabet, 1, 3);
          e.plate = g_strdup_printf ("%s*", part);
        }
      else if (shape == 1)
        {
          g_autofree char *part = random_plate (rand, alphabet, 2, 3);
          e.plate = g_strdup_printf ("*%s*", part);
        }
      else if (shape == 2)
        {
          e.plate = random_plate (rand, alphabet, 4, 5);
          e.plate[g_rand_int_range (rand, 0, 3)] = '?';
        }
      else
        e.plate = random_plate (rand, alphabet, 4, 5);
      e.region = g_strdup (regions[g_rand_int_range (rand, 0, 3)]);
      e.priority = g_rand_int_range (rand, 0, 4);
      e.tolerance = g_rand_int_range (rand, 0, 3);
      e.effective_us = g_rand_int_range (rand, 0, 10) == 0 ? NOW_US + 1 : 0;
      e.expires_us = g_rand_int_range (rand, 0, 10) == 0 ? NOW_US : 0;

      entry = (SlMatchEntry) { e.id, e.plate, e.region, e.priority, e.tolerance,
                               e.effective_us, e.expires_us };
      g_assert_true (sl_matcher_add (matcher, &entry, NULL));
      g_array_append_val (entries, e);

      /* remove an earlier one now and then, so removal runs against a full index */
      if (i % 2 == 1)
        {
          RefEntry *victim = &g_array_index (entries, RefEntry, g_rand_int_range (rand, 0, i + 1));

          g_assert_true (sl_matcher_remove (matcher, victim->id) == !victim->removed);
          victim->removed = TRUE;
        }
    }

  for (guint r = 0; r < 2000; r++)
    {
      g_autofree char *plate = random_plate (rand, alphabet, 4, 5);
      g_autofree char *c1 = random_plate (rand, alphabet, 4, 5);
      g_autofree char *c2 = random_plate (rand, alphabet, 4, 5);
      g_autoptr(SlRead) read = make_read (plate, regions[g_rand_int_range (rand, 0, 3)], c1, c2, NULL);
      g_autoptr(GArray) hits = match (matcher, read, NOW_US);
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (SlMatchHit));

      for (guint i = 0; i < entries->len; i++)
        {
          SlMatchHit hit;

          if (ref_match (classes, &g_array_index (entries, RefEntry, i), read, NOW_US, &hit))
            g_array_append_val (expected, hit);
        }
      g_array_sort (expected, compare_hits);

      g_assert_cmpuint (hits->len, ==, expected->len);
      for (guint i = 0; i < hits->len; i++)
        {
          const SlMatchHit *a = hit_at (hits, i);
          const SlMatchHit *b = hit_at (expected, i);

          g_assert_cmpint (a->entry_id, ==, b->entry_id);
          g_assert_cmpint (a->kind, ==, b->kind);
          g_assert_cmpint (a->priority, ==, b->priority);
          g_assert_cmpuint (a->differing, ==, b->differing);
          g_assert_true (a->matched_plate == b->matched_plate);
          n_kinds[a->kind]++;
          if (a->kind == SL_MATCH_CANDIDATE && a->differing != 0)
            n_candidate_lookalikes++;
        }
      n_hits_total += hits->len;
    }

  /* the comparison exercised every kind */
  for (guint k = 0; k < G_N_ELEMENTS (n_kinds); k++)
    g_assert_cmpuint (n_kinds[k], >, 10);
  g_assert_cmpuint (n_candidate_lookalikes, >, 10);
  g_test_message ("%u hits compared", n_hits_total);

  for (guint i = 0; i < entries->len; i++)
    {
      RefEntry *e = &g_array_index (entries, RefEntry, i);

      g_free (e->plate);
      g_free (e->region);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/matcher/exact", test_exact);
  g_test_add_func ("/matcher/candidate", test_candidate);
  g_test_add_func ("/matcher/candidate-lookalike", test_candidate_lookalike);
  g_test_add_func ("/matcher/tolerant", test_tolerant);
  g_test_add_func ("/matcher/tolerant-refused", test_tolerant_refused);
  g_test_add_func ("/matcher/tolerance-zero", test_tolerance_zero);
  g_test_add_func ("/matcher/tolerance-two", test_tolerance_two);
  g_test_add_func ("/matcher/pattern-prefix", test_pattern_prefix);
  g_test_add_func ("/matcher/pattern-contains", test_pattern_contains);
  g_test_add_func ("/matcher/pattern-fixed", test_pattern_fixed);
  g_test_add_func ("/matcher/region", test_region);
  g_test_add_func ("/matcher/in-force", test_in_force);
  g_test_add_func ("/matcher/priority", test_priority);
  g_test_add_func ("/matcher/remove", test_remove);
  g_test_add_func ("/matcher/best-kind", test_best_kind);
  g_test_add_func ("/matcher/invalid-entry", test_invalid_entry);
  g_test_add_func ("/matcher/classes-file", test_classes_file);
  g_test_add_func ("/matcher/classes-bad", test_classes_bad);
  g_test_add_func ("/matcher/custom-classes", test_custom_classes);
  g_test_add_func ("/matcher/reference", test_reference);

  return g_test_run ();
}
