/* ksdist: the distributions behind the Kolmogorov-Smirnov p-values of
 * SPEC section 7, as scipy 1.10 computes them: the exact two-sample
 * distribution of D(n, m) (ks_2samp's method 'exact') and the exact
 * one-sample distribution of D_n (scipy.stats.kstwo, which 'asymp' uses
 * with n = round(n m / (n + m))).  Pure functions, no I/O; each returns NaN
 * for arguments outside its domain. */
#ifndef MLGATE_KSDIST_H
#define MLGATE_KSDIST_H

#include <stdint.h>

/* P(D(n, m) >= h / lcm(n, m)) for two samples of sizes n and m from the
 * same continuous distribution, h >= 0 an integer.  *ok is 0 when the
 * computation gives up as scipy's does (the probability it finds is not in
 * [0, 1]) or when it would need more than KSDIST_MAX_CELLS lattice points;
 * the result is then NaN and the caller falls back to kstwo. */
#define KSDIST_MAX_CELLS 1e9
double ksdist_2samp_exact(uint64_t n, uint64_t m, uint64_t h, int *ok);

/* The greatest common divisor (0 only for gcd(0, 0)). */
uint64_t ksdist_gcd(uint64_t a, uint64_t b);

/* scipy.stats.kstwo.sf(x, n): P(D_n >= x), D_n = sup |F_n - F| of n
 * uniform values (scipy's _kolmogn: Simard and L'Ecuyer's choice among
 * Ruben-Gambino, the Durbin matrix, Pelz-Good and Smirnov's formula). */
double ksdist_kstwo_sf(double x, uint64_t n);

/* scipy.special.smirnov(n, x): P(D_n^+ >= x), one-sided (exposed for
 * tests). */
double ksdist_smirnov(uint64_t n, double x);

/* P(D_n <= x) by the Durbin matrix (Marsaglia, Tsang and Wang), exact
 * for any x; O(k^3 log n) with k = ceil(n x) (exposed for tests). */
double ksdist_durbin_cdf(uint64_t n, double x);

#endif
