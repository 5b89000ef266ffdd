/* ktrace.c - turn the kernel's IPC trace (the "ktrace:" lines a KTRACE=1 kernel prints
 * at power-off) into a readable listing or Chrome trace-event JSON for Perfetto.
 *
 *   ktrace --text  < console.log     one line per message, calls indented by nesting
 *   ktrace --json  < console.log     {"traceEvents": [...]} for ui.perfetto.dev
 *
 * A call (or fault) and its reply become one slice on the server's thread and one on the
 * caller's, joined by a flow arrow; timestamps are instret / 1000 (µs at 1 instruction
 * per ns, as QEMU -icount shift=0 runs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include "proto/describe.h"

enum { TR_CALL = 1, TR_SEND, TR_REPLY, TR_FAULT, TR_TASK };
#define MAX_RECS 65536
#define MAX_TASKS 64
#define MAX_THREADS 256

struct rec {
	unsigned kind, from_task, from_thread, to_task, to_thread;
	uint64_t instret, tag, w[8];
	char name[17];                 /* TR_TASK: the task's name */
};

/* The kernel records the first TRACED_WORDS words of a message: format only those, and
 * say how many more there were, rather than print them as zeros. */
#define TRACED_WORDS 4
static uint64_t traced_tag(uint64_t tag)
{
	return IPC_TAG_WORDS(tag) > TRACED_WORDS ? (tag & ~(uint64_t)0xf) | TRACED_WORDS : tag;
}

static void note_untraced(char *text, size_t n, uint64_t tag)
{
	size_t len = strlen(text);
	if (IPC_TAG_WORDS(tag) > TRACED_WORDS && len < n)
		snprintf(text + len, n - len, " [+%lu words not traced]", IPC_TAG_WORDS(tag) - TRACED_WORDS);
}

static struct rec recs[MAX_RECS];
static size_t nrecs;

/* Parse the "ktrace:" records of a console log; other lines are ignored. */
static int parse(FILE *in)
{
	char line[512];
	int in_trace = 0;
	while (fgets(line, sizeof line, in)) {
		char *p = strstr(line, "ktrace: ");
		if (!p)
			continue;
		p += 8;
		if (!strncmp(p, "begin", 5)) {
			in_trace = 1;
			nrecs = 0;
			continue;
		}
		if (!strncmp(p, "end", 3)) {
			in_trace = 0;
			continue;
		}
		if (!in_trace || nrecs == MAX_RECS)
			continue;
		struct rec *r = &recs[nrecs];
		memset(r, 0, sizeof *r);
		int n = sscanf(p, "%u %" SCNx64 " %u %u %u %u %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64,
		               &r->kind, &r->instret, &r->from_task, &r->from_thread, &r->to_task,
		               &r->to_thread, &r->tag, &r->w[0], &r->w[1], &r->w[2], &r->w[3]);
		if (n != 11 || r->kind < TR_CALL || r->kind > TR_TASK || r->from_task >= MAX_TASKS ||
		    r->to_task >= MAX_TASKS || r->from_thread >= MAX_THREADS || r->to_thread >= MAX_THREADS) {
			fprintf(stderr, "ktrace: malformed record: %s", p);
			return -1;
		}
		if (r->kind == TR_TASK)
			memcpy(r->name, r->w, 16);
		nrecs++;
	}
	return 0;
}

static char task_name[MAX_TASKS][17];

static const char *who(char *buf, size_t n, unsigned task, unsigned thread)
{
	snprintf(buf, n, "%s[%u].t%u", task_name[task][0] ? task_name[task] : "?", task, thread);
	return buf;
}

/* The request each thread is waiting on, to pair replies with calls. */
struct pending { int active; uint64_t label, start, flow; unsigned server_task, server_thread; char text[200]; };
static struct pending pending[MAX_THREADS];
static unsigned depth[MAX_THREADS];

static const char *kind_name(unsigned k)
{
	static const char *names[] = {"", "CALL", "SEND", "REPLY", "FAULT"};
	return k <= TR_FAULT ? names[k] : "?";
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s >= 0x20)
			putchar(*s);
	}
	putchar('"');
}

static double ts(uint64_t instret) { return (double)(instret - recs[0].instret) / 1000.0; }

static void emit_slice(const char *name, const char *cat, uint64_t start, uint64_t end, unsigned pid,
                       unsigned tid, const char *req, const char *rep, int *first)
{
	printf("%s\n {\"name\":", *first ? "" : ",");
	json_str(name);
	printf(",\"cat\":\"%s\",\"ph\":\"X\",\"ts\":%.3f,\"dur\":%.3f,\"pid\":%u,\"tid\":%u,\"args\":{\"request\":",
	       cat, ts(start), ts(end) - ts(start), pid, tid);
	json_str(req);
	printf(",\"reply\":");
	json_str(rep);
	printf("}}");
	*first = 0;
}

static void output(int json)
{
	int first = 1;
	uint64_t flows = 0;
	if (json)
		printf("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
	else
		printf("%12s  %-5s  %-18s    %-18s  %s\n", "instret", "event", "from", "to", "message");
	for (size_t i = 0; i < nrecs; i++) {
		const struct rec *r = &recs[i];
		char a[64], b[64], text[200];
		if (r->kind == TR_TASK) {
			memcpy(task_name[r->from_task], r->name, 17);
			if (json) {
				printf("%s\n {\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%u,\"tid\":0,\"args\":{\"name\":",
				       first ? "" : ",", r->from_task);
				json_str(r->name);
				printf("}}");
				first = 0;
			}
			continue;
		}
		if (r->kind == TR_REPLY) {
			struct pending *p = &pending[r->to_thread];
			proto_format_reply(text, sizeof text, p->active ? p->label : 0, traced_tag(r->tag), r->w);
			note_untraced(text, sizeof text, r->tag);
			if (json && p->active) {
				const struct proto_desc *d = proto_lookup(p->label);
				const char *name = d ? d->name : "call";
				emit_slice(name, d ? d->proto : "ipc", p->start, r->instret, p->server_task,
				           p->server_thread, p->text, text, &first);
				char wait[80];
				snprintf(wait, sizeof wait, "wait %s", name);
				emit_slice(wait, "wait", p->start, r->instret, r->to_task, r->to_thread, p->text,
				           text, &first);
			}
			p->active = 0;
		} else {
			proto_format_request(text, sizeof text, traced_tag(r->tag), r->w);
			note_untraced(text, sizeof text, r->tag);
			depth[r->to_thread] = depth[r->from_thread] + 1;
			if (r->kind != TR_SEND) {
				struct pending *p = &pending[r->from_thread];
				*p = (struct pending){1, IPC_TAG_LABEL(r->tag), r->instret, ++flows, r->to_task, r->to_thread, ""};
				snprintf(p->text, sizeof p->text, "%s", text);
				if (json) {
					printf("%s\n {\"name\":\"ipc\",\"cat\":\"flow\",\"ph\":\"s\",\"id\":%" PRIu64
					       ",\"ts\":%.3f,\"pid\":%u,\"tid\":%u}", first ? "" : ",", flows, ts(r->instret),
					       r->from_task, r->from_thread);
					printf(",\n {\"name\":\"ipc\",\"cat\":\"flow\",\"ph\":\"f\",\"bp\":\"e\",\"id\":%" PRIu64
					       ",\"ts\":%.3f,\"pid\":%u,\"tid\":%u}", flows, ts(r->instret), r->to_task, r->to_thread);
					first = 0;
				}
			} else if (json) {
				printf("%s\n {\"name\":", first ? "" : ",");
				json_str(text);
				printf(",\"cat\":\"send\",\"ph\":\"i\",\"s\":\"t\",\"ts\":%.3f,\"pid\":%u,\"tid\":%u}",
				       ts(r->instret), r->to_task, r->to_thread);
				first = 0;
			}
		}
		if (!json) {
			unsigned d = r->kind == TR_REPLY ? depth[r->to_thread] : depth[r->from_thread];
			printf("%12" PRIu64 "  %-5s  %*s%-18s -> %-18s  %s\n", r->instret - recs[0].instret,
			       kind_name(r->kind), (int)(2 * (d > 8 ? 8 : d)), "",
			       who(a, sizeof a, r->from_task, r->from_thread),
			       who(b, sizeof b, r->to_task, r->to_thread), text);
		}
	}
	if (json)
		printf("\n]}\n");
}

int main(int argc, char **argv)
{
	int json = argc > 1 && !strcmp(argv[1], "--json");
	if (argc != 2 || (!json && strcmp(argv[1], "--text"))) {
		fprintf(stderr, "usage: ktrace --text|--json < console.log\n");
		return 2;
	}
	if (parse(stdin) < 0)
		return 1;
	if (nrecs == 0) {
		fprintf(stderr, "ktrace: no trace records in the input (was the kernel built with KTRACE=1?)\n");
		return 1;
	}
	output(json);
	return 0;
}
