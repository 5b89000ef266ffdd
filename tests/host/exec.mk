# lib/exec: a new program's initial stack (argc, argv, envp, auxv), as Linux lays it out,
# and the load plan of its ELF image (elfplan: the header checks, the segments' mappings).
HOST_TESTS += $(BUILD)/host/test_initstack $(BUILD)/host/test_elfplan
$(BUILD)/host/test_initstack: $(BUILD)/host/tests/host/test_initstack.o $(BUILD)/host/lib/exec/initstack.o
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
$(BUILD)/host/tests/host/test_initstack.o $(BUILD)/host/lib/exec/initstack.o: lib/exec/initstack.h
$(BUILD)/host/test_elfplan: $(BUILD)/host/tests/host/test_elfplan.o $(BUILD)/host/lib/exec/elfplan.o
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
$(BUILD)/host/tests/host/test_elfplan.o $(BUILD)/host/lib/exec/elfplan.o: lib/exec/elfplan.h lib/include/abi/elf64.h
