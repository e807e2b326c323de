/*
 * rng.c - random streams: one GSL generator per purpose.
 *
 * A stream is named by its purpose and key ("arrival", "advocaat"). Its
 * seed mixes (master seed, replication, FNV-1a hash of the name) through
 * SplitMix64's finaliser (Steele, Lea & Flood, OOPSLA 2014), so a purpose
 * draws the same numbers in every scenario that has it, whatever other
 * streams exist (common random numbers), and replications are
 * independent. The generator is GSL's taus2 (L'Ecuyer's maximally
 * equidistributed combined Tausworthe generator, period 2^88): a few words
 * of state, where MT19937 keeps 2.5 kB per stream and a replication has
 * about ten streams per category plus two per open case, so the streams
 * stay in the cache. Its 32-bit seed is taken from the mixed 64-bit
 * value.
 *
 * A case's later draws (review efforts and outcomes, escalations) come
 * from the case's own two taus2 streams, seeded by bb_seq_key from the
 * case's identity (its category's stream name and its place in that
 * category's intake). A shared stream per purpose would hand its next
 * number to whichever case happens to need one first, so two scenarios
 * whose timing differs would give a case different review outcomes; with
 * streams per case they do not (common random numbers per case, whatever
 * the timing).
 */
#include "internal.h"

static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t bb_stream_seed(uint64_t master, int rep, const char *purpose,
                        const char *key)
{
    uint64_t h = fnv1a(0xcbf29ce484222325ULL, purpose);
    h = fnv1a(h ^ 0x2f, key);
    uint64_t z = mix64(master);
    z = mix64(z ^ (uint64_t)(uint32_t)rep * 0xd1342543de82ef95ULL);
    return mix64(z ^ h);
}

gsl_rng *bb_stream_new(uint64_t master, int rep, const char *purpose,
                       const char *key)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        return NULL;
    uint64_t s = bb_stream_seed(master, rep, purpose, key);
    unsigned long seed = (unsigned long)((s >> 32) ^ (s & 0xffffffffULL));
    gsl_rng_set(r, seed ? seed : 4357UL);
    return r;
}

uint64_t bb_seq_key(uint64_t base, uint64_t index, unsigned purpose)
{
    return mix64(mix64(base ^ mix64(index)) ^ (uint64_t)purpose * 0xd6e8feb86659fd93ULL);
}

