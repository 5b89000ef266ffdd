# The oracle: lib/vm against the host's Linux kernel (tests/oracle/vm_oracle.c). Built
# without ASan (its shadow memory would be part of the address space RLIMIT_AS limits),
# with UBSan. `make test` runs it with its fixed default seed (6,000 operations);
# `make oracle SEED=n OPS=n` runs any seed for as long as wanted.
ORACLE := $(BUILD)/oracle/vm_oracle
# -Ilib but not -Ilib/include: the libc headers there are the target's.
ORACLE_CFLAGS := $(WARN) -O2 -g -fsanitize=undefined -fno-sanitize-recover=all -Ilib
HOST_TESTS += $(ORACLE)

$(ORACLE): tests/oracle/vm_oracle.c $(LIB_VM_SRCS) $(LIB_VM_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(ORACLE_CFLAGS) tests/oracle/vm_oracle.c $(LIB_VM_SRCS) -o $@

.PHONY: oracle
oracle: $(ORACLE)
	$(ORACLE) $(if $(SEED),--seed $(SEED)) $(if $(OPS),--ops $(OPS))
