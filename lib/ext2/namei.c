/* namei.c - names: lookup, path resolution, and the operations that add or remove them. */
#include "ext2/ext2_internal.h"

/* A single name: 1..255 bytes, no '/'. */
static int name_check(const char *name, size_t *len)
{
	if (!name)
		return EXT2_ERR(EINVAL);
	size_t n = 0;
	while (n <= EXT2_NAME_LEN && name[n]) {
		if (name[n] == '/')
			return EXT2_ERR(EINVAL);
		n++;
	}
	if (n > EXT2_NAME_LEN)
		return EXT2_ERR(ENAMETOOLONG);
	if (n == 0)
		return EXT2_ERR(ENOENT);
	*len = n;
	return 0;
}

static bool dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* A single name that is not "." or "..", which are dot_err. */
static int name_check_nodot(const char *name, size_t *len, int dot_err)
{
	int r = name_check(name, len);
	return r == 0 && dot_or_dotdot(name, *len) ? dot_err : r;
}

/* The entry `name` of a held directory and the inode it names, held (ih_get flags); the
 * inode must be in use and linked. */
static int get_entry(struct ext2_fs *fs, struct ext2_ih *dir, const char *name, size_t len,
                     unsigned flags, struct dir_slot *slot, struct ext2_ih *ih)
{
	int r = dir_find(fs, dir, name, len, slot);
	if (r == 0)
		r = check_ino_ref(fs, slot->ino);
	if (r < 0)
		return r;
	r = ih_get(fs, slot->ino, flags, ih);
	if (r == EXT2_ERR(ENOENT) || r == EXT2_ERR(EINVAL))
		return EXT2_ERR(EUCLEAN); /* an entry naming a free inode */
	if (r == 0 && ih->in->i_links_count == 0) {
		ih_put(fs, ih);
		r = EXT2_ERR(EUCLEAN);
	}
	return r;
}

/* Look a name up in a held directory: the inode it names and its mode (if mode). */
static int lookup_in(struct ext2_fs *fs, struct ext2_ih *dir, const char *name, size_t len,
                     uint32_t *ino, uint16_t *mode)
{
	if (ih_type(dir) != EXT2_S_IFDIR)
		return EXT2_ERR(ENOTDIR);
	struct dir_slot slot;
	struct ext2_ih child;
	int r = get_entry(fs, dir, name, len, 0, &slot, &child);
	if (r < 0)
		return r;
	*ino = slot.ino;
	if (mode)
		*mode = child.in->i_mode;
	ih_put(fs, &child);
	return 0;
}

static int lookup_ino(struct ext2_fs *fs, uint32_t dirno, const char *name, size_t len, uint32_t *ino,
                      uint16_t *mode)
{
	struct ext2_ih dir;
	int r = ih_get(fs, dirno, 0, &dir);
	if (r < 0)
		return r;
	r = lookup_in(fs, &dir, name, len, ino, mode);
	ih_put(fs, &dir);
	return r;
}

int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t *ino)
{
	size_t len;
	int r = name_check(name, &len);
	if (r < 0)
		return r;
	return lookup_ino(fs, dir, name, len, ino, NULL);
}

static int inode_mode(struct ext2_fs *fs, uint32_t ino, uint16_t *mode)
{
	struct ext2_ih ih;
	int r = ih_get(fs, ino, 0, &ih);
	if (r < 0)
		return r;
	*mode = ih.in->i_mode;
	ih_put(fs, &ih);
	return 0;
}

/* Path walk. The unresolved rest of the path lives in fs->path_a; a symbolic link
 * replaces the component naming it by its target (built in fs->path_b). Every step
 * consumes a component or one of EXT2_SYMLINK_MAX expansions, so the walk ends, whatever
 * loops the directories or links make. */
static int walk(struct ext2_fs *fs, uint32_t start, const char *path, unsigned flags, bool parent,
                uint32_t *out, char *name_out)
{
	if (!path)
		return EXT2_ERR(EINVAL);
	size_t plen = 0;
	while (plen < EXT2_PATH_MAX && path[plen])
		plen++;
	if (plen >= EXT2_PATH_MAX)
		return EXT2_ERR(ENAMETOOLONG);
	if (plen == 0)
		return EXT2_ERR(ENOENT);
	char *p = fs->path_a;
	memcpy(p, path, plen);
	uint32_t cur = p[0] == '/' ? EXT2_ROOT_INO : start;
	uint16_t mode;
	int r = inode_mode(fs, cur, &mode);
	if (r < 0)
		return r;
	if ((mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
		return EXT2_ERR(ENOTDIR);
	size_t pos = 0;
	int links = 0;
	for (;;) {
		while (pos < plen && p[pos] == '/')
			pos++;
		if (pos == plen) { /* nothing left: the directory reached */
			if (parent)
				name_out[0] = 0;
			*out = cur;
			return 0;
		}
		size_t end = pos;
		while (end < plen && p[end] != '/')
			end++;
		size_t clen = end - pos, after = end;
		if (clen > EXT2_NAME_LEN)
			return EXT2_ERR(ENAMETOOLONG);
		while (after < plen && p[after] == '/')
			after++;
		bool last = after == plen, slash = last && end < plen;
		if (parent && last) {
			memcpy(name_out, p + pos, clen);
			name_out[clen] = 0;
			*out = cur;
			return 0;
		}
		uint32_t child;
		r = lookup_ino(fs, cur, p + pos, clen, &child, &mode);
		if (r < 0)
			return r;
		uint16_t type = mode & EXT2_S_IFMT;
		if (type == EXT2_S_IFLNK && (!last || slash || !(flags & EXT2_RESOLVE_NOFOLLOW))) {
			if (++links > EXT2_SYMLINK_MAX)
				return EXT2_ERR(ELOOP);
			size_t tlen, rest = plen - end;
			r = ext2_symlink_target(fs, child, fs->path_b, EXT2_PATH_MAX, &tlen);
			if (r < 0)
				return r;
			if (tlen + rest >= EXT2_PATH_MAX)
				return EXT2_ERR(ENAMETOOLONG);
			memcpy(fs->path_b + tlen, p + end, rest);
			memcpy(p, fs->path_b, tlen + rest);
			plen = tlen + rest;
			pos = 0;
			if (p[0] == '/')
				cur = EXT2_ROOT_INO;
			continue;
		}
		if ((!last || slash) && type != EXT2_S_IFDIR)
			return EXT2_ERR(ENOTDIR);
		if (last) {
			*out = child;
			return 0;
		}
		cur = child;
		pos = end;
	}
}

int ext2_resolve(struct ext2_fs *fs, uint32_t start, const char *path, unsigned flags, uint32_t *ino)
{
	return walk(fs, start, path, flags, false, ino, NULL);
}

int ext2_resolve_parent(struct ext2_fs *fs, uint32_t start, const char *path, uint32_t *dir,
                        char name[256])
{
	return walk(fs, start, path, 0, true, dir, name);
}

static int name_free(struct ext2_fs *fs, struct ext2_ih *dir, const char *name, size_t len)
{
	struct dir_slot slot;
	int r = dir_find(fs, dir, name, len, &slot);
	return r == 0 ? EXT2_ERR(EEXIST) : r == EXT2_ERR(ENOENT) ? 0 : r;
}

static void init_inode(struct ext2_fs *fs, struct ext2_ih *ih, uint16_t mode, uint32_t uid,
                       uint32_t gid)
{
	memset(ih->in, 0, fs->inode_size);
	if (fs->inode_size >= EXT2_GOOD_OLD_INODE_SIZE + EXT2_NEW_EXTRA_ISIZE)
		put16((uint8_t *)ih->in + EXT2_INODE_EXTRA_ISIZE_OFF, EXT2_NEW_EXTRA_ISIZE);
	struct ext2_inode *in = ih->in;
	uint32_t now = fs_now(fs);
	in->i_mode = mode;
	in->i_uid = (uint16_t)uid;
	in->i_uid_high = (uint16_t)(uid >> 16);
	in->i_gid = (uint16_t)gid;
	in->i_gid_high = (uint16_t)(gid >> 16);
	in->i_atime = in->i_ctime = in->i_mtime = now;
	in->i_links_count = (mode & EXT2_S_IFMT) == EXT2_S_IFDIR ? 2 : 1;
	in->i_generation = fs->next_generation++;
	ih_dirty(fs, ih);
}

static int set_target(struct ext2_fs *fs, struct ext2_ih *ih, const char *target, size_t tlen)
{
	if (tlen < EXT2_FAST_SYMLINK_MAX) {
		memcpy(ih->in->i_block, target, tlen);
	} else {
		struct ext2_cbuf *b;
		int r = ih_new_block(fs, ih, 0, &b);
		if (r < 0)
			return r;
		memcpy(b->data, target, tlen);
		bc_put(fs, b);
	}
	return ih_set_size(fs, ih, tlen);
}

static int make_node(struct ext2_fs *fs, uint32_t dirno, const char *name, uint16_t mode,
                     uint32_t uid, uint32_t gid, const char *target, uint32_t *ino_out)
{
	size_t len, tlen = 0;
	int r = name_check_nodot(name, &len, EXT2_ERR(EEXIST));
	if (r < 0)
		return r;
	if (target) {
		while (tlen < EXT2_PATH_MAX && target[tlen])
			tlen++;
		if (tlen == 0)
			return EXT2_ERR(ENOENT);
		if (tlen >= EXT2_PATH_MAX || tlen >= fs->block_size)
			return EXT2_ERR(ENAMETOOLONG);
	}
	struct ext2_ih dir, nh = {0};
	r = tx_begin_ih(fs, dirno, IH_DIR, &dir);
	if (r < 0)
		return r;
	bool is_dir = (mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	uint32_t ino = 0;
	r = name_free(fs, &dir, name, len);
	if (r == 0 && is_dir && dir.in->i_links_count >= EXT2_LINK_MAX)
		r = EXT2_ERR(EMLINK);
	if (r == 0)
		r = alloc_inode(fs, dirno, is_dir, &ino);
	if (r == 0)
		r = ih_get(fs, ino, IH_WRITE | IH_ANY, &nh);
	if (r == 0) {
		init_inode(fs, &nh, mode, uid, gid);
		if (is_dir) {
			r = dir_init(fs, &nh, dirno);
			if (r == 0) {
				dir.in->i_links_count++;
				ih_dirty(fs, &dir);
			}
		} else if (target) {
			r = set_target(fs, &nh, target, tlen);
		}
	}
	if (r == 0)
		r = dir_add(fs, &dir, name, len, ino, mode_to_ft(mode));
	ih_put(fs, &nh);
	ih_put(fs, &dir);
	if (r == 0 && ino_out)
		*ino_out = ino;
	return tx_end(fs, r);
}

int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, uint16_t mode, uint32_t uid,
                uint32_t gid, uint32_t *ino)
{
	return make_node(fs, dir, name, (uint16_t)(EXT2_S_IFREG | (mode & 07777)), uid, gid, NULL, ino);
}

int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, uint16_t mode, uint32_t uid,
               uint32_t gid, uint32_t *ino)
{
	return make_node(fs, dir, name, (uint16_t)(EXT2_S_IFDIR | (mode & 07777)), uid, gid, NULL, ino);
}

int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, const char *target,
                 uint32_t uid, uint32_t gid, uint32_t *ino)
{
	if (!target)
		return EXT2_ERR(EINVAL);
	return make_node(fs, dir, name, EXT2_S_IFLNK | 0777, uid, gid, target, ino);
}

int ext2_link(struct ext2_fs *fs, uint32_t dirno, const char *name, uint32_t ino)
{
	size_t len;
	int r = name_check_nodot(name, &len, EXT2_ERR(EEXIST));
	if (r < 0)
		return r;
	struct ext2_ih dir, ih = {0};
	r = tx_begin_ih(fs, dirno, IH_DIR, &dir);
	if (r < 0)
		return r;
	r = ih_get(fs, ino, IH_WRITE, &ih);
	if (r == 0) {
		if (ih_type(&ih) == EXT2_S_IFDIR)
			r = EXT2_ERR(EPERM); /* as Linux */
		else if (ih.in->i_links_count == 0)
			r = EXT2_ERR(ENOENT);
		else if (ih.in->i_links_count >= EXT2_LINK_MAX)
			r = EXT2_ERR(EMLINK);
	}
	if (r == 0)
		r = name_free(fs, &dir, name, len);
	if (r == 0)
		r = dir_add(fs, &dir, name, len, ino, mode_to_ft(ih.in->i_mode));
	if (r == 0) {
		ih.in->i_links_count++;
		ih_touch(fs, &ih, false);
	}
	ih_put(fs, &ih);
	ih_put(fs, &dir);
	return tx_end(fs, r);
}

/* Remove the entry `name` of dirno: a file's (unlink) or an empty directory's (rmdir).
 * The inode loses the link (a directory all of its links, its parent the one of its
 * ".."), and is freed if that was its last, unless EXT2_DEFER_FREE. */
static int remove_name(struct ext2_fs *fs, uint32_t dirno, const char *name, size_t len,
                       bool rmdir, unsigned flags, uint32_t *ino)
{
	struct ext2_ih dir, ih = {0};
	struct dir_slot slot;
	int r = tx_begin_ih(fs, dirno, IH_DIR, &dir);
	if (r < 0)
		return r;
	r = get_entry(fs, &dir, name, len, IH_WRITE, &slot, &ih);
	if (r == 0 && !rmdir && ih_type(&ih) == EXT2_S_IFDIR)
		r = EXT2_ERR(EISDIR);
	if (r == 0 && rmdir) {
		if (ih_type(&ih) != EXT2_S_IFDIR)
			r = EXT2_ERR(ENOTDIR);
		else if (slot.ino == EXT2_ROOT_INO)
			r = EXT2_ERR(EBUSY);
		else if (slot.ino == dirno)
			r = EXT2_ERR(EUCLEAN); /* a directory listing itself under a name */
		else
			r = dir_check_empty(fs, &ih);
	}
	if (r == 0)
		r = dir_remove(fs, &dir, &slot);
	if (r == 0) {
		if (rmdir) {
			if (dir.in->i_links_count > 1)
				dir.in->i_links_count--;
			ih_dirty(fs, &dir);
			ih.in->i_links_count = 0;
		} else {
			ih.in->i_links_count--;
		}
		ih_touch(fs, &ih, false);
		if (ino)
			*ino = slot.ino;
		if (ih.in->i_links_count == 0 && !(flags & EXT2_DEFER_FREE))
			r = inode_free_all(fs, &ih);
	}
	ih_put(fs, &ih);
	ih_put(fs, &dir);
	return tx_end(fs, r);
}

int ext2_unlink(struct ext2_fs *fs, uint32_t dirno, const char *name, unsigned flags, uint32_t *ino)
{
	size_t len;
	int r = name_check_nodot(name, &len, EXT2_ERR(EISDIR));
	if (r < 0)
		return r;
	return remove_name(fs, dirno, name, len, false, flags, ino);
}

int ext2_rmdir(struct ext2_fs *fs, uint32_t dirno, const char *name, unsigned flags, uint32_t *ino)
{
	size_t len;
	int r = name_check(name, &len);
	if (r < 0)
		return r;
	if (len == 1 && name[0] == '.')
		return EXT2_ERR(EINVAL);
	if (dot_or_dotdot(name, len))
		return EXT2_ERR(ENOTEMPTY);
	return remove_name(fs, dirno, name, len, true, flags, ino);
}

int ext2_release(struct ext2_fs *fs, uint32_t ino)
{
	if (ino < 1 || ino > fs->inodes_count || (ino < fs->first_ino && ino != EXT2_ROOT_INO))
		return EXT2_ERR(EINVAL);
	int r = tx_begin(fs);
	if (r < 0)
		return r;
	bool used;
	r = inode_bit_test(fs, ino, &used);
	if (r == 0 && !used)
		r = EXT2_ERR(ENOENT);
	struct ext2_ih ih = {0};
	if (r == 0)
		r = ih_get(fs, ino, IH_WRITE | IH_ANY, &ih);
	if (r == 0 && ih.in->i_mode == 0)
		r = EXT2_ERR(ENOENT);
	if (r == 0 && ih.in->i_links_count == 0)
		r = ih.in->i_dtime ? EXT2_ERR(ENOENT) : inode_free_all(fs, &ih);
	ih_put(fs, &ih);
	return tx_end(fs, r);
}

/* Is `dir` (a directory) `ino` or below it? Walks ".." up to the root; a chain longer
 * than any path could be is a loop in the file system. */
static int is_below(struct ext2_fs *fs, uint32_t dir, uint32_t ino)
{
	uint32_t cur = dir;
	for (int i = 0; i < EXT2_PATH_MAX; i++) {
		if (cur == ino)
			return 1;
		if (cur == EXT2_ROOT_INO)
			return 0;
		uint32_t up;
		int r = lookup_ino(fs, cur, "..", 2, &up, NULL);
		if (r < 0)
			return r;
		if (up == cur)
			return EXT2_ERR(EUCLEAN); /* only the root is its own parent */
		cur = up;
	}
	return EXT2_ERR(EUCLEAN);
}

static int do_rename(struct ext2_fs *fs, struct ext2_ih *od, const char *on, size_t ol,
                     struct ext2_ih *nd, const char *nn, size_t nl, unsigned flags, uint32_t *replaced)
{
	struct dir_slot os, ns;
	struct ext2_ih src = {0}, dst = {0};
	int r = get_entry(fs, od, on, ol, IH_WRITE, &os, &src);
	if (r < 0)
		return r;
	bool src_dir = ih_type(&src) == EXT2_S_IFDIR, replace = false;
	bool move_dir = src_dir && od->ino != nd->ino;
	r = dir_find(fs, nd, nn, nl, &ns);
	if (r == 0) {
		replace = true;
		if (ns.ino == os.ino) { /* the same inode (or the same name): nothing to do */
			ih_put(fs, &src);
			return 0;
		}
		r = get_entry(fs, nd, nn, nl, IH_WRITE, &ns, &dst);
		if (r == 0) {
			bool dst_dir = ih_type(&dst) == EXT2_S_IFDIR;
			if (src_dir && !dst_dir)
				r = EXT2_ERR(ENOTDIR);
			else if (!src_dir && dst_dir)
				r = EXT2_ERR(EISDIR);
			else if (dst_dir) {
				r = ns.ino == EXT2_ROOT_INO || ns.ino == nd->ino ? EXT2_ERR(EBUSY) : dir_check_empty(fs, &dst);
			}
		}
	} else if (r == EXT2_ERR(ENOENT)) {
		r = 0;
	}
	if (r == 0 && src_dir && (os.ino == EXT2_ROOT_INO || os.ino == od->ino))
		r = EXT2_ERR(EBUSY);
	if (r == 0 && move_dir) {
		r = is_below(fs, nd->ino, os.ino); /* into itself or its own subtree? */
		r = r == 1 ? EXT2_ERR(EINVAL) : r;
		if (r == 0 && !replace && nd->in->i_links_count >= EXT2_LINK_MAX)
			r = EXT2_ERR(EMLINK);
	}
	uint8_t ft = mode_to_ft(src.in->i_mode);
	/* The new name first, then the old one goes. */
	if (r == 0)
		r = replace ? dir_set_ino(fs, nd, &ns, os.ino, ft) : dir_add(fs, nd, nn, nl, os.ino, ft);
	if (r == 0)
		r = dir_remove(fs, od, &os);
	if (r == 0 && move_dir) { /* its ".." now names the new parent */
		struct dir_slot dd;
		r = dir_find(fs, &src, "..", 2, &dd);
		if (r == 0)
			r = dir_set_ino(fs, &src, &dd, nd->ino, EXT2_FT_DIR);
		if (r == 0) {
			if (od->in->i_links_count > 1)
				od->in->i_links_count--;
			if (!replace)
				nd->in->i_links_count++;
			ih_dirty(fs, od);
			ih_dirty(fs, nd);
		}
	}
	if (r == 0)
		ih_touch(fs, &src, false);
	if (r == 0 && replace) {
		*replaced = ns.ino;
		if (src_dir) {
			dst.in->i_links_count = 0;
			if (!move_dir && nd->in->i_links_count > 1) { /* dst's ".." named nd */
				nd->in->i_links_count--;
				ih_dirty(fs, nd);
			}
		} else if (dst.in->i_links_count) {
			dst.in->i_links_count--;
		}
		ih_touch(fs, &dst, false);
		if (dst.in->i_links_count == 0 && !(flags & EXT2_DEFER_FREE))
			r = inode_free_all(fs, &dst);
	}
	ih_put(fs, &dst);
	ih_put(fs, &src);
	return r;
}

int ext2_rename(struct ext2_fs *fs, uint32_t olddir, const char *oldname, uint32_t newdir,
                const char *newname, unsigned flags, uint32_t *replaced)
{
	size_t ol, nl;
	int r = name_check(oldname, &ol);
	if (r == 0)
		r = name_check(newname, &nl);
	if (r < 0)
		return r;
	if (dot_or_dotdot(oldname, ol) || dot_or_dotdot(newname, nl))
		return EXT2_ERR(EINVAL);
	struct ext2_ih od, nd = {0};
	uint32_t gone = 0;
	r = tx_begin_ih(fs, olddir, IH_DIR, &od);
	if (r < 0)
		return r;
	r = ih_get(fs, newdir, IH_WRITE | IH_DIR, &nd);
	if (r == 0)
		r = do_rename(fs, &od, oldname, ol, &nd, newname, nl, flags, &gone);
	ih_put(fs, &nd);
	ih_put(fs, &od);
	if (replaced) /* set even on failure: a failed free leaves it for ext2_release */
		*replaced = gone;
	return tx_end(fs, r);
}
