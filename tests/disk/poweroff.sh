#!/usr/bin/env bash
# poweroff.sh - a Linux program's reboot(LINUX_REBOOT_CMD_POWER_OFF) powers the system off
# with status 0, and what it wrote just before (without sync) is on the disk: the VM
# server has the FS server write everything out first. Also reboot's argument checks.
# The program (written here) runs under our init with its root on an ext2 disk.
source "$(dirname "$0")/../../scripts/disk-lib.sh"
dir=$BUILD/disk/poweroff img=$BUILD/disk/poweroff/disk.img
rm -rf "$dir" && mkdir -p "$dir"
cat > "$dir/poweroff.c" <<'C'
#include <errno.h>
#include <stdio.h>
#include <sys/reboot.h>
#include <linux/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>
static void check(const char *what, long r, int want_errno)
{
	int got = r == -1 ? errno : 0;
	printf("%s - %s: errno %d\n", got == want_errno ? "ok" : "not ok", what, got);
}
int main(void)
{
	check("bad_magic", syscall(SYS_reboot, 0x12345678, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0), EINVAL);
	check("bad_magic2", syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, 1, LINUX_REBOOT_CMD_POWER_OFF, 0), EINVAL);
	check("unknown_cmd", syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, 0x1234, 0), EINVAL);
	check("cad_off", reboot(RB_DISABLE_CAD), 0);
	FILE *f = fopen("/note", "w");
	if (!f || fputs("written just before power-off\n", f) < 0 || fclose(f)) {
		printf("not ok - write_note: errno %d\n", errno);
		return 1;
	}
	fflush(stdout);
	reboot(RB_POWER_OFF);
	printf("not ok - power_off: reboot returned, errno %d\n", errno);
	return 1;
}
C
make --no-print-directory -s BUILD="$BUILD" PROG="$dir/poweroff.c" prog-image > "$dir/build.log" 2>&1
pdir=$(tail -n 1 "$dir/build.log")
[ -f "$pdir/kernel.bin" ] || { sed 's/^/#   /' "$dir/build.log"; echo "not ok - poweroff: does not build"; exit 1; }
mke2fs -q -t ext2 -b 4096 -d "$pdir/rootfs" -F "$img" 16M > "$dir/mke2fs.log" 2>&1 ||
	{ echo "not ok - poweroff: mke2fs failed"; exit 1; }
disk_boot poweroff "$pdir/kernel.bin"
log=$dir/poweroff.log
if grep -aq 'program end' "$log"; then
	echo "not ok - poweroff: the program ended instead of powering off (see $log)"
elif grep -aq 'kernel: powering off (status 0)' "$log"; then
	echo "ok - poweroff: powered off with status 0"
else
	echo "not ok - poweroff: no power-off with status 0 on the console (see $log)"
fi
note=$(debugfs -R 'cat /note' "$img" 2> /dev/null)
if [ "$note" = "written just before power-off" ]; then
	echo "ok - poweroff: the file written before is on the disk"
else
	echo "not ok - poweroff: /note on the disk is \"$note\""
fi
disk_fsck | sed 's/^\(ok\|not ok\) - /\1 - poweroff: /'
