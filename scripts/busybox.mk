# make busybox: Debian 12's busybox (source package 1:1.35.0-4) built as a static riscv64
# Linux program by scripts/busybox/build.sh, with the configuration user/busybox/busybox.config,
# cached outside the repository in BUSYBOX_CACHE (the first build takes a few minutes;
# the source package is fetched once, checked against pinned SHA-256 sums). The binary is
# copied to $(BUSYBOX_BIN), so that `make run PROG=$(BUSYBOX_BIN) ARGS="sh -c 'echo hi'"`
# runs it as /bin/busybox.
BUSYBOX_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/rvmk-busybox
BUSYBOX_BIN   := $(BUILD)/busybox/busybox
.PHONY: busybox

busybox: $(BUSYBOX_BIN)
# The script decides whether its cache is up to date (the key is the hash of the script
# and the configuration), so it runs on every make that needs the binary.
$(BUSYBOX_BIN): FORCE
	@mkdir -p $(dir $@)
	@dir=$$(bash scripts/busybox/build.sh "$(BUSYBOX_CACHE)") || { echo "make busybox: $$dir"; exit 1; }; \
		cmp -s "$$dir/busybox" $@ || cp "$$dir/busybox" $@; \
		cp "$$dir/busybox.links" $(BUILD)/busybox/busybox.links; \
		echo "busybox: $@ ($$(cat "$$dir/version"))"

# make busybox-diff: each command of user/busybox/cases on this system and on Linux 6.1
# (scripts/busybox/diff.sh, through scripts/linux-diff.sh); not part of make test.
.PHONY: busybox-diff
busybox-diff: $(BUSYBOX_BIN)
	@BUILD=$(BUILD) bash scripts/busybox/diff.sh $(BUSYBOX_BIN)
