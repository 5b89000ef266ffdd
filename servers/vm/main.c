/* main.c - the VM server: owner of all user memory and pager of every other task.
 * It serves proto/vm.h requests and fault messages on one endpoint, one at a time. */
#include "kcall.h"
#include "frames.h"
#include "proc.h"
#include "fault.h"
#include "device.h"
#include "base/mem.h"
#include "rt/log.h"
#include "abi/fault.h"

static const struct bootinfo *bi = (const struct bootinfo *)BOOTINFO_VA;

/* Serve one request from p; fill *m with the reply. Returns 0 when no reply is owed now
 * (the caller ended, or its reply was saved for later). */
static int serve(struct proc *p, struct msg *m, uint64_t label)
{
	long err = 0;
	uint64_t words = 0;
	switch (label) {
	case VM_EXIT: {
		struct vm_wait_rep end = {(int64_t)m->w[0], 0, 0, 0};
		int is_init = !p->parent && !strcmp(p->name, "init");
		proc_end(p, &end);
		if (is_init) {
			log_printf("vm: init exited with status %ld\n", (long)end.status);
			k_poweroff(VMH_POWER, (int)end.status);
		}
		return 0;
	}
	case VM_SPAWN: {
		struct vm_spawn_req req;
		memcpy(&req, m->w, sizeof req);
		__ipc_buffer[IPC_BUF_MAX - 1] = 0;
		if (IPC_TAG_BYTES(m->tag) == 0 || req.prio > 8) {
			err = KE_INVAL;
			break;
		}
		struct proc *c = proc_spawn(p, __ipc_buffer, req.give, req.prio, &err);
		if (c) {
			m->w[0] = c->badge;
			words = 1;
		}
		break;
	}
	case VM_WAIT: {
		struct vm_wait_rep rep;
		long r = proc_wait(p, (int64_t)m->w[0], &rep);
		if (r == 1)
			return 0;
		if (r < 0)
			err = -r;
		else
			memcpy(m->w, &rep, sizeof rep), words = VM_WORDS(rep);
		break;
	}
	case VM_KILL: {
		struct proc *c = proc_by_badge(m->w[0]);
		if (!c || c->parent != p || c->zombie) {
			err = KE_SRCH;
			break;
		}
		struct vm_wait_rep end = {128 + 9, 0, 0, 0};
		proc_end(c, &end);
		break;
	}
	case VM_STAT: {
		struct vm_stat_rep st = {p->faults, frames_free_count(), frames_total(), proc_count(), p->badge};
		memcpy(m->w, &st, sizeof st);
		words = VM_WORDS(st);
		break;
	}
	case VM_MAP_DEVICE: {
		struct vm_map_device_req req;
		memcpy(&req, m->w, sizeof req);
		long va = device_map(p, req.pa, req.npages);
		if (va < 0)
			err = -va;
		else
			m->w[0] = (uint64_t)va, words = 1;
		break;
	}
	case VM_IRQ_BIND: {
		struct vm_irq_bind_req req;
		memcpy(&req, m->w, sizeof req);
		err = -device_irq_bind(p, &req);
		break;
	}
	default:
		err = KE_NOSYS;
	}
	m->tag = IPC_TAG(err, 0, words);
	return 1;
}

int main(void)
{
	if (bi->magic != BOOTINFO_MAGIC || frames_init(bi) < 0) {
		log_printf("vm: unusable boot information\n");
		k_poweroff(VMH_POWER, 97);
	}
	proc_init(bi);
	device_init(bi);
	log_printf("vm: %lu of %lu frames free, %u boot modules\n", frames_free_count(), frames_total(), bi->nmod);

	struct msg m = {0};
	long badge = k_recv(VMH_ENDPOINT, &m);
	for (;;) {
		int reply = 0;
		struct proc *p = badge > 0 ? proc_by_badge((uint64_t)badge) : 0;
		uint64_t label = IPC_TAG_LABEL(m.tag);
		if (!p || p->zombie) {
			reply = 0;             /* a task we no longer know: nothing to answer */
		} else if (label == FAULT_LABEL_PAGE || label == FAULT_LABEL_EXCEPTION) {
			reply = fault_handle(p, &m);
			m.tag = IPC_TAG(FAULT_REPLY_RESUME, 0, 0);
		} else {
			reply = serve(p, &m, label);
		}
		badge = reply ? k_reply_recv(VMH_ENDPOINT, &m) : k_recv(VMH_ENDPOINT, &m);
	}
}
