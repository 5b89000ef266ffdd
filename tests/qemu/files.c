/* files.c - POSIX file calls on the FS server, over the root file system packed into the
 * kernel image (user/rootfs): open, read, lseek, fstat, stat, readdir, and the errors a
 * read-only file system and bad descriptors give. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "qtest.h"
#include "abi/bootinfo.h"
#include "proto/fs_msgs.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

int main(void)
{
	char buf[256] = {0};
	const char *motd = "Welcome to the RISC-V microkernel.\n";
	int fd = open("/etc/motd", O_RDONLY);
	QCHECK("open", fd >= 3, "fd %d errno %d", fd, errno);
	ssize_t n = read(fd, buf, sizeof buf);
	QCHECK("read_whole_file", n == (ssize_t)strlen(motd) && memcmp(buf, motd, (size_t)n) == 0, "n %ld", (long)n);
	QCHECK("read_at_eof", read(fd, buf, sizeof buf) == 0, "not at end");
	QCHECK("lseek_set", lseek(fd, 11, SEEK_SET) == 11 && read(fd, buf, 4) == 4 && memcmp(buf, "the ", 4) == 0,
	       "got '%.4s'", buf);
	QCHECK("lseek_end", lseek(fd, -3, SEEK_END) == (off_t)strlen(motd) - 3, "offset");
	QCHECK("lseek_negative_einval", lseek(fd, -100, SEEK_CUR) == -1 && errno == EINVAL, "errno %d", errno);
	struct stat st;
	QCHECK("fstat", fstat(fd, &st) == 0 && st.st_size == (off_t)strlen(motd) && S_ISREG(st.st_mode),
	       "size %ld mode %o", (long)st.st_size, (unsigned)st.st_mode);
	QCHECK("write_to_readonly_fd_ebadf", write(fd, "x", 1) == -1 && errno == EBADF, "errno %d", errno);
	QCHECK("close", close(fd) == 0, "errno %d", errno);
	QCHECK("close_again_ebadf", close(fd) == -1 && errno == EBADF, "errno %d", errno);
	QCHECK("read_bad_fd_ebadf", read(42, buf, 1) == -1 && errno == EBADF, "errno %d", errno);

	QCHECK("stat_dir", stat("/etc", &st) == 0 && S_ISDIR(st.st_mode), "mode %o", (unsigned)st.st_mode);
	QCHECK("stat_root", stat("/", &st) == 0 && S_ISDIR(st.st_mode), "errno %d", errno);
	/* A request without bytes names no path (the root), not the one the server's buffer
	 * still holds from the request before. */
	struct fs_stat_req sq;
	struct fs_stat_rep sr = {0};
	QCHECK("stat_without_a_path_is_not_the_last_one",
	       stat("/etc/motd", &st) == 0 && fs_stat_call(TH_FS_EP, &sq, 0, 0, &sr) == 0 &&
	       S_ISDIR(sr.mode), "mode %o", (unsigned)sr.mode);
	QCHECK("missing_enoent", open("/etc/nothing", O_RDONLY) == -1 && errno == ENOENT, "errno %d", errno);
	QCHECK("create_erofs", open("/new", O_WRONLY | O_CREAT, 0644) == -1 && errno == EROFS, "errno %d", errno);
	QCHECK("open_dir_for_write_eisdir", open("/etc", O_WRONLY) == -1 && errno == EISDIR, "errno %d", errno);
	QCHECK("o_directory_on_file_enotdir", open("/etc/motd", O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR,
	       "errno %d", errno);
	QCHECK("mkdir_erofs", mkdir("/d", 0755) == -1 && errno == EROFS, "errno %d", errno);
	QCHECK("unlink_erofs", unlink("/etc/motd") == -1 && errno == EROFS, "errno %d", errno);

	DIR *d = opendir("/");
	int saw_etc = 0, saw_docs = 0, saw_bin = 0, saw_test = 0, saw_tmp = 0, saw_dev = 0, saw_usr = 0, entries = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		entries++;
		saw_etc |= !strcmp(e->d_name, "etc") && e->d_type == DT_DIR;
		saw_docs |= !strcmp(e->d_name, "docs");
		saw_bin |= !strcmp(e->d_name, "bin") && e->d_type == DT_DIR;
		saw_test |= !strcmp(e->d_name, "test") && e->d_type == DT_DIR;   /* the test images' (qemu.mk) */
		saw_tmp |= !strcmp(e->d_name, "tmp") && e->d_type == DT_DIR;     /* tmpfs's mount points */
		saw_dev |= !strcmp(e->d_name, "dev") && e->d_type == DT_DIR;
		saw_usr |= !strcmp(e->d_name, "usr") && e->d_type == DT_DIR;   /* busybox's applets, with sbin */
	}
	QCHECK("readdir_root", d && saw_etc && saw_docs && saw_bin && saw_test && saw_tmp && saw_dev && saw_usr &&
	       entries == 8, "entries %d", entries);
	if (d)
		closedir(d);
	d = opendir("/etc");
	int saw_motd = 0, saw_rc = 0, saw_passwd = 0;
	entries = 0;
	while (d && (e = readdir(d))) {
		entries++;
		saw_motd |= !strcmp(e->d_name, "motd") && e->d_type == DT_REG;
		saw_rc |= !strcmp(e->d_name, "rc") && e->d_type == DT_REG;
		saw_passwd |= !strcmp(e->d_name, "passwd") && e->d_type == DT_REG;
	}
	QCHECK("readdir_etc", d && saw_motd && saw_rc && saw_passwd && entries == 4, "entries %d", entries);
	if (d)
		closedir(d);

	FILE *f = fopen("/docs/README", "r");
	QCHECK("stdio_fopen_fgets", f && fgets(buf, sizeof buf, f) && !strncmp(buf, "This root file system", 21),
	       "'%s'", buf);
	if (f)
		fclose(f);

	int fds[40], opened = 0;
	for (int i = 0; i < 40; i++)
		if ((fds[i] = open("/etc/motd", O_RDONLY)) >= 0)
			opened++;
	QCHECK("descriptor_table_full_emfile", opened == 32 && errno == EMFILE, "opened %d errno %d", opened, errno);
	for (int i = 0; i < 40; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return qtest_done();
}
