/* gen_types.h - labels, request/reply structs and size checks from PROTO_FILE.
 * No include guard: included once per protocol header. */
#define FIELDS(...) __VA_ARGS__
#define F(type, field) _Static_assert(sizeof(type) == 8, #field " must be one 64-bit word");
#define MSG(L, n, v, doc, req, rep) req rep
#include PROTO_FILE
#undef MSG
#undef F

#define F(type, field) type field;
#define MSG(L, n, v, doc, req, rep)                                                     \
	enum { L = v };                                                                     \
	struct n##_req { req };                                                             \
	struct n##_rep { rep };                                                             \
	_Static_assert(sizeof(struct n##_req) <= IPC_MAX_WORDS * 8, #n " request exceeds the registers"); \
	_Static_assert(sizeof(struct n##_rep) <= IPC_MAX_WORDS * 8, #n " reply exceeds the registers");
#include PROTO_FILE
#undef MSG
#undef F

/* name_TAG_FLAGS: IPC_TAG_WINDOW for a request ending in F_WINDOW, else 0. (A field after
 * the F_WINDOW multiplies the mark by 0 in the second sum: the check fails.) */
#undef PROTO_WINDOW_MARK
#define PROTO_WINDOW_MARK | IPC_TAG_WINDOW
#define F(type, field)
#define MSG(L, n, v, doc, req, rep) enum { n##_TAG_FLAGS = 0 req };
#include PROTO_FILE
#undef MSG
#undef F
#define F(type, field) * 0
#define MSG(L, n, v, doc, req, rep) \
	_Static_assert((0 req) == n##_TAG_FLAGS, #n ": F_WINDOW must be the request's last field");
#include PROTO_FILE
#undef MSG
#undef F
#undef PROTO_WINDOW_MARK
#define PROTO_WINDOW_MARK
#undef FIELDS
