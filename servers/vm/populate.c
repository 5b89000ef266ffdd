/* populate.c - waiting for the file pages a request populates (see populate.h). The
 * record (a struct fs_wait of kind FSW_POPULATE) keeps the range still to ask for in
 * req[0..1] and the kept reply in req[2..3]; `pending` counts the pages asked for. The
 * pages are asked of the VMA's memory object (its type's prefetch: a file's, filemap.c),
 * which reports each answer back (populate_page_done). */
#include "populate.h"
#include "fslink.h"
#include "memobj.h"

#define INFLIGHT 16   /* pages asked for at once by one request */
#define LO 0
#define HI 1
#define REPLY_TAG 2
#define REPLY_W0 3

static struct fs_wait *cur;   /* the record of the request being served, once it needs one */
static struct proc *cur_p;

void populate_begin(struct proc *p)
{
	cur = 0;
	cur_p = p;
}

void populate_file_range(struct proc *p, uint64_t start, uint64_t end)
{
	if (p != cur_p)
		return;   /* not under a request (cannot happen): nothing waits */
	if (!cur) {
		if (!(cur = fs_wait_new(FSW_POPULATE, p->badge)))
			return;   /* no record: the pages come in on faults */
		cur->req[LO] = start, cur->req[HI] = end;
		return;
	}
	if (start < cur->req[LO])   /* one range covering both: the pump skips what is not */
		cur->req[LO] = start;   /* a file page without a page */
	if (end > cur->req[HI])
		cur->req[HI] = end;
}

/* Ask for more pages of w's range, up to INFLIGHT at once. */
static void pump(struct fs_wait *w, struct proc *p)
{
	while (w->pending < INFLIGHT && w->req[LO] < w->req[HI]) {
		uint64_t va = w->req[LO];
		struct vm_area *v = vm_find_vma(&p->mm, va);
		if (!v || v->start >= w->req[HI]) {
			w->req[LO] = w->req[HI];
		} else if (v->start > va) {
			w->req[LO] = v->start;
		} else if (!v->file || !memobj_of(v->file)->type->prefetch) {
			w->req[LO] = v->end;   /* anonymous memory: populated at once */
		} else if (pm_get(&p->pm, va)) {
			w->req[LO] = va + PAGE_SIZE;
		} else if (memobj_of(v->file)->type->prefetch(p, v, va, fs_wait_cookie(w)) == 0) {
			w->pending++;
			w->req[LO] = va + PAGE_SIZE;
		} else {
			return;   /* no record or the queue is full: go on when an answer comes */
		}
	}
}

/* Send the kept reply if everything is in; 1 if it was (w is then freed). */
static int finish(struct fs_wait *w, struct proc *p)
{
	if (p && !p->zombie)
		pump(w, p);
	if (w->pending)
		return 0;   /* (if its task is gone: the last answer frees it) */
	struct msg m = {w->req[REPLY_TAG], {w->req[REPLY_W0]}};
	if (w->token > 0 && p && !p->zombie)
		k_reply(w->token, &m);
	fs_wait_free(w);
	return 1;
}

int populate_end(long token, const struct msg *reply)
{
	struct fs_wait *w = cur;
	cur = 0;
	cur_p = 0;
	if (!w)
		return 0;
	w->req[REPLY_TAG] = reply->tag;
	w->req[REPLY_W0] = reply->w[0];
	struct proc *p = proc_by_badge(w->badge);
	if (IPC_TAG_LABEL(reply->tag) != 0)
		w->req[LO] = w->req[HI];   /* the request failed: nothing more to ask for */
	if (finish(w, p))
		return 0;   /* nothing was missing: the caller sends the reply (w is gone) */
	w->token = token ? token : k_caller_save();
	return 1;
}

void populate_page_done(uint64_t cookie)
{
	struct fs_wait *w = fs_wait_find(cookie);
	if (!w || w->kind != FSW_POPULATE)
		return;
	w->pending--;
	finish(w, proc_by_badge(w->badge));
}
