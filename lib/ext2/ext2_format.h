/* ext2_format.h - the ext2 on-disk format, as far as lib/ext2 uses it.
 *
 * Everything on disk is little-endian. The library reads and writes the structures
 * below in place (in its block cache), so it only builds for little-endian targets
 * (riscv64 and the x86-64/arm64 hosts of the unit tests are); the static assertions
 * at the end pin every offset. The tests include this header to corrupt images.
 */
#ifndef EXT2_FORMAT_H
#define EXT2_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lib/ext2 accesses the little-endian on-disk structures in place"
#endif

#define EXT2_SUPER_OFFSET 1024u /* byte offset of the superblock on the device */
#define EXT2_SUPER_SIZE 1024u
#define EXT2_MAGIC 0xEF53u
#define EXT2_MIN_LOG_BLOCK 10u /* 1 KiB */
#define EXT2_MAX_LOG_BLOCK 16u /* 64 KiB */
#define EXT2_GOOD_OLD_REV 0u
#define EXT2_DYNAMIC_REV 1u
#define EXT2_GOOD_OLD_INODE_SIZE 128u
#define EXT2_GOOD_OLD_FIRST_INO 11u
#define EXT2_ROOT_INO 2u
#define EXT2_NDIR_BLOCKS 12u
#define EXT2_IND_BLOCK 12u
#define EXT2_DIND_BLOCK 13u
#define EXT2_TIND_BLOCK 14u
#define EXT2_N_BLOCKS 15u
#define EXT2_NAME_LEN 255u
#define EXT2_LINK_MAX 32000u
#define EXT2_FAST_SYMLINK_MAX 60u /* bytes that fit in i_block (a target must be shorter) */

/* s_state */
#define EXT2_VALID_FS 0x0001u
#define EXT2_ERROR_FS 0x0002u

/* s_feature_compat */
#define EXT2_FEATURE_COMPAT_DIR_PREALLOC 0x0001u
#define EXT2_FEATURE_COMPAT_IMAGIC_INODES 0x0002u
#define EXT2_FEATURE_COMPAT_HAS_JOURNAL 0x0004u
#define EXT2_FEATURE_COMPAT_EXT_ATTR 0x0008u
#define EXT2_FEATURE_COMPAT_RESIZE_INODE 0x0010u
#define EXT2_FEATURE_COMPAT_DIR_INDEX 0x0020u
/* s_feature_ro_compat */
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001u
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002u
#define EXT2_FEATURE_RO_COMPAT_BTREE_DIR 0x0004u
#define EXT2_FEATURE_RO_COMPAT_HUGE_FILE 0x0008u
#define EXT2_FEATURE_RO_COMPAT_GDT_CSUM 0x0010u
#define EXT2_FEATURE_RO_COMPAT_METADATA_CSUM 0x0400u
/* s_feature_incompat */
#define EXT2_FEATURE_INCOMPAT_COMPRESSION 0x0001u
#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002u
#define EXT2_FEATURE_INCOMPAT_RECOVER 0x0004u
#define EXT2_FEATURE_INCOMPAT_JOURNAL_DEV 0x0008u
#define EXT2_FEATURE_INCOMPAT_META_BG 0x0010u
#define EXT2_FEATURE_INCOMPAT_EXTENTS 0x0040u
#define EXT2_FEATURE_INCOMPAT_64BIT 0x0080u
#define EXT2_FEATURE_INCOMPAT_FLEX_BG 0x0200u

/* What this library understands. An incompatible feature outside the first set refuses
 * the mount; a read-only-compatible feature outside the second, or a compatible one
 * outside the third, makes the mount read-only. */
#define EXT2_INCOMPAT_SUPPORTED EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPPORTED                                                        \
	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE |          \
	 EXT2_FEATURE_RO_COMPAT_BTREE_DIR)
#define EXT2_COMPAT_SUPPORTED                                                           \
	(EXT2_FEATURE_COMPAT_DIR_PREALLOC | EXT2_FEATURE_COMPAT_IMAGIC_INODES |             \
	 EXT2_FEATURE_COMPAT_HAS_JOURNAL | EXT2_FEATURE_COMPAT_EXT_ATTR |                   \
	 EXT2_FEATURE_COMPAT_RESIZE_INODE | EXT2_FEATURE_COMPAT_DIR_INDEX)

struct ext2_super {
	uint32_t s_inodes_count;       /* 0x00 */
	uint32_t s_blocks_count;       /* 0x04 */
	uint32_t s_r_blocks_count;     /* 0x08 */
	uint32_t s_free_blocks_count;  /* 0x0C */
	uint32_t s_free_inodes_count;  /* 0x10 */
	uint32_t s_first_data_block;   /* 0x14 */
	uint32_t s_log_block_size;     /* 0x18: block size = 1024 << this */
	uint32_t s_log_frag_size;      /* 0x1C */
	uint32_t s_blocks_per_group;   /* 0x20 */
	uint32_t s_frags_per_group;    /* 0x24 */
	uint32_t s_inodes_per_group;   /* 0x28 */
	uint32_t s_mtime;              /* 0x2C */
	uint32_t s_wtime;              /* 0x30 */
	uint16_t s_mnt_count;          /* 0x34 */
	uint16_t s_max_mnt_count;      /* 0x36 */
	uint16_t s_magic;              /* 0x38 */
	uint16_t s_state;              /* 0x3A */
	uint16_t s_errors;             /* 0x3C */
	uint16_t s_minor_rev_level;    /* 0x3E */
	uint32_t s_lastcheck;          /* 0x40 */
	uint32_t s_checkinterval;      /* 0x44 */
	uint32_t s_creator_os;         /* 0x48 */
	uint32_t s_rev_level;          /* 0x4C */
	uint16_t s_def_resuid;         /* 0x50 */
	uint16_t s_def_resgid;         /* 0x52 */
	/* EXT2_DYNAMIC_REV only */
	uint32_t s_first_ino;          /* 0x54 */
	uint16_t s_inode_size;         /* 0x58 */
	uint16_t s_block_group_nr;     /* 0x5A */
	uint32_t s_feature_compat;     /* 0x5C */
	uint32_t s_feature_incompat;   /* 0x60 */
	uint32_t s_feature_ro_compat;  /* 0x64 */
	uint8_t s_uuid[16];            /* 0x68 */
	char s_volume_name[16];        /* 0x78 */
	char s_last_mounted[64];       /* 0x88 */
	uint32_t s_algorithm_usage_bitmap; /* 0xC8 */
	uint8_t s_prealloc_blocks;     /* 0xCC */
	uint8_t s_prealloc_dir_blocks; /* 0xCD */
	uint16_t s_reserved_gdt_blocks; /* 0xCE */
	uint8_t s_journal_uuid[16];    /* 0xD0 */
	uint32_t s_journal_inum;       /* 0xE0 */
	uint32_t s_journal_dev;        /* 0xE4 */
	uint32_t s_last_orphan;        /* 0xE8 */
	uint32_t s_hash_seed[4];       /* 0xEC */
	uint8_t s_def_hash_version;    /* 0xFC */
	uint8_t s_jnl_backup_type;     /* 0xFD */
	uint16_t s_desc_size;          /* 0xFE */
	uint8_t s_rest[EXT2_SUPER_SIZE - 0x100];
};

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_flags;
	uint8_t bg_reserved[12];
};

struct ext2_inode {
	uint16_t i_mode;        /* 0 */
	uint16_t i_uid;         /* 2 */
	uint32_t i_size;        /* 4 */
	uint32_t i_atime;       /* 8 */
	uint32_t i_ctime;       /* 12 */
	uint32_t i_mtime;       /* 16 */
	uint32_t i_dtime;       /* 20 */
	uint16_t i_gid;         /* 24 */
	uint16_t i_links_count; /* 26 */
	uint32_t i_blocks;      /* 28: 512-byte units, indirect blocks included */
	uint32_t i_flags;       /* 32 */
	uint32_t i_osd1;        /* 36 */
	uint32_t i_block[EXT2_N_BLOCKS]; /* 40 */
	uint32_t i_generation;  /* 100 */
	uint32_t i_file_acl;    /* 104: extended attribute block */
	uint32_t i_size_high;   /* 108: i_dir_acl for directories */
	uint32_t i_faddr;       /* 112 */
	uint16_t i_blocks_hi;   /* 116 */
	uint16_t i_file_acl_high; /* 118 */
	uint16_t i_uid_high;    /* 120 */
	uint16_t i_gid_high;    /* 122 */
	uint16_t i_checksum_lo; /* 124 */
	uint16_t i_reserved;    /* 126 */
};

/* Bytes 128.. of a large inode begin with i_extra_isize. */
#define EXT2_INODE_EXTRA_ISIZE_OFF 128u
#define EXT2_NEW_EXTRA_ISIZE 32u
/* ... then (ext4's layout) the time stamps' extra words: nanoseconds << 2 | epoch bits. */
#define EXT2_CTIME_EXTRA_OFF 132u
#define EXT2_MTIME_EXTRA_OFF 136u
#define EXT2_ATIME_EXTRA_OFF 140u

/* i_mode */
#define EXT2_S_IFMT 0xF000u
#define EXT2_S_IFSOCK 0xC000u
#define EXT2_S_IFLNK 0xA000u
#define EXT2_S_IFREG 0x8000u
#define EXT2_S_IFBLK 0x6000u
#define EXT2_S_IFDIR 0x4000u
#define EXT2_S_IFCHR 0x2000u
#define EXT2_S_IFIFO 0x1000u

/* i_flags */
#define EXT2_INDEX_FL 0x00001000u /* hashed (htree) directory */

/* Directory entry: 8 bytes of header, then the name (not NUL-terminated); rec_len is a
 * multiple of 4 and the entries of a block exactly tile it. */
#define EXT2_DIRENT_HDR 8u
#define EXT2_DIR_REC_LEN(name_len) ((EXT2_DIRENT_HDR + (uint32_t)(name_len) + 3u) & ~3u)

/* file_type byte of a directory entry (INCOMPAT_FILETYPE) */
#define EXT2_FT_UNKNOWN 0u
#define EXT2_FT_REG_FILE 1u
#define EXT2_FT_DIR 2u
#define EXT2_FT_CHRDEV 3u
#define EXT2_FT_BLKDEV 4u
#define EXT2_FT_FIFO 5u
#define EXT2_FT_SOCK 6u
#define EXT2_FT_SYMLINK 7u

/* Extended attribute block header (only the reference count is used: freeing an
 * inode drops its reference to the block). */
#define EXT2_XATTR_MAGIC 0xEA020000u
#define EXT2_XATTR_REFCOUNT_OFF 4u

_Static_assert(sizeof(struct ext2_super) == EXT2_SUPER_SIZE, "superblock size");
_Static_assert(offsetof(struct ext2_super, s_magic) == 0x38, "s_magic");
_Static_assert(offsetof(struct ext2_super, s_rev_level) == 0x4C, "s_rev_level");
_Static_assert(offsetof(struct ext2_super, s_feature_ro_compat) == 0x64, "features");
_Static_assert(offsetof(struct ext2_super, s_algorithm_usage_bitmap) == 0xC8, "s_algo");
_Static_assert(offsetof(struct ext2_super, s_reserved_gdt_blocks) == 0xCE, "s_rsv_gdt");
_Static_assert(offsetof(struct ext2_super, s_desc_size) == 0xFE, "s_desc_size");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group descriptor size");
_Static_assert(sizeof(struct ext2_inode) == 128, "inode size");
_Static_assert(offsetof(struct ext2_inode, i_block) == 40, "i_block");
_Static_assert(offsetof(struct ext2_inode, i_generation) == 100, "i_generation");
_Static_assert(offsetof(struct ext2_inode, i_blocks_hi) == 116, "i_blocks_hi");

#endif
