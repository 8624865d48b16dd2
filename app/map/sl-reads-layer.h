/* sl-reads-layer.h: a search's reads on the map, clustered, with a track and a drawn area */
#pragma once

#include <shumate/shumate.h>

#include "sl-read-point.h"

G_BEGIN_DECLS

/* An area as the map shows it: a circle, or a polygon's corners. */
typedef enum
{
  SL_MAP_AREA_NONE,
  SL_MAP_AREA_CIRCLE,
  SL_MAP_AREA_POLYGON,
} SlMapAreaKind;

/**
 * SlMapCluster:
 * @lat: where the reads are, on average
 * @lon: where the reads are, on average
 * @n_reads: how many
 * @n_hits: how many raised an alert
 * @reads: (element-type guint): the reads' positions in the layer's points
 */
typedef struct
{
  double  lat;
  double  lon;
  guint   n_reads;
  guint   n_hits;
  GArray *reads;
} SlMapCluster;

void sl_map_cluster_free (SlMapCluster *cluster);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlMapCluster, sl_map_cluster_free)

#define SL_TYPE_READS_LAYER (sl_reads_layer_get_type ())
G_DECLARE_FINAL_TYPE (SlReadsLayer, sl_reads_layer, SL, READS_LAYER, ShumateLayer)

SlReadsLayer      *sl_reads_layer_new             (ShumateViewport *viewport);

void               sl_reads_layer_set_points      (SlReadsLayer    *self,
                                                   GArray          *points);
GArray            *sl_reads_layer_get_points      (SlReadsLayer    *self);
gboolean           sl_reads_layer_get_bounds      (SlReadsLayer    *self,
                                                   double          *min_lat,
                                                   double          *min_lon,
                                                   double          *max_lat,
                                                   double          *max_lon);
void               sl_reads_layer_get_time_range  (SlReadsLayer    *self,
                                                   gint64          *first_us,
                                                   gint64          *last_us);
void               sl_reads_layer_set_until       (SlReadsLayer    *self,
                                                   gint64           until_us);
guint              sl_reads_layer_count_shown     (SlReadsLayer    *self);

void               sl_reads_layer_set_track       (SlReadsLayer    *self,
                                                   GArray          *track);

void               sl_reads_layer_set_circle      (SlReadsLayer    *self,
                                                   double           lat,
                                                   double           lon,
                                                   double           radius_m);
void               sl_reads_layer_set_polygon     (SlReadsLayer    *self,
                                                   const double    *lat_lon,
                                                   guint            n_vertices,
                                                   gboolean         closed);
void               sl_reads_layer_clear_area      (SlReadsLayer    *self);
SlMapAreaKind      sl_reads_layer_get_area_kind   (SlReadsLayer    *self);
char              *sl_reads_layer_dup_area_json   (SlReadsLayer    *self);

SlMapCluster      *sl_reads_layer_pick            (SlReadsLayer    *self,
                                                   double           x,
                                                   double           y);
guint              sl_reads_layer_get_n_drawn     (SlReadsLayer    *self);

G_END_DECLS
