/* latency: the `latency:` policy section -- probes that run a command or
 * send an HTTP request repeatedly and gate on percentiles of the time taken
 * and on the error rate.  It owns the parsed probes and the gates it adds. */
#ifndef MLGATE_LATENCY_H
#define MLGATE_LATENCY_H

#include "core/section.h"

extern const struct section_ops latency_section;

#endif
