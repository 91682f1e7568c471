using static McpModule.Execution.Kex.Sntrup761Arithmetic;

namespace McpModule.Execution.Kex
{
    /// The wire forms of sntrup761's polynomials (the reference's Encode/Decode, Small, Rq and
    /// Rounded encodings): public keys, secret keys and ciphertexts byte for byte as OpenSSH
    /// writes and reads them.
    internal static class Sntrup761Encoding
    {
        public const int SmallBytes = (P + 3) / 4;
        public const int RqBytes = 1158;
        public const int RoundedBytes = 1007;

        /// Packs R[i] < M[i] < 16384 (the reference's Encode: pairs merged until one remains).
        public static int Encode(byte[] output, int at, ushort[] r, ushort[] m, int len)
        {
            if (len == 1)
            {
                uint x = r[0];
                uint mm = m[0];
                while (mm > 1)
                {
                    output[at++] = (byte)x;
                    x >>= 8;
                    mm = (mm + 255) >> 8;
                }
                return at;
            }
            var half = (len + 1) / 2;
            var r2 = new ushort[half];
            var m2 = new ushort[half];
            int i;
            for (i = 0; i < len - 1; i += 2)
            {
                uint m0 = m[i];
                var x = r[i] + r[i + 1] * m0;
                var mm = m[i + 1] * m0;
                while (mm >= 16384)
                {
                    output[at++] = (byte)x;
                    x >>= 8;
                    mm = (mm + 255) >> 8;
                }
                r2[i / 2] = (ushort)x;
                m2[i / 2] = (ushort)mm;
            }
            if (i < len)
            {
                r2[i / 2] = r[i];
                m2[i / 2] = m[i];
            }
            return Encode(output, at, r2, m2, half);
        }

        /// The inverse of Encode: 0 <= R[i] < M[i] from the bytes at s[at..].
        public static void Decode(ushort[] output, int outAt, byte[] s, int at, ushort[] m, int len)
        {
            if (len == 1)
            {
                if (m[0] == 1) output[outAt] = 0;
                else if (m[0] <= 256) output[outAt] = ModU14(s[at], m[0]);
                else output[outAt] = ModU14((uint)(s[at] + (s[at + 1] << 8)), m[0]);
                return;
            }
            var half = (len + 1) / 2;
            var r2 = new ushort[half];
            var m2 = new ushort[half];
            var bottomr = new ushort[len / 2];
            var bottomt = new uint[len / 2];
            int i;
            for (i = 0; i < len - 1; i += 2)
            {
                var mm = m[i] * (uint)m[i + 1];
                if (mm > 256 * 16383)
                {
                    bottomt[i / 2] = 256 * 256;
                    bottomr[i / 2] = (ushort)(s[at] + 256 * s[at + 1]);
                    at += 2;
                    m2[i / 2] = (ushort)((((mm + 255) >> 8) + 255) >> 8);
                }
                else if (mm >= 16384)
                {
                    bottomt[i / 2] = 256;
                    bottomr[i / 2] = s[at];
                    at += 1;
                    m2[i / 2] = (ushort)((mm + 255) >> 8);
                }
                else
                {
                    bottomt[i / 2] = 1;
                    bottomr[i / 2] = 0;
                    m2[i / 2] = (ushort)mm;
                }
            }
            if (i < len) m2[i / 2] = m[i];
            Decode(r2, 0, s, at, m2, half);
            for (i = 0; i < len - 1; i += 2)
            {
                var x = bottomr[i / 2] + bottomt[i / 2] * r2[i / 2];
                DivModU14(x, m[i], out var r1, out var r0);
                output[outAt++] = r0;
                output[outAt++] = ModU14(r1, m[i + 1]);   // only needed for invalid inputs
            }
            if (i < len) output[outAt] = r2[i / 2];
        }

        // x / m and x % m for 1 <= m < 16384 in a time that does not depend on x (the reference's uint32_divmod_uint14).
        private static void DivModU14(uint x, ushort m, out uint q, out ushort r)
        {
            var v = 0x80000000u / m;
            var qpart = (uint)((x * (ulong)v) >> 31);
            x -= qpart * m;
            q = qpart;
            qpart = (uint)((x * (ulong)v) >> 31);
            x -= qpart * m;
            q += qpart;
            x -= m;
            q += 1;
            var mask = (uint)-(int)(x >> 31);
            x += mask & m;
            q += mask;
            r = (ushort)x;
        }

        private static ushort ModU14(uint x, ushort m)
        {
            DivModU14(x, m, out _, out var r);
            return r;
        }

        public static void SmallEncode(byte[] s, int at, sbyte[] f)
        {
            var k = 0;
            for (var i = 0; i < P / 4; i++)
            {
                var x = f[k++] + 1;
                x += (f[k++] + 1) << 2;
                x += (f[k++] + 1) << 4;
                x += (f[k++] + 1) << 6;
                s[at++] = (byte)x;
            }
            s[at] = (byte)(f[k] + 1);
        }

        public static void SmallDecode(sbyte[] f, byte[] s, int at)
        {
            var k = 0;
            for (var i = 0; i < P / 4; i++)
            {
                int x = s[at++];
                f[k++] = (sbyte)((x & 3) - 1); x >>= 2;
                f[k++] = (sbyte)((x & 3) - 1); x >>= 2;
                f[k++] = (sbyte)((x & 3) - 1); x >>= 2;
                f[k++] = (sbyte)((x & 3) - 1);
            }
            f[k] = (sbyte)((s[at] & 3) - 1);
        }

        public static void RqEncode(byte[] s, int at, short[] r)
        {
            var rr = new ushort[P];
            var m = new ushort[P];
            for (var i = 0; i < P; i++)
            {
                rr[i] = (ushort)(r[i] + Q12);
                m[i] = Q;
            }
            Encode(s, at, rr, m, P);
        }

        public static void RqDecode(short[] r, byte[] s, int at)
        {
            var rr = new ushort[P];
            var m = new ushort[P];
            for (var i = 0; i < P; i++) m[i] = Q;
            Decode(rr, 0, s, at, m, P);
            for (var i = 0; i < P; i++) r[i] = (short)(rr[i] - Q12);
        }

        public static void RoundedEncode(byte[] s, int at, short[] r)
        {
            var rr = new ushort[P];
            var m = new ushort[P];
            for (var i = 0; i < P; i++)
            {
                rr[i] = (ushort)(((r[i] + Q12) * 10923) >> 15);
                m[i] = (Q + 2) / 3;
            }
            Encode(s, at, rr, m, P);
        }

        public static void RoundedDecode(short[] r, byte[] s, int at)
        {
            var rr = new ushort[P];
            var m = new ushort[P];
            for (var i = 0; i < P; i++) m[i] = (Q + 2) / 3;
            Decode(rr, 0, s, at, m, P);
            for (var i = 0; i < P; i++) r[i] = (short)(rr[i] * 3 - Q12);
        }
    }
}
