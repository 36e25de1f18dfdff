/* latency: the `latency:` policy section -- probes that run a command, send
 * an HTTP request, or start a model server once and send it requests,
 * repeatedly, and gate on percentiles of the time taken, the failed runs
 * (wrong answers included), throughput and start-up.  It owns the parsed
 * probes and the gates it adds. */
#ifndef MLGATE_LATENCY_H
#define MLGATE_LATENCY_H

#include "core/section.h"

extern const struct section_ops latency_section;

#endif
