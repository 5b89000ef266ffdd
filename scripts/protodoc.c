/* protodoc.c - print the message reference of docs/protocol.md from the protocol
 * descriptions (lib/proto), so the document lists exactly what the .def files declare.
 * `make protodoc` rewrites the generated part of docs/protocol.md; a test checks it. */
#include <stdio.h>
#include <string.h>
#include "proto/describe.h"

static void fields(const struct proto_field *f)
{
	if (!f[0].name) {
		printf("-");
		return;
	}
	for (int i = 0; f[i].name; i++)
		printf("%s%s `%s`", i ? ", " : "", f[i].is_signed ? "int64" : "uint64", f[i].name);
}

int main(void)
{
	size_t n;
	const struct proto_desc *d = proto_all(&n);
	const char *proto = "";
	for (size_t i = 0; i < n; i++) {
		if (strcmp(proto, d[i].proto)) {
			proto = d[i].proto;
			printf("%s### %s (`lib/include/proto/%s.def`)\n\n", i ? "\n" : "", proto, proto);
			printf("| label | message | request words | reply words | meaning |\n");
			printf("| --- | --- | --- | --- | --- |\n");
		}
		printf("| 0x%lx | `%s` | ", (unsigned long)d[i].label, d[i].name);
		fields(d[i].req);
		printf(" | ");
		fields(d[i].rep);
		printf(" | %s |\n", d[i].doc);
	}
	return 0;
}
