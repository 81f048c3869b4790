// The most fused multiply-adds this machine's cores do from native code, at each vector width the
// CPU has (128, 256 and 512 bits): 12 independent chains of FMAs a thread, no loads or stores,
// on one thread alone and then on every core at once. The native side of bench/peak/run.mjs:
// WebAssembly has 128-bit vectors only, so these say what the native peers can reach that
// Neurite cannot. Built by bench/peak/run.mjs with the system's C compiler (cc -O2 -pthread);
// prints one `RESULT {json}` line per width. Usage: native <threads> <iterations> [bits]
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

// One body for every width: V is the vector type, FMA its fused multiply-add, SET its splat.
// The empty asm keeps each chain in a register and the loop from being folded away.
#define CHAINS(name, isa, V, SET, FMA, lanes)                                                   \
  __attribute__((target(isa))) static double name(long n) {                                \
    V m = SET(0.999999f), c = SET(1e-7f);                                                      \
    V a0 = SET(1.00f), a1 = SET(1.01f), a2 = SET(1.02f), a3 = SET(1.03f), a4 = SET(1.04f);     \
    V a5 = SET(1.05f), a6 = SET(1.06f), a7 = SET(1.07f), a8 = SET(1.08f), a9 = SET(1.09f);     \
    V a10 = SET(1.10f), a11 = SET(1.11f);                                                      \
    double t = now();                                                                          \
    for (long i = 0; i < n; i++) {                                                             \
      a0 = FMA(a0, m, c); a1 = FMA(a1, m, c); a2 = FMA(a2, m, c); a3 = FMA(a3, m, c);          \
      a4 = FMA(a4, m, c); a5 = FMA(a5, m, c); a6 = FMA(a6, m, c); a7 = FMA(a7, m, c);          \
      a8 = FMA(a8, m, c); a9 = FMA(a9, m, c); a10 = FMA(a10, m, c); a11 = FMA(a11, m, c);      \
      __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5),         \
                       "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));           \
    }                                                                                          \
    return (double)n * 12 * (lanes) * 2 / (now() - t) / 1e9;                                  \
  }

CHAINS(fma128, "avx2,fma", __m128, _mm_set1_ps, _mm_fmadd_ps, 4)
CHAINS(fma256, "avx2,fma", __m256, _mm256_set1_ps, _mm256_fmadd_ps, 8)
CHAINS(fma512, "avx512f", __m512, _mm512_set1_ps, _mm512_fmadd_ps, 16)

typedef double (*Chains)(long);
typedef struct {
  Chains run;
  long n;
  double gflops;
} Job;

static void *work(void *p) {
  Job *j = p;
  j->run(j->n / 10);  // warm: the clock up, the code in cache
  j->gflops = j->run(j->n);
  return NULL;
}

// GFLOP/s of `threads` threads at once, summed
static double together(Chains run, int threads, long n) {
  pthread_t id[64];
  Job jobs[64];
  double sum = 0;
  for (int i = 0; i < threads; i++) {
    jobs[i] = (Job){run, n, 0};
    pthread_create(&id[i], NULL, work, &jobs[i]);
  }
  for (int i = 0; i < threads; i++) {
    pthread_join(id[i], NULL);
    sum += jobs[i].gflops;
  }
  return sum;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  long n = argc > 2 ? atol(argv[2]) : 200000000;
  int only = argc > 3 ? atoi(argv[3]) : 0;
  if (threads < 1 || threads > 64) threads = 2;
  __builtin_cpu_init();
  const struct { int bits; Chains run; } widths[] = {{128, fma128}, {256, fma256}, {512, fma512}};
  for (int w = 0; w < 3; w++) {
    // the feature test needs a literal name, hence the two branches
    int has = w < 2 ? __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2") : __builtin_cpu_supports("avx512f");
    if (!has || (only && widths[w].bits != only)) continue;
    double one = together(widths[w].run, 1, n), all = together(widths[w].run, threads, n);
    printf("RESULT {\"bits\":%d,\"one\":%.2f,\"all\":%.2f,\"threads\":%d}\n", widths[w].bits, one, all, threads);
  }
  return 0;
}
