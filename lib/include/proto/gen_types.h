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
#undef FIELDS
