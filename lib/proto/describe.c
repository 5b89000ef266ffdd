/* describe.c - the description table of all protocols, generated from their .def files,
 * and the renderer used by the trace tool. */
#include "proto/describe.h"
#include "proto/vm_msgs.h"
#include "abi/fault.h"
#include "base/mem.h"
#include "proto/kv_msgs.h"
#include "proto/fs_msgs.h"
#include "base/fmt.h"

static const struct proto_desc table[] = {
#define PROTO_NAME "vm"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_desc.h"
#undef PROTO_FILE
#undef PROTO_NAME
#define PROTO_NAME "fault"
#define PROTO_FILE "proto/fault.def"
#include "proto/gen_desc.h"
#undef PROTO_FILE
#undef PROTO_NAME
#define PROTO_NAME "fs"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_desc.h"
#undef PROTO_FILE
#undef PROTO_NAME
#define PROTO_NAME "kv"
#define PROTO_FILE "proto/kv.def"
#include "proto/gen_desc.h"
#undef PROTO_FILE
#undef PROTO_NAME
};

const struct proto_desc *proto_all(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

const struct proto_desc *proto_lookup(uint64_t label)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].label == label)
			return &table[i];
	return 0;
}

const char *proto_errno_name(uint64_t err)
{
	static const struct { uint64_t n; const char *s; } names[] = {
		{KE_PERM, "EPERM"}, {KE_NOENT, "ENOENT"}, {KE_SRCH, "ESRCH"}, {KE_IO, "EIO"},
		{KE_2BIG, "E2BIG"}, {KE_BADF, "EBADF"}, {KE_AGAIN, "EAGAIN"}, {KE_NOMEM, "ENOMEM"},
		{KE_FAULT, "EFAULT"}, {KE_BUSY, "EBUSY"}, {KE_EXIST, "EEXIST"}, {KE_INVAL, "EINVAL"},
		{KE_NOSPC, "ENOSPC"}, {KE_PIPE, "EPIPE"}, {KE_NOSYS, "ENOSYS"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].n == err)
			return names[i].s;
	return 0;
}

/* "f1=v1, f2=v2" for the first nw words, named by fields when known. */
static size_t format_words(char *buf, size_t n, const struct proto_field *fields, uint64_t nw,
                           const uint64_t *w)
{
	size_t len = 0;
	int named = fields != 0;
	for (uint64_t i = 0; i < nw && i < IPC_MAX_WORDS && len < n; i++) {
		if (named && !fields[i].name)
			named = 0;   /* more words than the message declares */
		const char *sep = i ? ", " : "";
		if (named && fields[i].is_signed)
			len += fmt_snprintf(buf + len, n - len, "%s%s=%ld", sep, fields[i].name, (long)w[i]);
		else if (named)
			len += fmt_snprintf(buf + len, n - len, "%s%s=0x%lx", sep, fields[i].name, w[i]);
		else
			len += fmt_snprintf(buf + len, n - len, "%s0x%lx", sep, w[i]);
	}
	return len < n ? len : (n ? n - 1 : 0);
}

size_t proto_format_request(char *buf, size_t n, uint64_t tag, const uint64_t *w)
{
	const struct proto_desc *d = proto_lookup(IPC_TAG_LABEL(tag));
	size_t len = d ? fmt_snprintf(buf, n, "%s(", d->name)
	               : fmt_snprintf(buf, n, "label 0x%lx(", IPC_TAG_LABEL(tag));
	if (len < n)
		len += format_words(buf + len, n - len, d ? d->req : 0, IPC_TAG_WORDS(tag), w);
	if (len < n)
		len += fmt_snprintf(buf + len, n - len, ")");
	if (IPC_TAG_BYTES(tag) && len < n)
		len += fmt_snprintf(buf + len, n - len, " +%lu bytes", IPC_TAG_BYTES(tag));
	return len < n ? len : (n ? n - 1 : 0);
}

size_t proto_format_reply(char *buf, size_t n, uint64_t req_label, uint64_t tag, const uint64_t *w)
{
	const struct proto_desc *d = proto_lookup(req_label);
	uint64_t status = IPC_TAG_LABEL(tag);
	size_t len;
	if (d && !strcmp(d->proto, "fault")) {   /* the label is the pager's decision */
		len = fmt_snprintf(buf, n, "= %s", status == FAULT_REPLY_RESUME ? "resume"
		                   : status == FAULT_REPLY_MAP ? "map" : status == FAULT_REPLY_REDIRECT ? "redirect" : "stop");
	} else if (d && status == 0) {
		len = fmt_snprintf(buf, n, "= 0 (");
		if (len < n)
			len += format_words(buf + len, n - len, d->rep, IPC_TAG_WORDS(tag), w);
		if (len < n)
			len += fmt_snprintf(buf + len, n - len, ")");
	} else if (d && proto_errno_name(status)) {
		len = fmt_snprintf(buf, n, "= %s", proto_errno_name(status));
	} else {
		len = fmt_snprintf(buf, n, "= label 0x%lx (", status);
		if (len < n)
			len += format_words(buf + len, n - len, 0, IPC_TAG_WORDS(tag), w);
		if (len < n)
			len += fmt_snprintf(buf + len, n - len, ")");
	}
	return len < n ? len : (n ? n - 1 : 0);
}
