#ifndef TRACKER_CCMARK_SHIM_H
#define TRACKER_CCMARK_SHIM_H
#include <cmark.h>
#endif
