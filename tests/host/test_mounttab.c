/* test_mounttab.c - the mount table's path resolution (lib/mount): the longest
 * whole-component mount point wins, and node names keep the mount apart. */
#include <stdint.h>
#include "check.h"
#include "mount/mounttab.h"

#define P(s) s, strlen(s)

static struct mounttab M;

/* The mount of path and the rest, as "N:rest". */
static const char *res(const char *path)
{
	static char out[128];
	const char *rest;
	size_t rlen;
	unsigned m = mt_resolve(&M, path, strlen(path), &rest, &rlen);
	snprintf(out, sizeof out, "%u:%.*s", m, (int)rlen, rest);
	return out;
}

TEST(resolve_crosses_mount_points)
{
	mt_init(&M);
	CHECK(!strcmp(res("tmp/a"), "0:tmp/a"));
	CHECK_EQ(mt_add(&M, P("tmp")), 1);
	CHECK_EQ(mt_add(&M, P("dev/shm")), 2);
	CHECK_EQ(mt_add(&M, P("dev/shm/deeper")), 3);
	CHECK(!strcmp(res(""), "0:"));
	CHECK(!strcmp(res("tmp"), "1:"));
	CHECK(!strcmp(res("tmp/a/b"), "1:a/b"));
	CHECK(!strcmp(res("tmpx/a"), "0:tmpx/a"));
	CHECK(!strcmp(res("tm"), "0:tm"));
	CHECK(!strcmp(res("dev"), "0:dev"));
	CHECK(!strcmp(res("dev/shm"), "2:"));
	CHECK(!strcmp(res("dev/shm/x"), "2:x"));
	CHECK(!strcmp(res("dev/shmx"), "0:dev/shmx"));
	CHECK(!strcmp(res("dev/shm/deeper/y"), "3:y"));
	CHECK(!strcmp(res("dev/shm/deeperz"), "2:deeperz"));
	CHECK(!strcmp(res("etc/tmp"), "0:etc/tmp"));
}

TEST(add_refuses)
{
	mt_init(&M);
	CHECK_EQ(mt_add(&M, P("tmp")), 1);
	CHECK_EQ(mt_add(&M, P("tmp")), -16);
	CHECK_EQ(mt_add(&M, P("")), -22);
	CHECK_EQ(mt_add(&M, P("/tmp")), -22);
	CHECK_EQ(mt_add(&M, P("tmp/")), -22);
	char name[16];
	for (int i = 2; i < MT_MAX; i++) {
		snprintf(name, sizeof name, "m%d", i);
		CHECK_EQ(mt_add(&M, P(name)), i);
	}
	CHECK_EQ(mt_add(&M, P("full")), -12);
}

TEST(node_names)
{
	uint64_t n = mt_node(2, 12345);
	CHECK_EQ(mt_mount_of(n), 2);
	CHECK_EQ(mt_inner(n), 12345);
	CHECK_EQ(mt_node(0, 77), 77);   /* the root's own names stay as they were */
}

CHECK_MAIN()
