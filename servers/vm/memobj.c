/* memobj.c - the table of memory objects, and shared anonymous memory as one type of
 * them (see memobj.h). */
#include "memobj.h"
#include "anoncache.h"

#define MAX_MEMOBJ 256
static struct memobj objs[MAX_MEMOBJ];

struct memobj *memobj_new(const struct memobj_type *type)
{
	for (int i = 0; i < MAX_MEMOBJ; i++)
		if (!objs[i].type) {
			objs[i] = (struct memobj){.type = type, .refs = 1};
			return &objs[i];
		}
	return 0;
}

struct memobj *memobj_find(const struct memobj_type *type, uint64_t file)
{
	for (int i = 0; i < MAX_MEMOBJ; i++)
		if (objs[i].type == type && objs[i].file == file)
			return &objs[i];
	return 0;
}

struct memobj *memobj_find_key(const struct memobj_type *type, uint64_t key)
{
	for (int i = 0; i < MAX_MEMOBJ; i++)
		if (objs[i].type == type && objs[i].key == key)
			return &objs[i];
	return 0;
}

void memobj_get(struct memobj *o)
{
	o->refs++;
}

void memobj_put(struct memobj *o)
{
	if (--o->refs)
		return;
	o->type->release(o);
	o->type = 0;
}

/* ---- shared anonymous memory: pages in anoncache.c, charge given back at the end ---- */
static unsigned shmem_mode(struct memobj *o)
{
	(void)o;
	return VM_FMODE_READ | VM_FMODE_WRITE;
}

static void shmem_release(struct memobj *o)
{
	pc_drop_object(o);
	if (!(o->flags & VM_NORESERVE))
		vm_sys_unacct(o->sys, (int64_t)o->pages);
}

const struct memobj_type memobj_shmem = {.name = "shmem", .mode = shmem_mode, .release = shmem_release};

struct memobj *memobj_shmem_new(uint64_t pages, uint64_t flags, struct vm_sys *sys)
{
	struct memobj *o = memobj_new(&memobj_shmem);
	if (o)
		o->pages = pages, o->flags = flags, o->sys = sys;
	return o;
}
