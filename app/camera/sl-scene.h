/* sl-scene.h: the simulated street: cars, their plates, and how it looks */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define SL_TYPE_SCENE (sl_scene_get_type ())
G_DECLARE_FINAL_TYPE (SlScene, sl_scene, SL, SCENE, GObject)

#define SL_SCENE_MAX_CANDIDATES 2

/**
 * SlSceneCar:
 *
 * One car, decided in full when it enters the scene. Times are the scene's
 * own, in microseconds from its start.
 */
typedef struct
{
  guint        index;            /* 0, 1, 2… in the order cars enter */
  char        *plate;            /* normalized */
  char        *region;           /* state code */
  gboolean     listed;           /* the plate came from the hit list */
  double       confidence;       /* 80–99 */
  guint        n_candidates;     /* OCR alternatives, 0–2 */
  char        *candidates[SL_SCENE_MAX_CANDIDATES];
  double       candidate_confidence[SL_SCENE_MAX_CANDIDATES];
  const char  *make;
  const char  *model;
  const char  *color;
  const char  *type;             /* "sedan", "suv", "pickup", "van", "wagon" */
  guint        lane;             /* 0 left, 1 right */
  double       speed;            /* metres per second */
  gint64       enter_us;         /* appears at the far end of the road */
  gint64       cross_us;         /* its front crosses the plate line */
} SlSceneCar;

SlSceneCar  *sl_scene_car_copy       (const SlSceneCar  *car);
void         sl_scene_car_free       (SlSceneCar        *car);

SlScene     *sl_scene_new            (guint64            seed,
                                      double             rate);
void         sl_scene_set_hit_list   (SlScene           *self,
                                      GPtrArray         *plates,
                                      GPtrArray         *regions,
                                      double             hit_rate);
gboolean     sl_scene_load_hit_list  (SlScene           *self,
                                      const char        *path,
                                      double             hit_rate,
                                      GError           **error);
guint        sl_scene_get_n_listed   (SlScene           *self);
gboolean     sl_scene_is_listed      (SlScene           *self,
                                      const char        *plate);
gint64       sl_scene_get_time_us    (SlScene           *self);
GPtrArray   *sl_scene_advance        (SlScene           *self,
                                      gint64             time_us);
const SlSceneCar *sl_scene_get_last_crossed (SlScene    *self);
void         sl_scene_draw           (SlScene           *self,
                                      cairo_t           *cr,
                                      int                width,
                                      int                height,
                                      gint64             time_us);
void         sl_scene_draw_overlay   (SlScene           *self,
                                      cairo_t           *cr,
                                      int                width,
                                      int                height,
                                      const char        *camera_name,
                                      gint64             wall_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSceneCar, sl_scene_car_free)

G_END_DECLS
