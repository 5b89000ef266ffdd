/* vmlock.c - the VM server's big lock (vmlock.h), here below every layer that takes it. */
#include "vmlock.h"

struct sl_rwlock vm_big;
