/* power.h - stopping the machine: power-off with a status, and panic. */
#ifndef POWER_H
#define POWER_H

struct dt_platform;
/* Remember how this platform powers off (QEMU's test finisher, if the tree has one). */
void power_init(const struct dt_platform *plat);
/* Stop the machine, reporting `status` (0 = success) where the platform can; the IPC
 * trace (make KTRACE=1) is printed first. */
_Noreturn void poweroff(int status);
_Noreturn void panic(const char *msg);
#endif
