# lib/exec: a new program's initial stack (argc, argv, envp, auxv), as Linux lays it out.
HOST_TESTS += $(BUILD)/host/test_initstack
$(BUILD)/host/test_initstack: $(BUILD)/host/tests/host/test_initstack.o $(BUILD)/host/lib/exec/initstack.o
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
$(BUILD)/host/tests/host/test_initstack.o $(BUILD)/host/lib/exec/initstack.o: lib/exec/initstack.h
