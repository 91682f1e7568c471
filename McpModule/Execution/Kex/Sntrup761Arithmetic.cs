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
            var fg = Product(f, g);
            for (var i = 0; i < P; i++) h[i] = (short)FreezeQ(fg[i]);
        }

        /// h = f*g in R3.
        public static void R3Mult(sbyte[] h, sbyte[] f, sbyte[] g)
        {
            var wide = new short[P];
            for (var i = 0; i < P; i++) wide[i] = f[i];
            var fg = Product(wide, g);
            for (var i = 0; i < P; i++) h[i] = (sbyte)Freeze3(fg[i]);
        }

        // f*g mod x^p - x - 1, unreduced: each term is at most q12 and there are at most 3p of
        // them in a coefficient, well inside an int. Folding x^p = x + 1 highest first, a folded
        // term never lands at or above p.
        private static int[] Product(short[] f, sbyte[] g)
        {
            var fg = new int[P + P - 1];
            for (var i = 0; i < P; i++)
            {
                int fi = f[i];
                for (var j = 0; j < P; j++) fg[i + j] += fi * g[j];
            }
            for (var i = P + P - 2; i >= P; i--)
            {
                fg[i - P] += fg[i];
                fg[i - P + 1] += fg[i];
            }
            return fg;
        }

        /// out = 1/in in R3; 0 when in is invertible, else -1 (out then meaningless).
        /// The reference's constant-time divstep loop, 2p-1 rounds whatever the input.
        public static int R3Recip(sbyte[] output, sbyte[] input)
        {
            Start(input, 1, out var f, out var g, out var v, out var r);
            var delta = 1;
            for (var loop = 0; loop < 2 * P - 1; loop++)
            {
                ShiftUp(v);
                var sign = -g[0] * f[0];
                delta = Step(delta, f, g, v, r);
                // g + sign*f and r + sign*v lie in -2..2: one correction each way reduces them
                for (var i = 0; i < P + 1; i++)
                {
                    var x = g[i] + sign * f[i];
                    x += 3 & ((x + 1) >> 31);
                    x -= 3 & ((1 - x) >> 31);
                    g[i] = (short)x;
                    x = r[i] + sign * v[i];
                    x += 3 & ((x + 1) >> 31);
                    x -= 3 & ((1 - x) >> 31);
                    r[i] = (short)x;
                }
                ShiftDown(g);
            }
            var s = f[0];
            for (var i = 0; i < P; i++) output[i] = (sbyte)(s * v[P - 1 - i]);
            return NonzeroMask(delta);
        }

        /// out = 1/(3*in) in Rq; 0 when invertible, else -1.
        public static int RqRecip3(short[] output, sbyte[] input)
        {
            Start(input, RecipQ(3), out var f, out var g, out var v, out var r);
            var delta = 1;
            for (var loop = 0; loop < 2 * P - 1; loop++)
            {
                ShiftUp(v);
                delta = Step(delta, f, g, v, r);
                int f0 = f[0], g0 = g[0];
                for (var i = 0; i < P + 1; i++)
                {
                    g[i] = (short)FreezeQ(f0 * g[i] - g0 * f[i]);
                    r[i] = (short)FreezeQ(f0 * r[i] - g0 * v[i]);
                }
                ShiftDown(g);
            }
            var scale = RecipQ(f[0]);
            for (var i = 0; i < P; i++) output[i] = (short)FreezeQ(scale * v[P - 1 - i]);
            return NonzeroMask(delta);
        }

        // The reciprocals' start: f = x^p - x - 1, g = the input reversed, v = 0, r = r0.
        private static void Start(sbyte[] input, int r0, out short[] f, out short[] g, out short[] v, out short[] r)
        {
            f = new short[P + 1];
            g = new short[P + 1];
            v = new short[P + 1];
            r = new short[P + 1];
            r[0] = (short)r0;
            f[0] = 1;
            f[P - 1] = f[P] = -1;
            for (var i = 0; i < P; i++) g[P - 1 - i] = input[i];
        }

        // One divstep's swap: when delta > 0 and g[0] != 0, f and g trade places, and v and r;
        // returns the next delta. Masks, not branches: the swaps are the secret's shape.
        private static int Step(int delta, short[] f, short[] g, short[] v, short[] r)
        {
            var swap = NegativeMask(-delta) & NonzeroMask(g[0]);
            delta ^= swap & (delta ^ -delta);
            for (var i = 0; i < P + 1; i++)
            {
                var t = swap & (f[i] ^ g[i]);
                f[i] = (short)(f[i] ^ t);
                g[i] = (short)(g[i] ^ t);
                t = swap & (v[i] ^ r[i]);
                v[i] = (short)(v[i] ^ t);
                r[i] = (short)(r[i] ^ t);
            }
            return delta + 1;
        }

        // v = x*v (the top coefficient falls off), g = g/x (g[0] is 0 by then).
        private static void ShiftUp(short[] v)
        {
            System.Buffer.BlockCopy(v, 0, v, 2, 2 * P);
            v[0] = 0;
        }

        private static void ShiftDown(short[] g)
        {
            System.Buffer.BlockCopy(g, 2, g, 0, 2 * P);
            g[P] = 0;
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
