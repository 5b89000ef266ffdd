# Tracing: the host tool scripts/ktrace.c, and a KTRACE=1 kernel (in its own build
# directory) whose init makes one page fault, for tests/trace/*.sh.
KTRACE_TOOL := $(BUILD)/host/ktrace
$(KTRACE_TOOL): scripts/ktrace.c lib/proto/describe.c lib/base/fmt.c $(wildcard lib/include/proto/*)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ scripts/ktrace.c lib/proto/describe.c lib/base/fmt.c

trace-tests-build: $(KTRACE_TOOL)
	@$(MAKE) --no-print-directory -s BUILD=$(BUILD)/trace KTRACE=1 PROG=tests/trace/fault_trace.c kernel
