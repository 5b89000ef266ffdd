/* test_cpio.c - the newc reader on archives built here, and on broken ones. */
#include "check.h"
#include "cpio/cpio.h"

static uint8_t arc[4096];
static size_t arc_len;

/* Append one newc entry, of inode ino (0: a new one) with nlink names. */
static void add_link(const char *name, unsigned mode, const char *data, unsigned ino, unsigned nlink)
{
	size_t nl = strlen(name) + 1, dl = data ? strlen(data) : 0;
	arc_len += (size_t)sprintf((char *)arc + arc_len,
	                           "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
	                           ino ? ino : (unsigned)arc_len + 1, mode, 0u, 0u, nlink, 1234u, dl, 0u, 0u, 0u, 0u,
	                           nl, 0u);
	memcpy(arc + arc_len, name, nl);
	arc_len = (arc_len + nl + 3) & ~(size_t)3;
	if (dl)
		memcpy(arc + arc_len, data, dl);
	arc_len = (arc_len + dl + 3) & ~(size_t)3;
}

static void add(const char *name, unsigned mode, const char *data)
{
	add_link(name, mode, data, 0, 1);
}

static void build(void)
{
	memset(arc, 0, sizeof arc);
	arc_len = 0;
	add(".", 040755, 0);
	add("etc", 040755, 0);
	add("etc/motd", 0100644, "hello from cpio\n");
	add("empty", 0100644, "");
	add("TRAILER!!!", 0, 0);
}

TEST(iterates_all_entries)
{
	build();
	size_t off = 0;
	struct cpio_entry e;
	int n = 0, r;
	while ((r = cpio_next(arc, arc_len, &off, &e)) == 1)
		n++;
	CHECK_EQ(r, 0);
	CHECK_EQ(n, 4);
}

TEST(finds_by_path)
{
	build();
	struct cpio_entry e;
	CHECK_EQ(cpio_find(arc, arc_len, "etc/motd", 8, &e), 1);
	CHECK_EQ(e.size, 16);
	CHECK(memcmp(e.data, "hello from cpio\n", 16) == 0);
	CHECK_EQ(e.mode, 0100644);
	CHECK_EQ(e.mtime, 1234);
	CHECK_EQ(cpio_find(arc, arc_len, "", 0, &e), 1);
	CHECK_EQ(e.mode, 040755);
	CHECK_EQ(cpio_find(arc, arc_len, "etc/mot", 7, &e), 0);
	CHECK_EQ(cpio_find(arc, arc_len, "empty", 5, &e), 1);
	CHECK_EQ(e.size, 0);
}

TEST(bad_magic_and_hex)
{
	build();
	struct cpio_entry e;
	size_t off = 0;
	arc[0] = 'X';
	CHECK_EQ(cpio_next(arc, arc_len, &off, &e), CPIO_ERR_FORMAT);
	build();
	arc[20] = 'g';
	off = 0;
	CHECK_EQ(cpio_next(arc, arc_len, &off, &e), CPIO_ERR_FORMAT);
}

TEST(every_truncation_is_clean)
{
	build();
	static uint8_t copy[4096];
	for (size_t cut = 0; cut < arc_len; cut++) {
		memcpy(copy, arc, cut);
		size_t off = 0;
		struct cpio_entry e;
		int r, guard = 0;
		while ((r = cpio_next(copy, cut, &off, &e)) == 1 && guard++ < 100)
			CHECK(e.data + e.size <= copy + cut);
		CHECK(r <= 0 && guard < 100);
	}
}

TEST(huge_sizes_rejected)
{
	build();
	struct cpio_entry e;
	size_t off = 0;
	memcpy(arc + 6 + 6 * 8, "FFFFFFFF", 8);   /* filesize of the first entry */
	CHECK_EQ(cpio_next(arc, arc_len, &off, &e), CPIO_ERR_TRUNC);
	build();
	memcpy(arc + 6 + 11 * 8, "FFFFFFF0", 8);  /* namesize */
	off = 0;
	CHECK_EQ(cpio_next(arc, arc_len, &off, &e), CPIO_ERR_TRUNC);
	build();
	memcpy(arc + 6 + 11 * 8, "00000000", 8);
	off = 0;
	CHECK_EQ(cpio_next(arc, arc_len, &off, &e), CPIO_ERR_FORMAT);
}

TEST(random_damage_never_crashes)
{
	uint64_t seed = 12345;
	for (int i = 0; i < 5000; i++) {
		build();
		for (int k = 0; k < 4; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			arc[(seed >> 33) % arc_len] = (uint8_t)(seed >> 17);
		}
		size_t off = 0;
		struct cpio_entry e;
		int guard = 0;
		while (cpio_next(arc, arc_len, &off, &e) == 1 && guard++ < 100)
			CHECK(e.data >= arc && e.data + e.size <= arc + arc_len);
		CHECK(guard < 100);
	}
}

CHECK_MAIN()

/* Three names of one file, as GNU cpio writes them: the data with the last name only. */
TEST(hard_links_find_their_data)
{
	memset(arc, 0, sizeof arc);
	arc_len = 0;
	add_link("bin/sh", 0100755, 0, 77, 3);
	add_link("bin/ls", 0100755, 0, 77, 3);
	add("bin/empty", 0100644, "");
	add_link("bin/busybox", 0100755, "the program", 77, 3);
	add_link("bin/lonely", 0100755, 0, 78, 2);   /* an empty file with two names */
	add("TRAILER!!!", 0, 0);
	struct cpio_entry e, d;
	size_t data = 0;
	CHECK_EQ(cpio_find(arc, arc_len, "bin/sh", 6, &e), 1);
	CHECK_EQ(cpio_link_data(arc, arc_len, &e, &data), 1);
	CHECK_EQ(cpio_next(arc, arc_len, &data, &d), 1);
	CHECK(d.size == 11 && memcmp(d.data, "the program", 11) == 0);
	CHECK_EQ(cpio_find(arc, arc_len, "bin/busybox", 11, &e), 1);
	CHECK_EQ(cpio_link_data(arc, arc_len, &e, &data), 0);   /* it holds the data */
	CHECK_EQ(cpio_find(arc, arc_len, "bin/lonely", 10, &e), 1);
	CHECK_EQ(cpio_link_data(arc, arc_len, &e, &data), 0);   /* nobody holds any */
	CHECK_EQ(cpio_find(arc, arc_len, "bin/empty", 9, &e), 1);
	CHECK_EQ(cpio_link_data(arc, arc_len, &e, &data), 0);   /* one name */
	CHECK_EQ(cpio_find(arc, arc_len, "bin/sh", 6, &e), 1);
	CHECK(cpio_link_data(arc, 300, &e, &data) < 0);   /* cut before the data: an error */
}

static void links_archive(void)
{
	memset(arc, 0, sizeof arc);
	arc_len = 0;
	add(".", 040755, 0);
	add("bin", 040755, 0);
	add_link("bin/sh", 0100755, 0, 77, 3);
	add_link("bin/ls", 0100755, 0, 77, 3);
	add("etc/motd", 0100644, "first\n");
	add("etc/motd", 0100644, "second\n");   /* a name again: the first counts */
	add_link("bin/busybox", 0100755, "the program", 77, 3);
	add_link("bin/lonely", 0100755, 0, 78, 2);
	add("TRAILER!!!", 0, 0);
}

static const char *const names[] = {"", "bin", "bin/sh", "bin/ls", "etc/motd", "bin/busybox", "bin/lonely",
                                    "bin/s", "bin/shx", "TRAILER!!!", "etc", "."};

TEST(find_node_names_the_data)
{
	links_archive();
	uint64_t sh = 0, bb = 0, lonely = 0;
	struct cpio_entry e;
	CHECK_EQ(cpio_find_node(arc, arc_len, "bin/sh", 6, &sh), 1);
	CHECK_EQ(cpio_find_node(arc, arc_len, "bin/busybox", 11, &bb), 1);
	CHECK_EQ(sh, bb);
	size_t off = (size_t)bb;
	CHECK_EQ(cpio_next(arc, arc_len, &off, &e), 1);
	CHECK(e.size == 11 && memcmp(e.data, "the program", 11) == 0);
	CHECK_EQ(cpio_find_node(arc, arc_len, "bin/lonely", 10, &lonely), 1);
	off = (size_t)lonely;
	CHECK_EQ(cpio_next(arc, arc_len, &off, &e), 1);
	CHECK(e.name_len == 10 && memcmp(e.name, "bin/lonely", 10) == 0);   /* itself */
	CHECK_EQ(cpio_find_node(arc, arc_len, "bin/none", 8, &lonely), 0);
	CHECK(cpio_find_node(arc, 300, "bin/sh", 6, &sh) < 0);
}

TEST(index_finds_what_a_scan_finds)
{
	links_archive();
	struct cpio_index ix;
	struct cpio_index_slot slots[64];
	CHECK_EQ(cpio_index_build(&ix, arc, arc_len, slots, 64), 0);
	CHECK(ix.complete);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		uint64_t a = 0, b = 0;
		int want = cpio_find_node(arc, arc_len, names[i], strlen(names[i]), &a);
		int got = cpio_index_find(&ix, names[i], strlen(names[i]), &b);
		CHECK_EQ(got, want);
		CHECK_EQ(b, a);
	}
	uint64_t sh = 0, bb = 0;
	CHECK_EQ(cpio_index_find(&ix, "bin/sh", 6, &sh), 1);
	CHECK_EQ(cpio_index_find(&ix, "bin/busybox", 11, &bb), 1);
	CHECK_EQ(sh, bb);   /* a name without data: its data's entry */
}

TEST(index_too_small_or_damaged_says_scan)
{
	links_archive();
	struct cpio_index ix;
	struct cpio_index_slot slots[64];
	uint64_t node;
	CHECK_EQ(cpio_index_build(&ix, arc, arc_len, slots, 4), 0);   /* room for 2 names */
	CHECK(!ix.complete);
	CHECK_EQ(cpio_index_find(&ix, "", 0, &node), 1);
	CHECK_EQ(cpio_index_find(&ix, "etc/motd", 8, &node), -1);
	CHECK_EQ(cpio_index_find(&ix, "nothing", 7, &node), -1);
	CHECK_EQ(cpio_index_build(&ix, arc, arc_len, slots, 48), 0);   /* not a power of two */
	CHECK_EQ(cpio_index_find(&ix, "", 0, &node), -1);
	CHECK(cpio_index_build(&ix, arc, 300, slots, 64) < 0);   /* cut part way */
	CHECK(!ix.complete);
	CHECK_EQ(cpio_index_find(&ix, "bin", 3, &node), 1);
	CHECK_EQ(cpio_index_find(&ix, "bin/sh", 6, &node), -1);   /* its data's entry was cut off */
	CHECK_EQ(cpio_index_find(&ix, "bin/busybox", 11, &node), -1);
}
