/* mounttab.c - the mount table's path resolution (see mounttab.h). */
#include "mounttab.h"
#include "base/mem.h"

#define E_NOMEM 12
#define E_BUSY  16
#define E_INVAL 22

void mt_init(struct mounttab *m)
{
	memset(m, 0, sizeof *m);
	m->n = 1;
}

int mt_add(struct mounttab *m, const char *path, size_t len)
{
	if (!len || len >= MT_PATH_MAX || path[0] == '/' || path[len - 1] == '/')
		return -E_INVAL;
	for (unsigned i = 1; i < m->n; i++)
		if (m->at[i].len == len && !memcmp(m->at[i].path, path, len))
			return -E_BUSY;
	if (m->n == MT_MAX)
		return -E_NOMEM;
	memcpy(m->at[m->n].path, path, len);
	m->at[m->n].len = len;
	return (int)m->n++;
}

unsigned mt_resolve(const struct mounttab *m, const char *path, size_t len, const char **rest,
                    size_t *rlen)
{
	unsigned best = 0;
	size_t blen = 0;
	for (unsigned i = 1; i < m->n; i++) {
		size_t l = m->at[i].len;
		if (l <= blen || l > len || memcmp(m->at[i].path, path, l) || (l < len && path[l] != '/'))
			continue;   /* not a whole-component prefix, or a shorter one than best's */
		best = i, blen = l;
	}
	while (blen < len && path[blen] == '/')
		blen++;
	*rest = path + blen;
	*rlen = len - blen;
	return best;
}
