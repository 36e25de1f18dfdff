/* A churn-like CSV of the same shape as ../shared/bench/gen_data.py (20
 * columns, the same kinds of values, nulls written as empty fields or NA),
 * for `make bench` on machines without Debian's python3-numpy/pandas.  Not
 * byte-identical to the Python generator; deterministic for a given seed.
 * Usage: gen_churn ROWS SEED [--shift] > out.csv */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void) /* splitmix64 */
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double unif(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static double normal(double mu, double sd)
{
	double u = unif(), v = unif();
	if (u < 1e-300)
		u = 1e-300;
	return mu + sd * sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static int poisson(double lambda)
{
	double l = exp(-lambda), p = 1;
	int k = 0;
	do {
		k++;
		p *= unif();
	} while (p > l);
	return k - 1;
}

static int pick(const double *p, int n)
{
	double u = unif(), c = 0;
	for (int i = 0; i < n; i++) {
		c += p[i];
		if (u < c)
			return i;
	}
	return n - 1;
}

int main(int argc, char **argv)
{
	static const char *genders[] = {"F", "M", "X"};
	static const double gender_p[] = {0.49, 0.49, 0.02};
	static const char *contracts[] = {"month-to-month", "one-year", "two-year"};
	static const double contract_ref[] = {0.55, 0.25, 0.20};
	static const double contract_shift[] = {0.68, 0.20, 0.12};
	static const char *payments[] = {"card", "bank-transfer", "e-check", "mailed-check"};
	static const double payment_p[] = {0.35, 0.30, 0.25, 0.10};
	double region_p[50], plan_p[200], s = 0;
	long rows;
	int shift;
	static char buf[1 << 16];

	if (argc < 3) {
		fputs("usage: gen_churn ROWS SEED [--shift]\n", stderr);
		return 2;
	}
	rows = atol(argv[1]);
	state = (uint64_t)atoll(argv[2]) * 0x2545f4914f6cdd1dULL + 1;
	shift = argc > 3 && strcmp(argv[3], "--shift") == 0;
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	for (int i = 0; i < 50; i++)
		s += region_p[i] = 1 / sqrt(i + 1.0);
	for (int i = 0; i < 50; i++)
		region_p[i] /= s;
	s = 0;
	for (int i = 0; i < 200; i++)
		s += plan_p[i] = 1 / pow(i + 1.0, 1.1);
	for (int i = 0; i < 200; i++)
		plan_p[i] /= s;
	puts("customer_id,signup_date,age,tenure_months,monthly_charges,total_charges,"
	     "avg_session_min,num_logins_30d,support_tickets,data_usage_gb,discount_pct,"
	     "satisfaction_score,last_payment_days,credit_score,gender,contract,"
	     "payment_method,region,plan_code,churn");
	for (long r = 0; r < rows; r++) {
		int days = (int)(unif() * 3653), y = 2015, m = 1;
		static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		int age = (int)lrint(normal(44, 14)), tenure = (int)(unif() * 73);
		int contract = pick(shift ? contract_shift : contract_ref, 3);
		int logins = poisson(12), tickets = poisson(1.2);
		double sat = round((1 + 9 * unif()) * 10) / 10, z;

		for (;;) {
			int yd = (y % 4 == 0) ? 366 : 365;
			if (days < yd)
				break;
			days -= yd;
			y++;
		}
		for (;; m++) {
			int md = mdays[m - 1] + (m == 2 && y % 4 == 0);
			if (days < md)
				break;
			days -= md;
		}
		if (age < 18)
			age = 18;
		if (age > 90)
			age = 90;
		printf("C%09ld,%04d-%02d-%02d,%d,%d,", r, y, m, days + 1, age, tenure);
		if (unif() < 0.02) printf(","); else printf("%.2f,", normal(70 + (shift ? 8 : 0), 25));
		if (unif() < 0.03) printf(","); else printf("%.2f,", exp(normal(7, 1)));
		if (unif() < 0.05) printf(","); else printf("%.2f,", exp(normal(2.5 + (shift ? 0.25 : 0), 0.6)));
		printf("%d,%d,", logins, tickets);
		if (unif() < 0.01) printf("NA,"); else printf("%.3f,", exp(normal(1.5, 0.9)));
		printf("%.2f,%.1f,", 30 * unif(), sat);
		if (unif() < 0.02) printf(","); else printf("%d,", (int)(unif() * 61));
		if (unif() < 0.04) printf(","); else printf("%ld,", lrint(normal(650 - (shift ? 25 : 0), 80)));
		if (unif() < 0.01) printf(","); else printf("%s,", genders[pick(gender_p, 3)]);
		printf("%s,", contracts[contract]);
		if (unif() < 0.03) printf(","); else printf("%s,", payments[pick(payment_p, 4)]);
		if (unif() < 0.02) printf(","); else printf("R%02d,", pick(region_p, 50));
		if (unif() < 0.01) printf("NA,"); else printf("PLAN-%03d,", pick(plan_p, 200));
		z = -1.2 + 0.9 * (contract == 0) - 0.025 * tenure + 0.25 * tickets -
		    0.15 * (sat - 5.5) - 0.02 * (logins - 12);
		printf("%d\n", unif() < 1 / (1 + exp(-z)));
	}
	return fflush(stdout) != 0;
}
