/* ring.h - the shared-memory ring of the transport experiment (user/bench, the
 * ring_echo helper): requests and replies in a MAP_SHARED page both tasks map, with a
 * notification each way instead of a call and a reply. */
#ifndef RING_H
#define RING_H
#include <stdint.h>

#define RING_SLOTS 64
struct ring {
	volatile uint64_t head;                  /* requests written by the client */
	volatile uint64_t done;                  /* requests answered by the server */
	volatile uint64_t stop;
	volatile uint64_t req[RING_SLOTS][4], rep[RING_SLOTS][4];
};
#define RING_NOTIFY_REQ 2   /* the server's slots: wait here for requests, */
#define RING_NOTIFY_REP 3   /* signal here when answered, */
#define RING_EP         4   /* call here once to learn the ring's address */
#endif
