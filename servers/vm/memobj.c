/* memobj.c - shared anonymous memory and FS files as memory objects (see memobj.h). */
#include "memobj.h"
#include "anoncache.h"
#include "fslink.h"
#include "mm.h"
#include "proto/fs_msgs.h"

#define MAX_MEMOBJ 256
static struct memobj objs[MAX_MEMOBJ];

static struct memobj *new_obj(const struct memobj_type *type)
{
	for (int i = 0; i < MAX_MEMOBJ; i++)
		if (!objs[i].type) {
			objs[i] = (struct memobj){.type = type, .refs = 1};
			return &objs[i];
		}
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
		vm_sys_unacct(&mm_sys, (int64_t)o->pages);
}

const struct memobj_type memobj_shmem = {"shmem", shmem_mode, shmem_release};

struct memobj *memobj_shmem_new(uint64_t pages, uint64_t flags)
{
	struct memobj *o = new_obj(&memobj_shmem);
	if (o)
		o->pages = pages, o->flags = flags;
	return o;
}

/* ---- files: the FS server keeps the pages; we keep its reference ---- */
static unsigned file_mode(struct memobj *o)
{
	return o->mode;
}

static void put_fs_ref(uint64_t file)
{
	uint64_t w[] = {file};
	fslink_post(FS_FILE_PUT, w, 1);   /* if the queue is full, the file stays open: a leak, not a loss */
}

static void file_release(struct memobj *o)
{
	put_fs_ref(o->file);
}

const struct memobj_type memobj_file = {"file", file_mode, file_release};

struct memobj *memobj_file_get(uint64_t file, uint64_t key, unsigned mode)
{
	for (int i = 0; i < MAX_MEMOBJ; i++)
		if (objs[i].type == &memobj_file && objs[i].file == file) {
			objs[i].refs++;
			put_fs_ref(file);   /* we hold one FS reference per object */
			return &objs[i];
		}
	struct memobj *o = new_obj(&memobj_file);
	if (!o) {
		put_fs_ref(file);
		return 0;
	}
	o->file = file, o->key = key, o->mode = mode;
	return o;
}
