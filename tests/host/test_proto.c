/* test_proto.c - the generated protocol descriptions and their rendering. */
#include "check.h"
#include "proto/describe.h"
#include "proto/vm_msgs.h"
#include "proto/fs_msgs.h"
#include "abi/fault.h"

TEST(every_label_unique)
{
	size_t n;
	const struct proto_desc *d = proto_all(&n);
	CHECK(n >= 13);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			CHECK(d[i].label != d[j].label);
}

TEST(word_counts_match_structs)
{
	const struct proto_desc *d = proto_lookup(VM_SPAWN);
	CHECK(d != 0);
	CHECK_EQ(d->nreq, 5);
	CHECK_EQ(d->nrep, 1);
	CHECK(strcmp(d->req[4].name, "prio") == 0);
	CHECK(d->req[5].name == 0);
	CHECK_EQ(d->req[0].is_signed, 1);
	CHECK_EQ(d->req[4].is_signed, 0);
	CHECK_EQ(proto_lookup(VM_STAT)->nreq, 0);
}

/* A request ending in F_WINDOW: two words, the last of the request, and its stub's tag
 * flag; the others have none. */
TEST(window_requests_flagged)
{
	CHECK_EQ(fs_read_into_TAG_FLAGS, IPC_TAG_WINDOW);
	CHECK_EQ(fs_read_TAG_FLAGS, 0);
	CHECK_EQ(vm_spawn_TAG_FLAGS, 0);
	CHECK_EQ(sizeof(struct fs_read_into_req), 4 * 8);
	CHECK_EQ(offsetof(struct fs_read_into_req, buf), 2 * 8);
	CHECK_EQ(offsetof(struct fs_read_into_req, len), 3 * 8);
	const struct proto_desc *d = proto_lookup(FS_READ_INTO);
	CHECK(d != 0 && d->nreq == 4 && strcmp(d->req[2].name, "buf") == 0);
	CHECK_EQ(IPC_TAG_LABEL(IPC_TAG(FS_READ_INTO, 0, 4) | IPC_TAG_WINDOW), FS_READ_INTO);
	CHECK_EQ(IPC_TAG_BYTES(IPC_TAG(FS_READ_INTO, IPC_BUF_MAX, 4) | IPC_TAG_WINDOW), IPC_BUF_MAX);
}

TEST(format_request_named)
{
	char buf[256];
	uint64_t w[8] = {2, (uint64_t)-1, (uint64_t)-1, (uint64_t)-1, 4};
	proto_format_request(buf, sizeof buf, IPC_TAG(VM_SPAWN, 9, 5), w);
	CHECK(strcmp(buf, "vm_spawn(give0=2, give1=-1, give2=-1, give3=-1, prio=0x4) +9 bytes") == 0);
}

TEST(format_fault)
{
	char buf[256];
	uint64_t w[8] = {0x1000, 2, 0x10abc, 15};
	proto_format_request(buf, sizeof buf, IPC_TAG(FAULT_LABEL_PAGE, 0, 4), w);
	CHECK(strcmp(buf, "fault_page(addr=0x1000, access=0x2, pc=0x10abc, scause=0xf)") == 0);
}

TEST(format_reply_ok_and_errno)
{
	char buf[256];
	uint64_t w[8] = {256};
	proto_format_reply(buf, sizeof buf, VM_SPAWN, IPC_TAG(0, 0, 1), w);
	CHECK(strcmp(buf, "= 0 (child=256)") == 0);
	proto_format_reply(buf, sizeof buf, VM_SPAWN, IPC_TAG(KE_NOENT, 0, 0), w);
	CHECK(strcmp(buf, "= ENOENT") == 0);
}

TEST(format_fault_replies)
{
	char buf[64];
	uint64_t w[8] = {0};
	proto_format_reply(buf, sizeof buf, FAULT_LABEL_PAGE, IPC_TAG(FAULT_REPLY_RESUME, 0, 0), w);
	CHECK(strcmp(buf, "= resume") == 0);
	proto_format_reply(buf, sizeof buf, FAULT_LABEL_EXCEPTION, IPC_TAG(FAULT_REPLY_REDIRECT, 0, 4), w);
	CHECK(strcmp(buf, "= redirect") == 0);
	proto_format_reply(buf, sizeof buf, FAULT_LABEL_PAGE, IPC_TAG(7, 0, 0), w);
	CHECK(strcmp(buf, "= stop") == 0);
}

TEST(format_unknown_and_oversized)
{
	char buf[256];
	uint64_t w[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	proto_format_request(buf, sizeof buf, IPC_TAG(0x999, 0, 2), w);
	CHECK(strcmp(buf, "label 0x999(0x1, 0x2)") == 0);
	proto_format_request(buf, sizeof buf, IPC_TAG(VM_KILL, 0, 3), w);   /* more words than declared */
	CHECK(strcmp(buf, "vm_kill(child=1, 0x2, 0x3)") == 0);
	proto_format_request(buf, sizeof buf, IPC_TAG(0x999, 0, 15), w);     /* more than the registers */
	CHECK(strlen(buf) < sizeof buf);
}

TEST(format_truncates_safely)
{
	char buf[12];
	uint64_t w[8] = {2, 3, 4, 5, 6};
	size_t len = proto_format_request(buf, sizeof buf, IPC_TAG(VM_SPAWN, 9, 5), w);
	CHECK(len == strlen(buf));
	CHECK(len < sizeof buf);
}

CHECK_MAIN()
