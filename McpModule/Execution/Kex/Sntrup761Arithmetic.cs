namespace McpModule.Execution.Kex
{
    /// The ring arithmetic of Streamlined NTRU Prime 761 (R3 = Z3[x]/(x^p-x-1), Rq the same mod
    /// q), after the public-domain reference (supercop sntrup761/ref, as in OpenSSH's sntrup761.c),
    /// computing the same values with fewer reductions: a product's sums are exact in int and
    /// reduced once per coefficient instead of after every term. Everything that touches secret
    /// values runs without data-dependent branches or table lookups, as the reference does.
    internal static class Sntrup761Arithmetic
    {
        public const int P = 761;
        public const int Q = 4591;
        public const int Q12 = (Q - 1) / 2;
        public const int W = 286;

        /// x mod q in -q12..q12, for |x| < 2^30. round(x/q) from a 32-bit fixed-point
        /// reciprocal is off by at most one; one correction on each side settles it.
        public static int FreezeQ(int x)
        {
            var t = (int)(((long)x * 935519L + (1L << 31)) >> 32);
            var r = x - t * Q;
            r -= Q & ((Q12 - r) >> 31);
            r += Q & ((r + Q12) >> 31);
            return r;
        }

        /// x mod 3 in -1..1, for |x| < 2^14.
        public static int Freeze3(int x)
        {
            var t = (x * 21846 + 32768) >> 16;
            var r = x - t * 3;
            r -= 3 & ((1 - r) >> 31);
            r += 3 & ((r + 1) >> 31);
            return r;
        }

        /// -1 when x is not 0, else 0.
        public static int NonzeroMask(int x) => -(int)((uint)-(x & 0xffff) >> 31);

        /// -1 when x (as a 16-bit value) is negative, else 0.
        public static int NegativeMask(int x) => -((x >> 15) & 1);

        /// h = f*g in Rq, g small.
        public static void RqMultSmall(short[] h, short[] f, sbyte[] g)
        {
            var fg = new int[P + P - 1];
            for (var i = 0; i < P; i++)
            {
                int fi = f[i];
                for (var j = 0; j < P; j++) fg[i + j] += fi * g[j];
            }
            Reduce(fg);
            for (var i = 0; i < P; i++) h[i] = (short)FreezeQ(fg[i]);
        }

        /// h = f*g in R3.
        public static void R3Mult(sbyte[] h, sbyte[] f, sbyte[] g)
        {
            var fg = new int[P + P - 1];
            for (var i = 0; i < P; i++)
            {
                int fi = f[i];
                for (var j = 0; j < P; j++) fg[i + j] += fi * g[j];
            }
            Reduce(fg);
            for (var i = 0; i < P; i++) h[i] = (sbyte)Freeze3(fg[i]);
        }

        // x^p = x + 1: fold the top terms down, highest first (a folded term never lands at or above p).
        private static void Reduce(int[] fg)
        {
            for (var i = P + P - 2; i >= P; i--)
            {
                fg[i - P] += fg[i];
                fg[i - P + 1] += fg[i];
            }
        }

        /// out = 1/in in R3; 0 when in is invertible, else -1 (out then meaningless).
        /// The reference's constant-time divstep loop, 2p-1 rounds whatever the input.
        public static int R3Recip(sbyte[] output, sbyte[] input)
        {
            var f = new sbyte[P + 1];
            var g = new sbyte[P + 1];
            var v = new sbyte[P + 1];
            var r = new sbyte[P + 1];
            r[0] = 1;
            f[0] = 1;
            f[P - 1] = f[P] = -1;
            for (var i = 0; i < P; i++) g[P - 1 - i] = input[i];
            var delta = 1;
            for (var loop = 0; loop < 2 * P - 1; loop++)
            {
                System.Buffer.BlockCopy(v, 0, v, 1, P);
                v[0] = 0;
                var sign = -g[0] * f[0];
                var swap = NegativeMask(-delta) & NonzeroMask(g[0]);
                delta ^= swap & (delta ^ -delta);
                delta += 1;
                for (var i = 0; i < P + 1; i++)
                {
                    var t = swap & (f[i] ^ g[i]);
                    f[i] = (sbyte)(f[i] ^ t);
                    g[i] = (sbyte)(g[i] ^ t);
                    t = swap & (v[i] ^ r[i]);
                    v[i] = (sbyte)(v[i] ^ t);
                    r[i] = (sbyte)(r[i] ^ t);
                }
                // g + sign*f and r + sign*v lie in -2..2: one correction each way reduces them
                for (var i = 0; i < P + 1; i++)
                {
                    var x = g[i] + sign * f[i];
                    x += 3 & ((x + 1) >> 31);
                    x -= 3 & ((1 - x) >> 31);
                    g[i] = (sbyte)x;
                    x = r[i] + sign * v[i];
                    x += 3 & ((x + 1) >> 31);
                    x -= 3 & ((1 - x) >> 31);
                    r[i] = (sbyte)x;
                }
                System.Buffer.BlockCopy(g, 1, g, 0, P);
                g[P] = 0;
            }
            var s = f[0];
            for (var i = 0; i < P; i++) output[i] = (sbyte)(s * v[P - 1 - i]);
            return NonzeroMask(delta);
        }

        /// out = 1/(3*in) in Rq; 0 when invertible, else -1.
        public static int RqRecip3(short[] output, sbyte[] input)
        {
            var f = new short[P + 1];
            var g = new short[P + 1];
            var v = new short[P + 1];
            var r = new short[P + 1];
            r[0] = (short)RecipQ(3);
            f[0] = 1;
            f[P - 1] = f[P] = -1;
            for (var i = 0; i < P; i++) g[P - 1 - i] = input[i];
            var delta = 1;
            for (var loop = 0; loop < 2 * P - 1; loop++)
            {
                System.Buffer.BlockCopy(v, 0, v, 2, 2 * P);
                v[0] = 0;
                var swap = NegativeMask(-delta) & NonzeroMask(g[0]);
                delta ^= swap & (delta ^ -delta);
                delta += 1;
                for (var i = 0; i < P + 1; i++)
                {
                    var t = swap & (f[i] ^ g[i]);
                    f[i] = (short)(f[i] ^ t);
                    g[i] = (short)(g[i] ^ t);
                    t = swap & (v[i] ^ r[i]);
                    v[i] = (short)(v[i] ^ t);
                    r[i] = (short)(r[i] ^ t);
                }
                int f0 = f[0], g0 = g[0];
                for (var i = 0; i < P + 1; i++)
                {
                    g[i] = (short)FreezeQ(f0 * g[i] - g0 * f[i]);
                    r[i] = (short)FreezeQ(f0 * r[i] - g0 * v[i]);
                }
                System.Buffer.BlockCopy(g, 2, g, 0, 2 * P);
                g[P] = 0;
            }
            var scale = RecipQ(f[0]);
            for (var i = 0; i < P; i++) output[i] = (short)FreezeQ(scale * v[P - 1 - i]);
            return NonzeroMask(delta);
        }

        // a^(q-2) mod q: Fermat's inverse, a fixed number of multiplications.
        private static int RecipQ(int a)
        {
            var ai = a;
            for (var i = 1; i < Q - 2; i++) ai = FreezeQ(a * ai);
            return ai;
        }

        /// The rounded polynomial: each coefficient to the nearest multiple of 3.
        public static void Round(short[] output, short[] a)
        {
            for (var i = 0; i < P; i++) output[i] = (short)(a[i] - Freeze3(a[i]));
        }

        /// 0 when r has exactly w nonzero coefficients, else -1.
        public static int WeightMask(sbyte[] r)
        {
            var weight = 0;
            for (var i = 0; i < P; i++) weight += r[i] & 1;
            return NonzeroMask(weight - W);
        }
    }
}
