/* tmpfs_names.c - a tmpfs instance's nodes and names (see tmpfs.h): the node table, path
 * walks, and the calls that make, move and remove names. A directory's entries are a
 * list in the order they came (each with its place, readdir's cookie, so that a walk
 * over a directory being changed neither repeats nor skips a name that stays). */
#include "tmpfs_internal.h"
#include "base/mem.h"

void tmpfs_init(struct tmpfs *t, const struct tmpfs_env *env, struct tmpfs_node *nodes,
                uint32_t nnodes, uint64_t max_pages, uint32_t root_mode)
{
	*t = (struct tmpfs){env, nodes, nnodes, 1, max_pages, 0};
	memset(nodes, 0, nnodes * sizeof *nodes);
	uint64_t now = env->now(env->ctx);
	nodes[0] = (struct tmpfs_node){.mode = TMPFS_S_IFDIR | (root_mode & 07777), .nlink = 2,
	                               .next_pos = 1, .size = 2 * TMPFS_DIRENT_SIZE,
	                               .atime = now, .mtime = now, .ctime = now};
}

void tmpfs_destroy(struct tmpfs *t)
{
	for (uint32_t i = 0; i < t->nnodes; i++)
		if (t->nodes[i].mode) {
			tmpfs_drop_pages(t, &t->nodes[i], 0);
			t->nodes[i].mode = 0;
		}
	t->used = 0;
}

/* The entry of directory dir named name[0, len), or 0. */
static uint32_t child_named(const struct tmpfs *t, uint32_t dir, const char *name, size_t len)
{
	for (uint32_t c = tmpfs_node(t, dir)->child; c; c = t->nodes[c - 1].next) {
		const struct tmpfs_node *x = &t->nodes[c - 1];
		if (x->namelen == len && !memcmp(x->name, name, len))
			return c;
	}
	return 0;
}

/* The node path names: 0, -ENOENT, -ENOTDIR (a component that is not a directory) or
 * -ENAMETOOLONG. Empty components are skipped. */
static int walk(const struct tmpfs *t, const char *path, size_t len, uint32_t *node)
{
	uint32_t cur = TMPFS_ROOT;
	for (size_t i = 0; i < len;) {
		size_t s = i;
		while (i < len && path[i] != '/')
			i++;
		size_t cl = i - s;
		i += i < len;
		if (!cl)
			continue;
		if (cl > TMPFS_NAME_MAX)
			return -T_ENAMETOOLONG;
		if (!tmpfs_isdir(tmpfs_node(t, cur)))
			return -T_ENOTDIR;
		if (!(cur = child_named(t, cur, path + s, cl)))
			return -T_ENOENT;
	}
	*node = cur;
	return 0;
}

/* Split path into its parent directory (*dir) and its last name: 0, 1 if path is the
 * root itself (it has no name), or walk's error (-ENOTDIR also for a parent that is a
 * file). */
static int split(const struct tmpfs *t, const char *path, size_t len, uint32_t *dir,
                 const char **name, size_t *nlen)
{
	while (len && path[len - 1] == '/')
		len--;
	size_t i = len;
	while (i && path[i - 1] != '/')
		i--;
	if (i == len)
		return 1;
	if (len - i > TMPFS_NAME_MAX)
		return -T_ENAMETOOLONG;
	*name = path + i, *nlen = len - i;
	int e = walk(t, path, i, dir);
	if (e == 0 && !tmpfs_isdir(tmpfs_node(t, *dir)))
		e = -T_ENOTDIR;
	return e;
}

/* Append node n (named already) to directory dir's entries. */
static void link_in(struct tmpfs *t, uint32_t dir, uint32_t n, uint64_t now)
{
	struct tmpfs_node *d = tmpfs_node(t, dir), *x = &t->nodes[n - 1];
	uint32_t *at = &d->child;
	while (*at)
		at = &t->nodes[*at - 1].next;
	*at = n;
	x->next = 0;
	x->parent = dir;
	x->pos = d->next_pos++;
	d->size += TMPFS_DIRENT_SIZE;
	d->mtime = d->ctime = now;
}

/* Take node n out of its directory's entries. */
static void unlink_from(struct tmpfs *t, uint32_t n, uint64_t now)
{
	struct tmpfs_node *x = &t->nodes[n - 1], *d = tmpfs_node(t, x->parent);
	uint32_t *at = &d->child;
	while (*at != n)
		at = &t->nodes[*at - 1].next;
	*at = x->next;
	x->next = x->parent = 0;
	d->size -= TMPFS_DIRENT_SIZE;
	d->mtime = d->ctime = now;
}

int tmpfs_lookup(struct tmpfs *t, const char *path, size_t len, uint32_t *node)
{
	return walk(t, path, len, node);
}

int tmpfs_stat(struct tmpfs *t, uint32_t node, struct tmpfs_stat *st)
{
	const struct tmpfs_node *x = tmpfs_node(t, node);
	if (!x)
		return -T_ENOENT;
	*st = (struct tmpfs_stat){node, x->mode, x->nlink, x->size, x->pages * (TMPFS_PAGE / 512),
	                          x->uid, x->gid, x->atime, x->mtime, x->ctime};
	return 0;
}

int tmpfs_setattr(struct tmpfs *t, uint32_t node, const struct tmpfs_attr *a)
{
	struct tmpfs_node *x = tmpfs_node(t, node);
	if (!x)
		return -T_ENOENT;
	if (a->mask & TMPFS_ATTR_MODE)
		x->mode = (x->mode & TMPFS_S_IFMT) | (a->mode & 07777);
	if (a->mask & TMPFS_ATTR_UID)
		x->uid = a->uid;
	if (a->mask & TMPFS_ATTR_GID)
		x->gid = a->gid;
	if (a->mask & TMPFS_ATTR_ATIME)
		x->atime = a->atime;
	if (a->mask & TMPFS_ATTR_MTIME)
		x->mtime = a->mtime;
	x->ctime = t->env->now(t->env->ctx);
	return 0;
}

void tmpfs_statfs(const struct tmpfs *t, struct tmpfs_statfs *st)
{
	*st = (struct tmpfs_statfs){t->max_pages, t->max_pages - t->used_pages, t->nnodes,
	                            t->nnodes - t->used};
}

/* Make the node path names, of mode (its type and permission bits). */
static int make(struct tmpfs *t, const char *path, size_t len, uint32_t mode, uint32_t uid,
                uint32_t gid, uint32_t *node)
{
	uint32_t dir, n = 0;
	const char *name;
	size_t nl;
	int e = split(t, path, len, &dir, &name, &nl);
	if (e)
		return e > 0 ? -T_EEXIST : e;
	if (child_named(t, dir, name, nl))
		return -T_EEXIST;
	for (uint32_t i = 0; i < t->nnodes && !n; i++)
		if (!t->nodes[i].mode)
			n = i + 1;
	if (!n)
		return -T_ENOSPC;   /* Linux's answer when tmpfs is out of inodes */
	uint64_t now = t->env->now(t->env->ctx);
	int dirp = (mode & TMPFS_S_IFMT) == TMPFS_S_IFDIR;
	struct tmpfs_node *x = &t->nodes[n - 1];
	*x = (struct tmpfs_node){.mode = mode, .nlink = dirp ? 2 : 1, .uid = uid, .gid = gid,
	                         .next_pos = 1, .size = dirp ? 2 * TMPFS_DIRENT_SIZE : 0,
	                         .atime = now, .mtime = now, .ctime = now, .namelen = (uint8_t)nl};
	memcpy(x->name, name, nl);
	link_in(t, dir, n, now);
	if (dirp)
		tmpfs_node(t, dir)->nlink++;
	t->used++;
	*node = n;
	return 0;
}

int tmpfs_create(struct tmpfs *t, const char *path, size_t len, uint32_t mode, uint32_t uid,
                 uint32_t gid, uint32_t *node)
{
	return make(t, path, len, TMPFS_S_IFREG | (mode & 07777), uid, gid, node);
}

int tmpfs_mkdir(struct tmpfs *t, const char *path, size_t len, uint32_t mode, uint32_t uid,
                uint32_t gid, uint32_t *node)
{
	return make(t, path, len, TMPFS_S_IFDIR | (mode & 07777), uid, gid, node);
}

/* Remove the name of path, a directory if dirp (else a file): unlink and rmdir. */
static int drop_name(struct tmpfs *t, const char *path, size_t len, int dirp, uint32_t *node)
{
	uint32_t dir, n;
	const char *name;
	size_t nl;
	int e = split(t, path, len, &dir, &name, &nl);
	if (e)
		return e > 0 ? (dirp ? -T_EBUSY : -T_EISDIR) : e;
	if (!(n = child_named(t, dir, name, nl)))
		return -T_ENOENT;
	struct tmpfs_node *x = &t->nodes[n - 1];
	if (tmpfs_isdir(x) != dirp)
		return dirp ? -T_ENOTDIR : -T_EISDIR;
	if (dirp && x->child)
		return -T_ENOTEMPTY;
	uint64_t now = t->env->now(t->env->ctx);
	unlink_from(t, n, now);
	if (dirp)
		tmpfs_node(t, dir)->nlink--;
	x->nlink = 0;
	x->ctime = now;
	*node = n;
	return 0;
}

int tmpfs_unlink(struct tmpfs *t, const char *path, size_t len, uint32_t *node)
{
	return drop_name(t, path, len, 0, node);
}

int tmpfs_rmdir(struct tmpfs *t, const char *path, size_t len, uint32_t *node)
{
	return drop_name(t, path, len, 1, node);
}

int tmpfs_rename(struct tmpfs *t, const char *from, size_t flen, const char *to, size_t tlen,
                 uint32_t *replaced)
{
	uint32_t od, nd, src, dst;
	const char *on, *nn;
	size_t ol, nl;
	*replaced = 0;
	int e = split(t, from, flen, &od, &on, &ol);
	if (e == 0)
		e = split(t, to, tlen, &nd, &nn, &nl);
	if (e)
		return e > 0 ? -T_EBUSY : e;
	if (!(src = child_named(t, od, on, ol)))
		return -T_ENOENT;
	if ((dst = child_named(t, nd, nn, nl)) == src)
		return 0;   /* two names of one file: nothing to do, as Linux */
	struct tmpfs_node *s = &t->nodes[src - 1], *d = dst ? &t->nodes[dst - 1] : 0;
	for (uint32_t a = nd; tmpfs_isdir(s) && a; a = t->nodes[a - 1].parent)
		if (a == src)
			return -T_EINVAL;   /* a directory into itself */
	if (d && tmpfs_isdir(s) != tmpfs_isdir(d))
		return tmpfs_isdir(s) ? -T_ENOTDIR : -T_EISDIR;
	if (d && d->child)
		return -T_ENOTEMPTY;
	uint64_t now = t->env->now(t->env->ctx);
	if (d) {
		unlink_from(t, dst, now);
		if (tmpfs_isdir(d))
			tmpfs_node(t, nd)->nlink--;
		d->nlink = 0;
		d->ctime = now;
		*replaced = dst;
	}
	unlink_from(t, src, now);
	if (tmpfs_isdir(s)) {
		tmpfs_node(t, od)->nlink--;
		tmpfs_node(t, nd)->nlink++;
	}
	memcpy(s->name, nn, nl);
	s->namelen = (uint8_t)nl;
	link_in(t, nd, src, now);
	s->ctime = now;
	return 0;
}

long tmpfs_readdir(struct tmpfs *t, uint32_t dir, uint64_t cookie, tmpfs_emit emit, void *arg)
{
	const struct tmpfs_node *d = tmpfs_node(t, dir);
	if (!d)
		return -T_ENOENT;
	if (!tmpfs_isdir(d))
		return -T_ENOTDIR;
	for (uint32_t c = d->child; c; c = t->nodes[c - 1].next) {
		const struct tmpfs_node *x = &t->nodes[c - 1];
		if (x->pos >= cookie && emit(arg, c, tmpfs_isdir(x) ? 4 : 8, x->name, x->namelen))
			return x->pos;   /* full: this entry first next time */
	}
	return 0;
}

int tmpfs_release(struct tmpfs *t, uint32_t node)
{
	struct tmpfs_node *x = tmpfs_node(t, node);
	if (!x)
		return -T_ENOENT;
	if (x->nlink == 0 && node != TMPFS_ROOT) {   /* no name left: the node goes */
		tmpfs_drop_pages(t, x, 0);
		x->mode = 0;
		t->used--;
	}
	return 0;
}
