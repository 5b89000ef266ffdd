/* bootstrap.h - create the boot tasks and hand the rest of the machine to the VM server. */
#ifndef BOOTSTRAP_H
#define BOOTSTRAP_H
#include <stdint.h>
#include "fdt/dt_platform.h"
void bootstrap(const struct dt_platform *plat, uint64_t hartid);
#endif
