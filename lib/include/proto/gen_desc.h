/* gen_desc.h - table rows describing every message of PROTO_FILE (after gen_types.h),
 * for use inside an initializer:  const struct proto_desc t[] = {
 *   #define PROTO_NAME "vm"  ... #include "proto/gen_desc.h" ... }; */
#define FIELDS(...) { __VA_ARGS__ {0, 0} }
#define F(type, field) {#field, _Generic((type)0, int64_t: 1, default: 0)},
#define MSG(L, n, v, doc, req, rep) \
	{v, PROTO_NAME, #n, doc, PROTO_WORDS(sizeof(struct n##_req)), PROTO_WORDS(sizeof(struct n##_rep)), req, rep},
#include PROTO_FILE
#undef MSG
#undef F
#undef FIELDS
