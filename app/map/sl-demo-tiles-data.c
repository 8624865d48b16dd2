#define G_LOG_DOMAIN "sl-demo-tiles-data"

#include "config.h"

#include "sl-demo-tiles-private.h"

/* Oakland and its shores, approximated by hand from well-known geography
 * (latitude, longitude). Good enough for a calm demo map, not for navigation. */

#define FEATURE(kind, name, points) { kind, name, points, G_N_ELEMENTS (points) }

/* Water */

/* San Francisco and San Pablo Bays with the Pacific coast, one outline:
 * the East Bay shore southwards, the peninsula northwards, the coast, Marin. */
static const SlGeoPoint bay[] = {
  { 38.0600, -122.2300 }, { 38.0300, -122.2700 }, { 38.0100, -122.3300 }, { 37.9900, -122.3700 },
  { 37.9650, -122.4100 }, { 37.9400, -122.4050 }, { 37.9200, -122.3850 }, { 37.9100, -122.3600 },
  { 37.9050, -122.3350 }, { 37.8980, -122.3250 }, { 37.8900, -122.3200 }, { 37.8850, -122.3180 },
  { 37.8760, -122.3120 }, { 37.8680, -122.3090 }, { 37.8560, -122.3060 }, { 37.8450, -122.3030 },
  { 37.8410, -122.3100 }, { 37.8370, -122.3110 }, { 37.8335, -122.3015 }, { 37.8290, -122.3010 },
  { 37.8275, -122.3150 }, { 37.8235, -122.3270 }, { 37.8200, -122.3330 }, { 37.8165, -122.3290 },
  { 37.8150, -122.3200 }, { 37.8100, -122.3230 }, { 37.8060, -122.3290 }, { 37.8000, -122.3290 },
  { 37.7965, -122.3240 },
  /* the Oakland Estuary's north bank, then the Tidal Canal */
  { 37.7975, -122.3050 }, { 37.7960, -122.2900 }, { 37.7950, -122.2800 }, { 37.7940, -122.2730 },
  { 37.7918, -122.2650 }, { 37.7895, -122.2580 }, { 37.7862, -122.2500 }, { 37.7800, -122.2420 },
  { 37.7720, -122.2340 }, { 37.7650, -122.2250 }, { 37.7605, -122.2180 },
  /* San Leandro Bay, the airport, San Leandro */
  { 37.7590, -122.2110 }, { 37.7560, -122.2060 }, { 37.7500, -122.2050 }, { 37.7440, -122.2070 },
  { 37.7405, -122.2125 }, { 37.7385, -122.2200 }, { 37.7430, -122.2320 }, { 37.7450, -122.2450 },
  { 37.7420, -122.2560 }, { 37.7320, -122.2620 }, { 37.7180, -122.2580 }, { 37.7020, -122.2480 },
  { 37.6950, -122.2330 }, { 37.6990, -122.2100 }, { 37.6960, -122.1960 }, { 37.6800, -122.1850 },
  { 37.6500, -122.1720 }, { 37.6200, -122.1480 }, { 37.5800, -122.1350 }, { 37.5300, -122.1050 },
  { 37.4900, -122.0500 }, { 37.4600, -121.9900 },
  /* the South Bay's west shore and San Francisco's waterfront */
  { 37.4550, -122.1100 }, { 37.4900, -122.1900 }, { 37.5300, -122.2400 }, { 37.5700, -122.2900 },
  { 37.5950, -122.3400 }, { 37.6150, -122.3600 }, { 37.6350, -122.3700 }, { 37.6600, -122.3800 },
  { 37.6850, -122.3880 }, { 37.7080, -122.3780 }, { 37.7200, -122.3650 }, { 37.7300, -122.3570 },
  { 37.7380, -122.3720 }, { 37.7530, -122.3840 }, { 37.7700, -122.3870 }, { 37.7840, -122.3880 },
  { 37.7955, -122.3925 }, { 37.8050, -122.4020 }, { 37.8095, -122.4120 }, { 37.8080, -122.4230 },
  { 37.8085, -122.4300 }, { 37.8055, -122.4430 }, { 37.8060, -122.4600 }, { 37.8100, -122.4760 },
  /* through the Golden Gate and down the coast */
  { 37.8000, -122.4810 }, { 37.7935, -122.4840 }, { 37.7880, -122.4960 }, { 37.7880, -122.5050 },
  { 37.7785, -122.5135 }, { 37.7350, -122.5080 }, { 37.7100, -122.5020 }, { 37.6700, -122.4970 },
  { 37.6300, -122.4950 }, { 37.5900, -122.5150 }, { 37.4950, -122.4990 }, { 37.4600, -122.4450 },
  { 37.3500, -122.4100 }, { 37.2000, -122.4000 }, { 37.1100, -122.3000 }, { 36.9600, -122.1000 },
  { 36.9500, -122.0200 }, { 36.8000, -121.7900 }, { 36.6000, -121.8900 }, { 36.6380, -121.9360 },
  { 36.5500, -121.9300 }, { 36.2500, -121.8500 }, { 35.6600, -121.2800 }, { 35.3600, -120.8600 },
  { 34.9000, -120.6500 }, { 34.4500, -120.4700 }, { 34.4100, -119.7000 }, { 34.3000, -119.3000 },
  { 34.0300, -118.8000 }, { 33.9000, -118.4200 }, { 33.7200, -118.2900 }, { 33.6000, -117.9000 },
  { 33.4500, -117.6800 }, { 33.0000, -117.2800 }, { 32.7200, -117.2000 }, { 32.5300, -117.1200 },
  { 31.8000, -116.7000 }, { 30.5000, -116.0000 }, { 28.0000, -114.2000 }, { 26.0000, -112.5000 },
  { 23.0000, -110.0000 }, { 20.0000, -105.5000 },
  /* the open Pacific */
  { 20.0000, -180.0000 }, { 58.0000, -180.0000 }, { 58.0000, -137.0000 }, { 54.5000, -130.5000 },
  /* up the coast again from the north */
  { 48.4000, -124.7000 }, { 46.9000, -124.1000 }, { 46.2500, -124.0500 }, { 43.3500, -124.3500 },
  { 42.0000, -124.2500 }, { 40.4400, -124.4100 }, { 39.5000, -123.8000 }, { 38.9500, -123.7300 },
  { 38.3000, -123.0500 }, { 38.0000, -123.0200 }, { 38.0300, -122.9500 }, { 37.9000, -122.6900 },
  { 37.8600, -122.5850 }, { 37.8300, -122.5400 }, { 37.8160, -122.5300 }, { 37.8250, -122.4950 },
  { 37.8260, -122.4790 },
  /* Marin's bay shore and San Pablo Bay */
  { 37.8560, -122.4790 }, { 37.8700, -122.4650 }, { 37.8650, -122.4560 }, { 37.8750, -122.4480 },
  { 37.8950, -122.4600 }, { 37.9300, -122.4750 }, { 37.9550, -122.4850 }, { 37.9750, -122.4900 },
  { 38.0100, -122.4950 }, { 38.0600, -122.5000 }, { 38.1000, -122.4700 }, { 38.1200, -122.3800 },
  { 38.1100, -122.2900 }, { 38.0900, -122.2600 }, { 38.0700, -122.2400 }, { 38.0650, -122.2300 },
};

/* Islands */

/* Its north shore faces the Estuary's bank about 300 m away. */
static const SlGeoPoint alameda[] = {
  { 37.7945, -122.3250 }, { 37.7945, -122.3050 }, { 37.7925, -122.2900 }, { 37.7915, -122.2800 },
  { 37.7905, -122.2730 }, { 37.7880, -122.2650 }, { 37.7845, -122.2560 }, { 37.7815, -122.2510 },
  { 37.7770, -122.2440 }, { 37.7695, -122.2360 }, { 37.7630, -122.2275 }, { 37.7580, -122.2210 },
  { 37.7550, -122.2260 }, { 37.7555, -122.2400 }, { 37.7600, -122.2550 }, { 37.7660, -122.2750 },
  { 37.7700, -122.2900 }, { 37.7700, -122.3050 }, { 37.7740, -122.3200 }, { 37.7800, -122.3300 },
  { 37.7880, -122.3350 },
};

static const SlGeoPoint treasure_island[] = {
  { 37.8330, -122.3750 }, { 37.8300, -122.3620 }, { 37.8165, -122.3680 }, { 37.8150, -122.3700 },
  { 37.8195, -122.3810 },
};

static const SlGeoPoint yerba_buena_island[] = {
  { 37.8145, -122.3680 }, { 37.8140, -122.3600 }, { 37.8100, -122.3570 }, { 37.8060, -122.3600 },
  { 37.8050, -122.3660 }, { 37.8085, -122.3720 }, { 37.8130, -122.3720 },
};

static const SlGeoPoint angel_island[] = {
  { 37.8720, -122.4350 }, { 37.8700, -122.4200 }, { 37.8620, -122.4180 }, { 37.8540, -122.4230 },
  { 37.8520, -122.4350 }, { 37.8580, -122.4450 }, { 37.8680, -122.4440 },
};

static const SlGeoPoint alcatraz[] = {
  { 37.8280, -122.4245 }, { 37.8275, -122.4210 }, { 37.8260, -122.4215 }, { 37.8262, -122.4245 },
};

/* Lakes */

static const SlGeoPoint lake_merritt[] = {
  { 37.7968, -122.2608 }, { 37.7985, -122.2635 }, { 37.8010, -122.2648 }, { 37.8040, -122.2652 },
  { 37.8065, -122.2640 }, { 37.8085, -122.2622 }, { 37.8100, -122.2612 }, { 37.8113, -122.2598 },
  { 37.8105, -122.2585 }, { 37.8088, -122.2590 }, { 37.8075, -122.2570 }, { 37.8085, -122.2545 },
  { 37.8100, -122.2515 }, { 37.8112, -122.2490 }, { 37.8100, -122.2480 }, { 37.8080, -122.2495 },
  { 37.8055, -122.2510 }, { 37.8030, -122.2518 }, { 37.8005, -122.2528 }, { 37.7990, -122.2545 },
  { 37.7982, -122.2570 }, { 37.7975, -122.2590 },
};

/* From the 12th Street dam down to the Estuary. */
static const SlGeoPoint lake_merritt_channel[] = {
  { 37.7974, -122.2613 }, { 37.7972, -122.2600 }, { 37.7930, -122.2596 }, { 37.7890, -122.2585 },
  { 37.7890, -122.2602 }, { 37.7930, -122.2610 },
};

static const SlGeoPoint lake_temescal[] = {
  { 37.8485, -122.2335 }, { 37.8480, -122.2310 }, { 37.8462, -122.2305 }, { 37.8455, -122.2325 },
  { 37.8468, -122.2340 },
};

static const SlGeoPoint lake_chabot[] = {
  { 37.7460, -122.1180 }, { 37.7420, -122.1050 }, { 37.7300, -122.1000 }, { 37.7200, -122.1080 },
  { 37.7150, -122.1140 }, { 37.7250, -122.1180 }, { 37.7350, -122.1150 },
};

/* Parks */

static const SlGeoPoint lakeside_park[] = {
  { 37.8108, -122.2592 }, { 37.8092, -122.2596 }, { 37.8078, -122.2572 }, { 37.8088, -122.2546 },
  { 37.8104, -122.2522 }, { 37.8117, -122.2558 },
};

static const SlGeoPoint mountain_view_cemetery[] = {
  { 37.8380, -122.2480 }, { 37.8370, -122.2380 }, { 37.8290, -122.2370 }, { 37.8270, -122.2450 },
};

static const SlGeoPoint joaquin_miller_park[] = {
  { 37.8150, -122.1950 }, { 37.8100, -122.1800 }, { 37.8020, -122.1800 }, { 37.7980, -122.1880 },
  { 37.8060, -122.1960 },
};

static const SlGeoPoint redwood_park[] = {
  { 37.8400, -122.1800 }, { 37.8300, -122.1600 }, { 37.8000, -122.1450 }, { 37.7900, -122.1550 },
  { 37.8050, -122.1700 }, { 37.8250, -122.1800 },
};

static const SlGeoPoint knowland_park[] = {
  { 37.7560, -122.1370 }, { 37.7520, -122.1250 }, { 37.7400, -122.1230 }, { 37.7380, -122.1330 },
  { 37.7460, -122.1400 },
};

static const SlGeoPoint arroyo_viejo_park[] = {
  { 37.7672, -122.1800 }, { 37.7662, -122.1768 }, { 37.7640, -122.1775 }, { 37.7648, -122.1806 },
};

static const SlGeoPoint dimond_park[] = {
  { 37.8045, -122.2145 }, { 37.8040, -122.2115 }, { 37.8018, -122.2118 }, { 37.8022, -122.2148 },
};

static const SlGeoPoint tilden_park[] = {
  { 37.9150, -122.2600 }, { 37.9050, -122.2350 }, { 37.8800, -122.2300 }, { 37.8750, -122.2450 },
  { 37.8900, -122.2600 },
};

static const SlGeoPoint golden_gate_park[] = {
  { 37.7745, -122.5110 }, { 37.7740, -122.4540 }, { 37.7660, -122.4540 }, { 37.7650, -122.5110 },
};

static const SlGeoPoint presidio[] = {
  { 37.8040, -122.4780 }, { 37.8030, -122.4480 }, { 37.7880, -122.4470 }, { 37.7870, -122.4830 },
};

/* Freeways */

static const SlGeoPoint i880[] = {
  { 37.8262, -122.2945 }, { 37.8200, -122.2975 }, { 37.8120, -122.2990 }, { 37.8060, -122.2975 },
  { 37.8020, -122.2920 }, { 37.7995, -122.2850 }, { 37.7978, -122.2780 }, { 37.7968, -122.2730 },
  { 37.7950, -122.2660 }, { 37.7925, -122.2595 }, { 37.7885, -122.2510 }, { 37.7835, -122.2420 },
  { 37.7790, -122.2330 }, { 37.7740, -122.2240 }, { 37.7680, -122.2140 }, { 37.7610, -122.2070 },
  { 37.7540, -122.2020 }, { 37.7470, -122.1975 }, { 37.7400, -122.1940 }, { 37.7320, -122.1880 },
  { 37.7230, -122.1800 }, { 37.7100, -122.1700 }, { 37.6900, -122.1580 },
};

static const SlGeoPoint i580[] = {
  { 37.8262, -122.2945 }, { 37.8268, -122.2800 }, { 37.8262, -122.2660 }, { 37.8250, -122.2580 },
  { 37.8225, -122.2530 }, { 37.8180, -122.2480 }, { 37.8128, -122.2455 }, { 37.8085, -122.2400 },
  { 37.8040, -122.2320 }, { 37.7985, -122.2200 }, { 37.7925, -122.2100 }, { 37.7860, -122.2020 },
  { 37.7790, -122.1920 }, { 37.7720, -122.1820 }, { 37.7640, -122.1720 }, { 37.7560, -122.1610 },
  { 37.7470, -122.1500 }, { 37.7360, -122.1380 }, { 37.7200, -122.1260 }, { 37.7000, -122.1100 },
};

/* The Eastshore Freeway, then the Bay Bridge to San Francisco. */
static const SlGeoPoint i80[] = {
  { 37.9100, -122.3100 }, { 37.8950, -122.3060 }, { 37.8800, -122.3040 }, { 37.8650, -122.3010 },
  { 37.8520, -122.2990 }, { 37.8400, -122.2970 }, { 37.8320, -122.2955 }, { 37.8262, -122.2945 },
};

static const SlGeoPoint bay_bridge[] = {
  { 37.8262, -122.2945 }, { 37.8255, -122.3050 }, { 37.8240, -122.3150 }, { 37.8205, -122.3280 },
  { 37.8180, -122.3350 }, { 37.8140, -122.3480 }, { 37.8110, -122.3620 }, { 37.8085, -122.3720 },
  { 37.8030, -122.3800 }, { 37.7960, -122.3870 }, { 37.7880, -122.3930 },
};

static const SlGeoPoint i980[] = {
  { 37.7980, -122.2800 }, { 37.8040, -122.2780 }, { 37.8100, -122.2775 }, { 37.8160, -122.2745 },
  { 37.8215, -122.2715 }, { 37.8263, -122.2690 },
};

static const SlGeoPoint ca24[] = {
  { 37.8263, -122.2690 }, { 37.8320, -122.2640 }, { 37.8380, -122.2590 }, { 37.8446, -122.2513 },
  { 37.8480, -122.2420 }, { 37.8530, -122.2300 }, { 37.8560, -122.2180 }, { 37.8580, -122.2080 },
  { 37.8620, -122.1950 },
};

static const SlGeoPoint ca13[] = {
  { 37.7860, -122.2020 }, { 37.7950, -122.1980 }, { 37.8040, -122.1990 }, { 37.8150, -122.2030 },
  { 37.8270, -122.2100 }, { 37.8380, -122.2150 }, { 37.8500, -122.2180 }, { 37.8560, -122.2180 },
};

/* Major streets */

static const SlGeoPoint broadway[] = {
  { 37.7947, -122.2768 }, { 37.7990, -122.2742 }, { 37.8044, -122.2712 }, { 37.8063, -122.2702 },
  { 37.8085, -122.2690 }, { 37.8112, -122.2676 }, { 37.8170, -122.2645 }, { 37.8215, -122.2612 }, { 37.8260, -122.2575 },
  { 37.8330, -122.2540 }, { 37.8390, -122.2522 }, { 37.8445, -122.2519 }, { 37.8480, -122.2480 },
};

static const SlGeoPoint telegraph[] = {
  { 37.8063, -122.2702 }, { 37.8118, -122.2695 }, { 37.8170, -122.2680 }, { 37.8220, -122.2662 },
  { 37.8265, -122.2640 }, { 37.8300, -122.2625 }, { 37.8380, -122.2612 }, { 37.8500, -122.2603 },
  { 37.8600, -122.2592 }, { 37.8686, -122.2588 },
};

static const SlGeoPoint san_pablo[] = {
  { 37.8048, -122.2725 }, { 37.8100, -122.2745 }, { 37.8142, -122.2770 }, { 37.8200, -122.2790 },
  { 37.8260, -122.2803 }, { 37.8320, -122.2815 }, { 37.8400, -122.2835 }, { 37.8530, -122.2880 },
  { 37.8693, -122.2950 }, { 37.8900, -122.2990 },
};

static const SlGeoPoint international[] = {
  { 37.7965, -122.2560 }, { 37.7920, -122.2480 }, { 37.7870, -122.2390 }, { 37.7825, -122.2320 },
  { 37.7783, -122.2261 }, { 37.7731, -122.2168 }, { 37.7679, -122.2076 }, { 37.7626, -122.1983 },
  { 37.7574, -122.1891 }, { 37.7521, -122.1798 }, { 37.7469, -122.1706 }, { 37.7417, -122.1614 },
};

static const SlGeoPoint east_14th[] = {
  { 37.7417, -122.1614 }, { 37.7364, -122.1521 }, { 37.7312, -122.1429 }, { 37.7150, -122.1290 },
};

static const SlGeoPoint macarthur[] = {
  { 37.8274, -122.2940 }, { 37.8280, -122.2800 }, { 37.8274, -122.2660 }, { 37.8262, -122.2577 },
  { 37.8245, -122.2530 }, { 37.8200, -122.2470 }, { 37.8145, -122.2435 }, { 37.8100, -122.2380 },
  { 37.8055, -122.2305 }, { 37.8000, -122.2185 }, { 37.7940, -122.2085 }, { 37.7875, -122.2005 },
  { 37.7805, -122.1905 }, { 37.7735, -122.1805 }, { 37.7655, -122.1705 }, { 37.7575, -122.1595 },
  { 37.7485, -122.1485 }, { 37.7380, -122.1365 },
};

static const SlGeoPoint west_grand[] = {
  { 37.8215, -122.2978 }, { 37.8147, -122.2780 }, { 37.8112, -122.2676 },
};

static const SlGeoPoint grand[] = {
  { 37.8112, -122.2676 }, { 37.8120, -122.2630 }, { 37.8124, -122.2595 }, { 37.8122, -122.2540 },
  { 37.8120, -122.2490 }, { 37.8150, -122.2450 }, { 37.8195, -122.2410 }, { 37.8230, -122.2370 },
};

static const SlGeoPoint fourteenth[] = {
  { 37.8112, -122.2905 }, { 37.8085, -122.2832 }, { 37.8048, -122.2725 }, { 37.8044, -122.2712 },
  { 37.8024, -122.2652 },
};

/* Secondary streets */

/* Round the lake's south end from 14th St to International Blvd. */
static const SlGeoPoint east_12th[] = {
  { 37.8024, -122.2652 }, { 37.8000, -122.2652 }, { 37.7982, -122.2640 }, { 37.7968, -122.2618 },
  { 37.7962, -122.2598 }, { 37.7965, -122.2560 },
};

static const SlGeoPoint seventh[] = {
  { 37.8060, -122.3120 }, { 37.8071, -122.2995 }, { 37.8028, -122.2870 }, { 37.7985, -122.2745 },
};

static const SlGeoPoint twenty_seventh[] = {
  { 37.8224, -122.2899 }, { 37.8170, -122.2643 }, { 37.8152, -122.2591 },
};

static const SlGeoPoint fortieth[] = {
  { 37.8317, -122.2929 }, { 37.8300, -122.2625 }, { 37.8296, -122.2557 },
};

static const SlGeoPoint mandela[] = {
  { 37.8015, -122.2895 }, { 37.8120, -122.2905 }, { 37.8230, -122.2915 },
};

static const SlGeoPoint harrison[] = {
  { 37.7954, -122.2734 }, { 37.8036, -122.2689 }, { 37.8086, -122.2662 }, { 37.8121, -122.2620 },
  { 37.8170, -122.2575 }, { 37.8230, -122.2520 }, { 37.8280, -122.2470 },
};

static const SlGeoPoint lakeshore[] = {
  { 37.7998, -122.2510 }, { 37.8028, -122.2498 }, { 37.8053, -122.2489 }, { 37.8078, -122.2473 },
  { 37.8103, -122.2457 }, { 37.8145, -122.2435 },
};

static const SlGeoPoint park_blvd[] = {
  { 37.7920, -122.2480 }, { 37.8000, -122.2420 }, { 37.8040, -122.2360 }, { 37.8065, -122.2320 },
  { 37.8110, -122.2260 }, { 37.8170, -122.2200 },
};

static const SlGeoPoint foothill[] = {
  { 37.7920, -122.2480 }, { 37.7907, -122.2357 }, { 37.7857, -122.2277 }, { 37.7808, -122.2207 },
  { 37.7757, -122.2117 }, { 37.7707, -122.2027 }, { 37.7657, -122.1937 }, { 37.7607, -122.1852 },
  { 37.7557, -122.1762 }, { 37.7506, -122.1673 }, { 37.7437, -122.1577 },
};

static const SlGeoPoint fruitvale[] = {
  { 37.7640, -122.2330 }, { 37.7783, -122.2261 }, { 37.7880, -122.2200 }, { 37.8000, -122.2170 },
  { 37.8060, -122.2130 },
};

static const SlGeoPoint thirty_fifth[] = {
  { 37.7707, -122.2225 }, { 37.7905, -122.2046 }, { 37.7961, -122.1992 },
};

static const SlGeoPoint high_st[] = {
  { 37.7588, -122.2231 }, { 37.7703, -122.2111 }, { 37.7798, -122.2026 }, { 37.7862, -122.1986 },
  { 37.7928, -122.1926 },
};

static const SlGeoPoint seminary[] = {
  { 37.7581, -122.2060 }, { 37.7640, -122.2007 }, { 37.7758, -122.1901 },
};

static const SlGeoPoint hegenberger[] = {
  { 37.7363, -122.2110 }, { 37.7583, -122.1911 },
};

static const SlGeoPoint seventy_third[] = {
  { 37.7583, -122.1911 }, { 37.7693, -122.1812 },
};

static const SlGeoPoint ninety_eighth[] = {
  { 37.7249, -122.1905 }, { 37.7469, -122.1706 }, { 37.7557, -122.1627 },
};

static const SlGeoPoint webster[] = {
  { 37.7908, -122.2768 }, { 37.7690, -122.2785 },
};

static const SlGeoPoint park_st[] = {
  { 37.7765, -122.2370 }, { 37.7700, -122.2425 }, { 37.7620, -122.2490 },
};

static const SlGeoPoint santa_clara[] = {
  { 37.7745, -122.2950 }, { 37.7712, -122.2700 }, { 37.7672, -122.2440 }, { 37.7640, -122.2330 },
};

static const SlGeoPoint lincoln_ave[] = {
  { 37.7780, -122.2950 }, { 37.7747, -122.2700 }, { 37.7707, -122.2440 },
};

static const SlGeoPoint central_ave[] = {
  { 37.7706, -122.2900 }, { 37.7677, -122.2700 }, { 37.7637, -122.2440 },
};

/* Along the ridge of the hills, and up to it. */
static const SlGeoPoint skyline[] = {
  { 37.8420, -122.2070 }, { 37.8300, -122.1980 }, { 37.8200, -122.1870 }, { 37.8120, -122.1760 },
  { 37.8000, -122.1680 }, { 37.7880, -122.1560 }, { 37.7750, -122.1420 },
};

static const SlGeoPoint joaquin_miller_rd[] = {
  { 37.8010, -122.2060 }, { 37.8040, -122.1990 }, { 37.8090, -122.1880 }, { 37.8120, -122.1760 },
};

static const SlGeoPoint shattuck[] = {
  { 37.8380, -122.2612 }, { 37.8500, -122.2660 }, { 37.8600, -122.2670 }, { 37.8720, -122.2685 },
};

static const SlGeoPoint university[] = {
  { 37.8680, -122.3060 }, { 37.8693, -122.2950 }, { 37.8700, -122.2800 }, { 37.8715, -122.2680 },
};

static const SlGeoPoint ashby[] = {
  { 37.8480, -122.2985 }, { 37.8530, -122.2880 }, { 37.8555, -122.2598 }, { 37.8580, -122.2450 },
};

static const SlGeoPoint college[] = {
  { 37.8445, -122.2519 }, { 37.8560, -122.2530 }, { 37.8690, -122.2540 },
};

static const SlGeoPoint piedmont_ave[] = {
  { 37.8250, -122.2568 }, { 37.8300, -122.2535 }, { 37.8330, -122.2482 },
};

const SlDemoFeature _sl_demo_features[] = {
  FEATURE (SL_DEMO_WATER, "San Francisco Bay", bay),

  FEATURE (SL_DEMO_ISLAND, "Alameda", alameda),
  FEATURE (SL_DEMO_ISLAND, "Treasure Island", treasure_island),
  FEATURE (SL_DEMO_ISLAND, "Yerba Buena Island", yerba_buena_island),
  FEATURE (SL_DEMO_ISLAND, "Angel Island", angel_island),
  FEATURE (SL_DEMO_ISLAND, "Alcatraz", alcatraz),

  FEATURE (SL_DEMO_LAKE, "Lake Merritt", lake_merritt),
  FEATURE (SL_DEMO_LAKE, "Lake Merritt Channel", lake_merritt_channel),
  FEATURE (SL_DEMO_LAKE, "Lake Temescal", lake_temescal),
  FEATURE (SL_DEMO_LAKE, "Lake Chabot", lake_chabot),

  FEATURE (SL_DEMO_PARK, "Lakeside Park", lakeside_park),
  FEATURE (SL_DEMO_PARK, "Mountain View Cemetery", mountain_view_cemetery),
  FEATURE (SL_DEMO_PARK, "Joaquin Miller Park", joaquin_miller_park),
  FEATURE (SL_DEMO_PARK, "Redwood Regional Park", redwood_park),
  FEATURE (SL_DEMO_PARK, "Knowland Park", knowland_park),
  FEATURE (SL_DEMO_PARK, "Arroyo Viejo Park", arroyo_viejo_park),
  FEATURE (SL_DEMO_PARK, "Dimond Park", dimond_park),
  FEATURE (SL_DEMO_PARK, "Tilden Park", tilden_park),
  FEATURE (SL_DEMO_PARK, "Golden Gate Park", golden_gate_park),
  FEATURE (SL_DEMO_PARK, "Presidio", presidio),

  FEATURE (SL_DEMO_SECONDARY, "E 12th St", east_12th),
  FEATURE (SL_DEMO_SECONDARY, "7th St", seventh),
  FEATURE (SL_DEMO_SECONDARY, "27th St", twenty_seventh),
  FEATURE (SL_DEMO_SECONDARY, "40th St", fortieth),
  FEATURE (SL_DEMO_SECONDARY, "Mandela Pkwy", mandela),
  FEATURE (SL_DEMO_SECONDARY, "Harrison St", harrison),
  FEATURE (SL_DEMO_SECONDARY, "Lakeshore Ave", lakeshore),
  FEATURE (SL_DEMO_SECONDARY, "Park Blvd", park_blvd),
  FEATURE (SL_DEMO_SECONDARY, "Foothill Blvd", foothill),
  FEATURE (SL_DEMO_SECONDARY, "Fruitvale Ave", fruitvale),
  FEATURE (SL_DEMO_SECONDARY, "35th Ave", thirty_fifth),
  FEATURE (SL_DEMO_SECONDARY, "High St", high_st),
  FEATURE (SL_DEMO_SECONDARY, "Seminary Ave", seminary),
  FEATURE (SL_DEMO_SECONDARY, "Hegenberger Rd", hegenberger),
  FEATURE (SL_DEMO_SECONDARY, "73rd Ave", seventy_third),
  FEATURE (SL_DEMO_SECONDARY, "98th Ave", ninety_eighth),
  FEATURE (SL_DEMO_SECONDARY, "Webster St", webster),
  FEATURE (SL_DEMO_SECONDARY, "Park St", park_st),
  FEATURE (SL_DEMO_SECONDARY, "Santa Clara Ave", santa_clara),
  FEATURE (SL_DEMO_SECONDARY, "Lincoln Ave", lincoln_ave),
  FEATURE (SL_DEMO_SECONDARY, "Central Ave", central_ave),
  FEATURE (SL_DEMO_SECONDARY, "Skyline Blvd", skyline),
  FEATURE (SL_DEMO_SECONDARY, "Joaquin Miller Rd", joaquin_miller_rd),
  FEATURE (SL_DEMO_SECONDARY, "Shattuck Ave", shattuck),
  FEATURE (SL_DEMO_SECONDARY, "University Ave", university),
  FEATURE (SL_DEMO_SECONDARY, "Ashby Ave", ashby),
  FEATURE (SL_DEMO_SECONDARY, "College Ave", college),
  FEATURE (SL_DEMO_SECONDARY, "Piedmont Ave", piedmont_ave),

  FEATURE (SL_DEMO_MAJOR, "Broadway", broadway),
  FEATURE (SL_DEMO_MAJOR, "Telegraph Ave", telegraph),
  FEATURE (SL_DEMO_MAJOR, "San Pablo Ave", san_pablo),
  FEATURE (SL_DEMO_MAJOR, "International Blvd", international),
  FEATURE (SL_DEMO_MAJOR, "E 14th St", east_14th),
  FEATURE (SL_DEMO_MAJOR, "MacArthur Blvd", macarthur),
  FEATURE (SL_DEMO_MAJOR, "W Grand Ave", west_grand),
  FEATURE (SL_DEMO_MAJOR, "Grand Ave", grand),
  FEATURE (SL_DEMO_MAJOR, "14th St", fourteenth),

  FEATURE (SL_DEMO_FREEWAY, "I-880", i880),
  FEATURE (SL_DEMO_FREEWAY, "I-580", i580),
  FEATURE (SL_DEMO_FREEWAY, "I-80", i80),
  FEATURE (SL_DEMO_FREEWAY, "I-80", bay_bridge),
  FEATURE (SL_DEMO_FREEWAY, "I-980", i980),
  FEATURE (SL_DEMO_FREEWAY, "CA-24", ca24),
  FEATURE (SL_DEMO_FREEWAY, "CA-13", ca13),
};

const guint _sl_demo_n_features = G_N_ELEMENTS (_sl_demo_features);

/* Districts of minor streets. Neighbouring districts share their borders;
 * water and the islands are drawn over the mainland's streets. */

/* Downtown, West and North Oakland: Broadway's grid, through Broadway & 14th. */
static const SlGeoPoint downtown_outline[] = {
  { 37.7880, -122.3010 }, { 37.8285, -122.3010 }, { 37.8285, -122.2440 }, { 37.8150, -122.2400 },
  { 37.8000, -122.2460 }, { 37.7880, -122.2520 },
};

/* Emeryville, Temescal, Rockridge and Berkeley's flats. */
static const SlGeoPoint berkeley_outline[] = {
  { 37.8285, -122.3050 }, { 37.8950, -122.3100 }, { 37.8950, -122.2560 }, { 37.8600, -122.2500 },
  { 37.8450, -122.2420 }, { 37.8285, -122.2440 },
};

/* The East Oakland flats: avenues square to International Blvd, through 98th Ave. */
static const SlGeoPoint east_oakland_outline[] = {
  { 37.7880, -122.2520 }, { 37.8000, -122.2460 }, { 37.8062, -122.2330 }, { 37.8010, -122.2150 },
  { 37.7900, -122.1990 }, { 37.7760, -122.1780 }, { 37.7610, -122.1580 }, { 37.7460, -122.1420 },
  { 37.7260, -122.1260 }, { 37.7080, -122.1450 }, { 37.7150, -122.1700 }, { 37.7300, -122.1950 },
  { 37.7480, -122.2080 }, { 37.7600, -122.2200 }, { 37.7750, -122.2400 },
};

/* Grand Lake, Piedmont and Glenview, between the two grids. */
static const SlGeoPoint piedmont_outline[] = {
  { 37.8285, -122.2440 }, { 37.8150, -122.2400 }, { 37.8000, -122.2460 }, { 37.8062, -122.2330 },
  { 37.8010, -122.2150 }, { 37.8100, -122.2120 }, { 37.8250, -122.2250 }, { 37.8330, -122.2300 },
};

/* Alameda east of the old naval air station. */
static const SlGeoPoint alameda_outline[] = {
  { 37.7960, -122.3000 }, { 37.7960, -122.2200 }, { 37.7500, -122.2200 }, { 37.7500, -122.3000 },
};

const SlDemoGrid _sl_demo_grids[] = {
  { downtown_outline, G_N_ELEMENTS (downtown_outline), { 37.8044, -122.2712 }, 23.5, 110, 90, FALSE },
  { berkeley_outline, G_N_ELEMENTS (berkeley_outline), { 37.8300, -122.2625 }, 4.0, 120, 150, FALSE },
  { east_oakland_outline, G_N_ELEMENTS (east_oakland_outline), { 37.7469, -122.1706 }, 35.6, 105, 170, FALSE },
  { piedmont_outline, G_N_ELEMENTS (piedmont_outline), { 37.8170, -122.2330 }, 62.0, 125, 160, FALSE },
  { alameda_outline, G_N_ELEMENTS (alameda_outline), { 37.7712, -122.2700 }, 10.0, 120, 150, TRUE },
};

const guint _sl_demo_n_grids = G_N_ELEMENTS (_sl_demo_grids);

const SlDemoPlace _sl_demo_places[] = {
  { "San Francisco Bay", { 37.7600, -122.3450 }, 11, 14, SL_DEMO_PLACE_WATER, 0 },
  { "Oakland Estuary", { 37.7938, -122.2930 }, 15, 17, SL_DEMO_PLACE_WATER, 5 },
  { "Lake Merritt", { 37.8030, -122.2585 }, 14, 17, SL_DEMO_PLACE_WATER, 0 },
  { "San Leandro Bay", { 37.7490, -122.2180 }, 14, 16, SL_DEMO_PLACE_WATER, 0 },
  { "Oakland", { 37.7950, -122.2250 }, 9, 12, SL_DEMO_PLACE_CITY, 0 },
  { "Alameda", { 37.7650, -122.2650 }, 11, 13, SL_DEMO_PLACE_CITY, 0 },
  { "Berkeley", { 37.8715, -122.2730 }, 10, 13, SL_DEMO_PLACE_CITY, 0 },
  { "Emeryville", { 37.8350, -122.2900 }, 12, 13, SL_DEMO_PLACE_CITY, 0 },
  { "Piedmont", { 37.8240, -122.2310 }, 12, 14, SL_DEMO_PLACE_CITY, 0 },
  { "San Leandro", { 37.7250, -122.1560 }, 11, 13, SL_DEMO_PLACE_CITY, 0 },
  { "San Francisco", { 37.7600, -122.4450 }, 9, 13, SL_DEMO_PLACE_CITY, 0 },
  { "DOWNTOWN", { 37.8075, -122.2740 }, 13, 14, SL_DEMO_PLACE_DISTRICT, 0 },
  { "WEST OAKLAND", { 37.8100, -122.2880 }, 13, 14, SL_DEMO_PLACE_DISTRICT, 0 },
  { "TEMESCAL", { 37.8350, -122.2640 }, 13, 14, SL_DEMO_PLACE_DISTRICT, 0 },
  { "FRUITVALE", { 37.7800, -122.2150 }, 13, 14, SL_DEMO_PLACE_DISTRICT, 0 },
  { "EAST OAKLAND", { 37.7560, -122.1780 }, 13, 14, SL_DEMO_PLACE_DISTRICT, 0 },
  { "PORT OF OAKLAND", { 37.8030, -122.3150 }, 13, 15, SL_DEMO_PLACE_DISTRICT, 0 },
  { "OAKLAND AIRPORT", { 37.7150, -122.2200 }, 12, 14, SL_DEMO_PLACE_DISTRICT, 0 },
};

const guint _sl_demo_n_places = G_N_ELEMENTS (_sl_demo_places);
