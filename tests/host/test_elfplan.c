/* test_elfplan.c - lib/exec's load plan: the layouts real programs have (static, static-
 * pie, native, .bss in a file page, a .bss-only segment) and each way an image is refused,
 * one check at a time on an otherwise good image. */
#include <string.h>
#include "check.h"
#include "exec/elfplan.h"

#define PAGE 4096
#define FILE_SIZE 0x3000
static uint8_t img[2 * PAGE] __attribute__((aligned(8)));
static struct elf64_ehdr *eh = (struct elf64_ehdr *)img;
static struct elf64_phdr *ph = (struct elf64_phdr *)(img + 64);
static struct elfplan pl;

/* A good static program, as riscv64-linux-gnu-gcc -static lays one out: PT_PHDR, text
 * (with the headers) at 0x10000, data whose .bss starts inside its last file page, and
 * a PT_GNU_STACK. */
static void good(void)
{
	memset(img, 0, sizeof img);
	memcpy(eh->e_ident, "\177ELF\2\1\1", 7);
	eh->e_type = ET_EXEC, eh->e_machine = EM_RISCV, eh->e_version = 1;
	eh->e_entry = 0x10100, eh->e_phoff = 64, eh->e_phentsize = sizeof *ph, eh->e_phnum = 4;
	ph[0] = (struct elf64_phdr){PT_PHDR, PF_R, 64, 0x10040, 0x10040, 4 * 56, 4 * 56, 8};
	ph[1] = (struct elf64_phdr){PT_LOAD, PF_R | PF_X, 0, 0x10000, 0x10000, 0x1800, 0x1800, PAGE};
	ph[2] = (struct elf64_phdr){PT_LOAD, PF_R | PF_W, 0x1800, 0x12800, 0x12800, 0x900, 0x2000, PAGE};
	ph[3] = (struct elf64_phdr){0x6474e551, PF_R | PF_W, 0, 0, 0, 0, 0, 16};   /* PT_GNU_STACK */
}

static enum elfplan_error plan(void) { return elfplan_make(img, PAGE, FILE_SIZE, &pl); }

TEST(static_program_plan)
{
	good();
	CHECK_EQ(plan(), ELFPLAN_OK);
	CHECK(pl.eh == eh && pl.ph == ph);
	CHECK_EQ(pl.native, 0);
	CHECK_EQ(pl.bias, 0);
	CHECK_EQ(pl.entry, 0x10100);
	CHECK_EQ(pl.phdr, 0x10040);
	CHECK_EQ(pl.brk, 0x15000);              /* 0x12800 + 0x2000, rounded up */
	CHECK_EQ(pl.bss[0], 0x13100);           /* data's file bytes end inside a page */
	CHECK_EQ(pl.bss[1], 0);
	CHECK(elfplan_loads(&ph[1]) && elfplan_loads(&ph[2]) && !elfplan_loads(&ph[0]) && !elfplan_loads(&ph[3]));
	struct elfplan_seg s = elfplan_segment(&ph[2], 0);
	CHECK_EQ(s.page, 0x12000);
	CHECK_EQ(s.off, 0x1000);
	CHECK_EQ(s.file_end, 0x14000);
	CHECK_EQ(s.end, 0x15000);
	CHECK_EQ(s.prot, PF_R | PF_W);
	s = elfplan_segment(&ph[1], 0);
	CHECK(s.page == 0x10000 && s.off == 0 && s.file_end == 0x12000 && s.end == 0x12000);
}

TEST(phdr_found_in_a_load_without_pt_phdr)
{
	good();
	ph[0].p_type = 0x6474e552;   /* PT_GNU_RELRO: no PT_PHDR left */
	CHECK_EQ(plan(), ELFPLAN_OK);
	CHECK_EQ(pl.phdr, 0x10040);   /* text maps file offset 64 there */
	eh->e_phoff = 64, ph[1].p_offset = 0x1000, ph[1].p_vaddr = 0x11000, ph[1].p_filesz = ph[1].p_memsz = 0x800;
	eh->e_entry = 0x11100;
	CHECK_EQ(plan(), ELFPLAN_OK);
	CHECK_EQ(pl.phdr, 0);         /* no segment maps the headers */
}

TEST(static_pie_biased)
{
	good();
	eh->e_type = ET_DYN;
	CHECK_EQ(plan(), ELFPLAN_OK);
	CHECK_EQ(pl.bias, ELF_ET_DYN_BASE);
	CHECK_EQ(pl.entry, ELF_ET_DYN_BASE + 0x10100);
	CHECK_EQ(pl.phdr, ELF_ET_DYN_BASE + 0x10040);
	CHECK_EQ(pl.bss[0], ELF_ET_DYN_BASE + 0x13100);
	CHECK_EQ(pl.brk, ELF_ET_DYN_BASE + 0x15000);
	CHECK_EQ(elfplan_segment(&ph[2], pl.bias).page, ELF_ET_DYN_BASE + 0x12000);
}

TEST(native_marked)
{
	good();
	eh->e_ident[EI_OSABI] = ELF_OSABI_NATIVE;
	CHECK_EQ(plan(), ELFPLAN_OK);
	CHECK_EQ(pl.native, 1);
}

TEST(bss_only_segment_needs_no_zeroing)
{
	good();   /* a third PT_LOAD with no file bytes at an address inside a page */
	ph[3] = (struct elf64_phdr){PT_LOAD, PF_R | PF_W, 0x10, 0x20010, 0x20010, 0, 0x100, PAGE};
	CHECK_EQ(plan(), ELFPLAN_OK);
	CHECK_EQ(pl.bss[0], 0x13100);
	CHECK_EQ(pl.bss[1], 0);   /* its page is anonymous: nothing of the file to zero */
	struct elfplan_seg s = elfplan_segment(&ph[3], 0);
	CHECK(s.page == 0x20000 && s.file_end == 0x20000 && s.end == 0x21000);
	CHECK_EQ(pl.brk, 0x21000);
}

TEST(empty_segments_skipped)
{
	good();
	ph[3] = (struct elf64_phdr){PT_LOAD, PF_R, 0, 0, 0, 0, 0, PAGE};   /* memsz 0: anything goes */
	CHECK_EQ(plan(), ELFPLAN_OK);
}

TEST(only_the_first_page_is_read)
{
	good();
	CHECK_EQ(elfplan_make(img, sizeof img, FILE_SIZE, &pl), ELFPLAN_OK);
	eh->e_phoff = PAGE - 56, eh->e_phnum = 2;   /* the second header in the next page */
	CHECK_EQ(elfplan_make(img, sizeof img, FILE_SIZE, &pl), ELFPLAN_E_PHDRS);
}

TEST(short_header_refused)
{
	good();
	CHECK_EQ(elfplan_make(img, 0, FILE_SIZE, &pl), ELFPLAN_E_SHORT);
	CHECK_EQ(elfplan_make(img, 63, FILE_SIZE, &pl), ELFPLAN_E_SHORT);
	CHECK_EQ(elfplan_make(img, 64, FILE_SIZE, &pl), ELFPLAN_E_PHDRS);   /* headers past the bytes given */
}

TEST(ident_refused)
{
	for (int i = 0; i < 6; i++) {
		good();
		img[i] ^= 0x40;   /* magic, ELFCLASS64, ELFDATA2LSB */
		CHECK_EQ(plan(), ELFPLAN_E_IDENT);
	}
}

TEST(machine_and_type_refused)
{
	good();
	eh->e_machine = 62;   /* EM_X86_64 */
	CHECK_EQ(plan(), ELFPLAN_E_MACHINE);
	good();
	eh->e_type = 1;   /* ET_REL */
	CHECK_EQ(plan(), ELFPLAN_E_TYPE);
	eh->e_type = 4;   /* ET_CORE */
	CHECK_EQ(plan(), ELFPLAN_E_TYPE);
}

TEST(program_headers_refused)
{
	good();
	eh->e_phentsize = 32;
	CHECK_EQ(plan(), ELFPLAN_E_PHDRS);
	good();
	eh->e_phoff = 68;   /* misaligned: the fuzzer's first find (read in place) */
	CHECK_EQ(plan(), ELFPLAN_E_PHDRS);
	good();
	eh->e_phoff = PAGE + 8;
	CHECK_EQ(plan(), ELFPLAN_E_PHDRS);
	good();
	eh->e_phnum = 0xffff;
	CHECK_EQ(plan(), ELFPLAN_E_PHDRS);
	good();
	eh->e_phnum = (PAGE - 64) / 56 + 1;
	CHECK_EQ(plan(), ELFPLAN_E_PHDRS);
	eh->e_phnum = (PAGE - 64) / 56;   /* just fits; the rest are PT_NULL */
	CHECK_EQ(plan(), ELFPLAN_OK);
}

TEST(interpreter_refused)
{
	good();
	ph[3].p_type = PT_INTERP;   /* even after the loads */
	CHECK_EQ(plan(), ELFPLAN_E_INTERP);
}

/* Each malformed field of the data segment, in turn. */
TEST(segment_refused)
{
	static const struct { int field; uint64_t v; } bad[] = {
		{0, ELFPLAN_TOP + 1},               /* p_vaddr above the top */
		{0, 0x3effffff00},                  /* ends above the top */
		{0, 0xfffffffffffff800},            /* wraps */
		{0, 0x800},                         /* in page 0 */
		{0, 0x12900},                       /* not congruent to the offset */
		{1, 0x3000},                        /* p_filesz > p_memsz */
		{1, 0x1801},                        /* file bytes past the file's end */
		{2, 0xfffffffffffff800},            /* offset + filesz wraps */
		{3, 0xffffffffffffff00},            /* memsz wraps */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		good();
		struct elf64_phdr *d = &ph[2];
		if (bad[i].field == 0)
			d->p_vaddr = bad[i].v;
		else if (bad[i].field == 1)
			d->p_filesz = bad[i].v;
		else if (bad[i].field == 2)
			d->p_offset = bad[i].v;
		else
			d->p_memsz = bad[i].v;
		if (plan() != ELFPLAN_E_SEGMENT) {
			snprintf(check_msg, sizeof check_msg, "case %zu: %d", i, plan());
			check_failed_now = 1;
			return;
		}
	}
}

TEST(bias_past_the_top_refused)
{
	good();
	eh->e_type = ET_DYN;
	ph[2].p_vaddr = ELFPLAN_TOP - ELF_ET_DYN_BASE - 0x1800;   /* fits unbiased only */
	ph[2].p_vaddr += 0x800 - (ph[2].p_vaddr & 0xfff);
	CHECK_EQ(plan(), ELFPLAN_E_SEGMENT);
}

TEST(order_and_overlap_refused)
{
	good();
	ph[2].p_vaddr = 0x10800;   /* inside text */
	CHECK_EQ(plan(), ELFPLAN_E_ORDER);
	good();
	struct elf64_phdr t = ph[1];
	ph[1] = ph[2], ph[2] = t;   /* data before text */
	CHECK_EQ(plan(), ELFPLAN_E_ORDER);
	good();
	ph[2].p_vaddr = 0x11800, ph[2].p_offset = 0x1800;   /* right after text's end: fine */
	CHECK_EQ(plan(), ELFPLAN_OK);
}

TEST(no_load_refused)
{
	good();
	ph[1].p_type = ph[2].p_type = PT_PHDR;
	CHECK_EQ(plan(), ELFPLAN_E_NO_LOAD);
	good();
	ph[1].p_memsz = ph[1].p_filesz = ph[2].p_memsz = ph[2].p_filesz = 0;
	CHECK_EQ(plan(), ELFPLAN_E_NO_LOAD);
}

TEST(bss_pages_refused)
{
	good();   /* a second and a third segment with .bss in a file page */
	ph[3] = (struct elf64_phdr){PT_LOAD, PF_R | PF_W, 0x2100, 0x20100, 0x20100, 0x100, 0x200, PAGE};
	CHECK_EQ(plan(), ELFPLAN_OK);
	CHECK_EQ(pl.bss[1], 0x20200);
	eh->e_phnum = 5;
	ph[4] = (struct elf64_phdr){PT_LOAD, PF_R | PF_W, 0x2400, 0x30400, 0x30400, 0x100, 0x200, PAGE};
	CHECK_EQ(plan(), ELFPLAN_E_BSS);
	good();   /* the next segment in the page data's .bss starts in */
	ph[3] = (struct elf64_phdr){PT_LOAD, PF_R, 0x1a00, 0x14a00, 0x14a00, 0x100, 0x100, PAGE};
	ph[2].p_memsz = 0x1000;   /* data ends at 0x13800 */
	ph[3].p_vaddr = 0x13a00, ph[3].p_offset = 0x2a00;
	CHECK_EQ(plan(), ELFPLAN_E_BSS);
	ph[3].p_vaddr = 0x14a00, ph[3].p_offset = 0x2a00;   /* the page after: fine */
	CHECK_EQ(plan(), ELFPLAN_OK);
}

TEST(entry_outside_the_segments_refused)
{
	good();
	eh->e_entry = 0x12000;   /* between text and data */
	CHECK_EQ(plan(), ELFPLAN_E_ENTRY);
	eh->e_entry = 0;
	CHECK_EQ(plan(), ELFPLAN_E_ENTRY);
	eh->e_entry = 0x147ff;   /* data's last byte */
	CHECK_EQ(plan(), ELFPLAN_OK);
}

CHECK_MAIN()
