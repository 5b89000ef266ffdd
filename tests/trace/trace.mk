# Tracing: the host tool scripts/ktrace.c, and the instrumented kernel (in its own build
# directory): KTRACE=1, and LOCKSTAT=1 (the big lock's counts, scripts/bench.mk's lock
# rows), whose init makes two page faults, for tests/trace/*.sh.
KTRACE_TOOL := $(BUILD)/host/ktrace
$(KTRACE_TOOL): scripts/ktrace.c lib/proto/describe.c lib/base/fmt.c $(wildcard lib/include/proto/*)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ scripts/ktrace.c lib/proto/describe.c lib/base/fmt.c

trace-tests-build: $(KTRACE_TOOL)
	@$(MAKE) --no-print-directory -s BUILD=$(BUILD)/trace KTRACE=1 LOCKSTAT=1 NATIVE_PROG=tests/trace/fault_trace.c kernel

# The message reference in docs/protocol.md is generated from the .def files.
PROTODOC_TOOL := $(BUILD)/host/protodoc
$(PROTODOC_TOOL): scripts/protodoc.c lib/proto/describe.c lib/base/fmt.c $(wildcard lib/include/proto/*)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ scripts/protodoc.c lib/proto/describe.c lib/base/fmt.c
trace-tests-build: $(PROTODOC_TOOL)

protodoc: $(PROTODOC_TOOL)
	@bash scripts/protodoc.sh $(PROTODOC_TOOL) docs/protocol.md > docs/protocol.md.tmp && mv docs/protocol.md.tmp docs/protocol.md
.PHONY: protodoc trace-tests-build
