/* test_vm_mincore.c - vm_mincore: the argument checks, one VMA per answer, the page
 * count of a length that is not a multiple of a page, the cap, and what the
 * environment's resident callback says page by page. */
#include "test_vm_env.h"

/* The environment's answer: pages of the test area whose bit is set here. */
static uint64_t resident_bits;
static int resident_calls;

static bool resident(void *ctx, struct vm_mm *mm, const struct vm_area *v, uint64_t va)
{
	(void)ctx, (void)mm;
	resident_calls++;
	return va >= v->start && va < v->end && ((resident_bits >> ((va - TB) / PG)) & 1);
}

static struct vm_mm *reset(uint64_t bits)
{
	struct vm_mm *mm = tenv_reset();
	T.env.resident = resident;
	resident_bits = bits;
	resident_calls = 0;
	return mm;
}

/* vec[0..n) as "1010", '?' for a byte that is neither 0 nor 1. */
static const char *bytes(const uint8_t *vec, int n)
{
	static char s[64];
	for (int i = 0; i < n; i++)
		s[i] = vec[i] <= 1 ? (char)('0' + vec[i]) : '?';
	s[n] = 0;
	return s;
}

TEST(mincore_answers_per_page_within_one_vma)
{
	struct vm_mm *mm = reset(0x5);   /* pages 0 and 2 */
	uint8_t vec[16];
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	memset(vec, 0x55, sizeof vec);
	CHECK_EQ(vm_mincore(mm, P(0), 4 * PG, vec, 16), 4);
	CHECK_STR(bytes(vec, 5), "1010?");
	CHECK_EQ(resident_calls, 4);
	memset(vec, 0x55, sizeof vec);
	CHECK_EQ(vm_mincore(mm, P(2), 1, vec, 16), 1);            /* a byte: one page */
	CHECK_STR(bytes(vec, 2), "1?");
	CHECK_EQ(vm_mincore(mm, P(1), PG + 1, vec, 16), 2);       /* rounded up */
	CHECK_STR(bytes(vec, 2), "01");
	CHECK_EQ(vm_mincore(mm, P(0), 4 * PG, vec, 3), 3);        /* the cap */
	CHECK_EQ(vm_mincore(mm, P(0), 0, vec, 16), 0);
	CHECK_INV();
}

TEST(mincore_stops_at_the_vma_end_and_at_holes)
{
	struct vm_mm *mm = reset(0x3f);
	uint8_t vec[16];
	CHECK(tmap(0, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(2, 2, RO, ANON_PRIV) >= 0);                    /* no merge: other prot */
	CHECK(tmap(5, 1, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mincore(mm, P(0), 6 * PG, vec, 16), 2);       /* the first VMA only */
	CHECK_EQ(vm_mincore(mm, P(2), 4 * PG, vec, 16), 2);       /* up to the hole */
	CHECK_EQ(vm_mincore(mm, P(4), 2 * PG, vec, 16), -VM_ENOMEM);   /* the hole */
	CHECK_EQ(vm_mincore(mm, P(5), PG, vec, 16), 1);
	CHECK_EQ(vm_mincore(mm, P(6), PG, vec, 16), -VM_ENOMEM);  /* above every VMA */
	CHECK_INV();
}

TEST(mincore_argument_checks)
{
	struct vm_mm *mm = reset(0);
	uint8_t vec[4];
	CHECK(tmap(0, 1, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mincore(mm, P(0) + 8, PG, vec, 4), -VM_EINVAL);
	CHECK_EQ(vm_mincore(mm, P(0) + 8, 0, vec, 4), -VM_EINVAL);      /* before length 0 */
	CHECK_EQ(vm_mincore(mm, 1ull << 62, PG, vec, 4), -VM_ENOMEM);    /* past task_size */
	CHECK_EQ(vm_mincore(mm, P(0), -1ull, vec, 4), -VM_ENOMEM);       /* wraps */
	CHECK_EQ(vm_mincore(mm, mm->task_size - PG, PG, vec, 4), -VM_ENOMEM);   /* unmapped */
	CHECK_EQ(vm_mincore(mm, mm->task_size, 0, vec, 4), 0);
	CHECK_EQ(vm_mincore(mm, P(0), PG, vec, 4), 1);
	CHECK_STR(bytes(vec, 1), "0");
	T.env.resident = 0;                                        /* no callback: none */
	vec[0] = 7;
	CHECK_EQ(vm_mincore(mm, P(0), PG, vec, 4), 1);
	CHECK_STR(bytes(vec, 1), "0");
	CHECK_INV();
}

CHECK_MAIN()
