namespace McpModule.Execution.Kex
{
    /// The constant-time sorting network sntrup761 draws its short polynomials with (supercop's
    /// crypto_sort int32/portable4): which comparisons run depends on the length only, so the
    /// time tells nothing of where the secret's nonzero coefficients fall.
    internal static class Sntrup761Sort
    {
        public static void SortUInt32(uint[] x)
        {
            var a = new int[x.Length];
            for (var i = 0; i < x.Length; i++) a[i] = (int)(x[i] ^ 0x80000000u);
            SortInt32(a);
            for (var i = 0; i < x.Length; i++) x[i] = (uint)a[i] ^ 0x80000000u;
        }

        // Swaps a and b when a > b, without a branch.
        private static void MinMax(ref int a, ref int b)
        {
            long ab = (long)b ^ a;
            long c = (long)b - a;
            c ^= ab & (c ^ b);
            c >>= 31;
            c &= ab;
            a ^= (int)c;
            b ^= (int)c;
        }

        public static void SortInt32(int[] x)
        {
            long n = x.Length;
            if (n < 2) return;
            long top = 1;
            while (top < n - top) top += top;
            for (var p = top; p >= 1; p >>= 1)
            {
                long i = 0;
                while (i + 2 * p <= n)
                {
                    for (var j = i; j < i + p; ++j) MinMax(ref x[j], ref x[j + p]);
                    i += 2 * p;
                }
                for (var j = i; j < n - p; ++j) MinMax(ref x[j], ref x[j + p]);

                i = 0;
                long jj = 0;
                for (var q = top; q > p; q >>= 1)
                {
                    var done = false;
                    if (jj != i)
                    {
                        for (; ; )
                        {
                            if (jj == n - q) { done = true; break; }
                            var a = x[jj + p];
                            for (var r = q; r > p; r >>= 1) MinMax(ref a, ref x[jj + r]);
                            x[jj + p] = a;
                            ++jj;
                            if (jj == i + p)
                            {
                                i += 2 * p;
                                break;
                            }
                        }
                    }
                    if (done) continue;
                    while (i + p <= n - q)
                    {
                        for (jj = i; jj < i + p; ++jj)
                        {
                            var a = x[jj + p];
                            for (var r = q; r > p; r >>= 1) MinMax(ref a, ref x[jj + r]);
                            x[jj + p] = a;
                        }
                        i += 2 * p;
                    }
                    // now i + p > n - q
                    jj = i;
                    while (jj < n - q)
                    {
                        var a = x[jj + p];
                        for (var r = q; r > p; r >>= 1) MinMax(ref a, ref x[jj + r]);
                        x[jj + p] = a;
                        ++jj;
                    }
                }
            }
        }
    }
}
