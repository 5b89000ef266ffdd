# The VMA library (lib/vm): Linux's mmap semantics without hardware. LIB_VM_SRCS is what
# the VM server links; the host tests build it with ASan + UBSan, and every object is
# also compiled freestanding for the target (make host-tests fails if that breaks).
# LIB_VM_SRCS (every lib/vm/*.c) comes from lib/lib.mk, shared with the VM server.
LIB_VM_HDRS := lib/vm/vm.h lib/vm/vm_internal.h lib/base/mem.h

VM_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_VM_SRCS))
VM_FREE_OBJS := $(patsubst %.c,$(BUILD)/vmfree/%.o,$(LIB_VM_SRCS))
VM_TESTS := $(BUILD)/host/test_vm_tree $(BUILD)/host/test_vm_mmap $(BUILD)/host/test_vm_ops \
            $(BUILD)/host/test_vm_mincore $(BUILD)/host/test_vm_fork $(BUILD)/host/test_vm_mremap
VM_TEST_ENV := $(BUILD)/host/tests/host/test_vm_env.o
HOST_TESTS += $(VM_TESTS)

$(VM_HOST_OBJS) $(VM_FREE_OBJS): $(LIB_VM_HDRS)
$(VM_TESTS:$(BUILD)/host/%=$(BUILD)/host/tests/host/%.o) $(VM_TEST_ENV): \
	$(LIB_VM_HDRS) tests/host/check.h tests/host/test_vm_env.h

$(VM_TESTS): $(BUILD)/host/%: $(BUILD)/host/tests/host/%.o $(VM_TEST_ENV) $(VM_HOST_OBJS) \
             | $(VM_FREE_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@

$(BUILD)/vmfree/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_T) $(WARN) $(ARCHFLAGS) -ffreestanding -nostdlib -O2 -Ilib/include -Ilib -c $< -o $@
