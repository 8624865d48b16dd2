/* sl-matcher.h: hot-list matching of reads (exact, candidates, OCR-tolerant, patterns) */
#pragma once

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_MATCH_MAX_TOLERANCE 2

/* An active hot-list entry as the matcher sees it. */
typedef struct
{
  gint64      id;
  const char *plate;         /* normalized plate, or a pattern with '?' and '*' */
  const char *region;        /* "" or NULL: any region */
  int         priority;      /* the list's, 0 first */
  guint       tolerance;     /* the list's k: look-alike positions allowed, 0–2 */
  gint64      effective_us;  /* 0: from now */
  gint64      expires_us;    /* 0: never (general lists end with their next import) */
} SlMatchEntry;

typedef struct
{
  gint64       entry_id;
  SlMatchKind  kind;
  int          priority;
  const char  *matched_plate;  /* borrowed from the read: its plate or the candidate that hit */
  guint32      differing;      /* bit i set when matched_plate and the entry differ at
                                * position i (tolerant, or a candidate with look-alikes) */
} SlMatchHit;

SlOcrClasses *sl_ocr_classes_new_default   (void);
SlOcrClasses *sl_ocr_classes_new_from_text (const char    *text,
                                            GError       **error);
gboolean      sl_ocr_classes_are_lookalike (SlOcrClasses  *self,
                                            char           a,
                                            char           b);
void          sl_ocr_classes_free          (SlOcrClasses  *self);

SlMatcher    *sl_matcher_new               (SlOcrClasses  *classes);
void          sl_matcher_free              (SlMatcher     *self);
gboolean      sl_matcher_add               (SlMatcher     *self,
                                            const SlMatchEntry *entry,
                                            GError       **error);
gboolean      sl_matcher_remove            (SlMatcher     *self,
                                            gint64         entry_id);
guint         sl_matcher_get_n_entries     (SlMatcher     *self);
guint         sl_matcher_match             (SlMatcher     *self,
                                            const SlRead  *read,
                                            gint64         now_us,
                                            GArray        *hits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlOcrClasses, sl_ocr_classes_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlMatcher, sl_matcher_free)

G_END_DECLS
