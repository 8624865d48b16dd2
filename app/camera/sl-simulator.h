/* sl-simulator.h: the test camera: a street on RTSP, its reads to the service */
#pragma once

#include <glib-object.h>

#include "sl-camera-poster.h"

G_BEGIN_DECLS

#define SL_SIMULATOR_WIDTH  640
#define SL_SIMULATOR_HEIGHT 360
#define SL_SIMULATOR_FPS    10
#define SL_SIMULATOR_PLATE_WIDTH 240

/**
 * SlSimulatorOptions:
 * @lat: NAN when the camera has no position
 * @hit_list: (nullable): a hot-list CSV whose plates some cars carry
 */
typedef struct
{
  const char     *server;
  const char     *token;
  const char     *name;
  const char     *ca_file;
  const char     *hit_list;
  const char     *rtsp_address;
  guint           rtsp_port;
  SlCameraFormat  format;
  double          rate;
  double          hit_rate;
  double          lat;
  double          lon;
  double          heading;
  guint64         seed;
} SlSimulatorOptions;

#define SL_TYPE_SIMULATOR (sl_simulator_get_type ())
G_DECLARE_FINAL_TYPE (SlSimulator, sl_simulator, SL, SIMULATOR, GObject)

SlSimulator *sl_simulator_new           (const SlSimulatorOptions  *options,
                                         GError                   **error);
gboolean     sl_simulator_start         (SlSimulator               *self,
                                         GError                   **error);
void         sl_simulator_stop          (SlSimulator               *self);
char        *sl_simulator_dup_rtsp_url  (SlSimulator               *self);
guint64      sl_simulator_get_n_reads   (SlSimulator               *self);
SlCameraPoster *sl_simulator_get_poster (SlSimulator               *self);

G_END_DECLS
