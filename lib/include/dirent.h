/* dirent.h - directory reading (picolibc has none for this target), served by the FS
 * server's FS_READDIR. */
#ifndef _RT_DIRENT_H
#define _RT_DIRENT_H
#include <sys/types.h>

#define DT_UNKNOWN 0
#define DT_DIR     4
#define DT_REG     8

struct dirent {
	ino_t d_ino;
	unsigned char d_type;
	char d_name[256];
};

typedef struct rt_dir DIR;
DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);
#endif
