using System;
using System.Security.Cryptography;
using static McpModule.Execution.Kex.Sntrup761Arithmetic;
using static McpModule.Execution.Kex.Sntrup761Encoding;

namespace McpModule.Execution.Kex
{
    /// Streamlined NTRU Prime 761, the KEM of OpenSSH's sntrup761x25519-sha512 key exchange: key
    /// generation, encapsulation and decapsulation with the reference's keys, ciphertexts and
    /// session keys. SSH.NET's own (BouncyCastle's) takes about 60 ms of CPU per connection for
    /// the client's half (key pair and decapsulation); this one a few, which is what ten
    /// handshakes at once on two cores feel.
    internal static class Sntrup761
    {
        public const int PublicKeyBytes = RqBytes;
        public const int CiphertextBytes = RoundedBytes + ConfirmBytes;
        public const int SecretKeyBytes = 2 * SmallBytes + PublicKeyBytes + SmallBytes + HashBytes;
        public const int SharedSecretBytes = HashBytes;
        private const int HashBytes = 32;
        private const int ConfirmBytes = 32;

        private static readonly RandomNumberGenerator Rng = RandomNumberGenerator.Create();

        /// A new key pair. random fills a buffer with random bytes (tests give a fixed stream);
        /// by default the system's generator.
        public static void KeyPair(out byte[] publicKey, out byte[] secretKey, Action<byte[]> random = null)
        {
            random = random ?? Rng.GetBytes;
            var g = new sbyte[P];
            var ginv = new sbyte[P];
            do SmallRandom(g, random);
            while (R3Recip(ginv, g) != 0);
            var f = new sbyte[P];
            ShortRandom(f, random);
            var finv = new short[P];
            RqRecip3(finv, f);   // always works: f is invertible mod q
            var h = new short[P];
            RqMultSmall(h, finv, g);

            publicKey = new byte[PublicKeyBytes];
            RqEncode(publicKey, 0, h);
            secretKey = new byte[SecretKeyBytes];
            SmallEncode(secretKey, 0, f);
            SmallEncode(secretKey, SmallBytes, ginv);
            Buffer.BlockCopy(publicKey, 0, secretKey, 2 * SmallBytes, PublicKeyBytes);
            var rho = new byte[SmallBytes];
            random(rho);
            Buffer.BlockCopy(rho, 0, secretKey, 2 * SmallBytes + PublicKeyBytes, SmallBytes);
            var cache = HashPrefix(4, publicKey, 0, PublicKeyBytes);
            Buffer.BlockCopy(cache, 0, secretKey, 2 * SmallBytes + PublicKeyBytes + SmallBytes, HashBytes);
        }

        /// A ciphertext for publicKey and the session key it carries (the server's half).
        public static byte[] Encapsulate(byte[] publicKey, out byte[] ciphertext, Action<byte[]> random = null)
        {
            if (publicKey == null || publicKey.Length != PublicKeyBytes) throw new ArgumentException($"An sntrup761 public key has {PublicKeyBytes} bytes.", nameof(publicKey));
            random = random ?? Rng.GetBytes;
            var cache = HashPrefix(4, publicKey, 0, PublicKeyBytes);
            var r = new sbyte[P];
            ShortRandom(r, random);
            ciphertext = new byte[CiphertextBytes];
            var rEnc = Hide(ciphertext, r, publicKey, 0, cache, 0);
            return HashSession(1, rEnc, ciphertext);
        }

        /// The session key in ciphertext. A ciphertext that does not re-encrypt to itself gets
        /// the implicit-rejection key (from the secret rho), as the reference's, in the same time.
        public static byte[] Decapsulate(byte[] ciphertext, byte[] secretKey)
        {
            if (ciphertext == null || ciphertext.Length != CiphertextBytes) throw new ArgumentException($"An sntrup761 ciphertext has {CiphertextBytes} bytes.", nameof(ciphertext));
            if (secretKey == null || secretKey.Length != SecretKeyBytes) throw new ArgumentException($"An sntrup761 secret key has {SecretKeyBytes} bytes.", nameof(secretKey));
            const int pkAt = 2 * SmallBytes, rhoAt = pkAt + PublicKeyBytes, cacheAt = rhoAt + SmallBytes;

            var f = new sbyte[P];
            var v = new sbyte[P];
            var c = new short[P];
            SmallDecode(f, secretKey, 0);
            SmallDecode(v, secretKey, SmallBytes);
            RoundedDecode(c, ciphertext, 0);
            var r = Decrypt(c, f, v);

            var cnew = new byte[CiphertextBytes];
            var rEnc = Hide(cnew, r, secretKey, pkAt, secretKey, cacheAt);
            var differentBits = 0;
            for (var i = 0; i < CiphertextBytes; i++) differentBits |= ciphertext[i] ^ cnew[i];
            var mask = (1 & ((differentBits - 1) >> 8)) - 1;   // 0 when equal, else -1
            for (var i = 0; i < SmallBytes; i++) rEnc[i] ^= (byte)(mask & (rEnc[i] ^ secretKey[rhoAt + i]));
            return HashSession(1 + mask, rEnc, ciphertext);
        }

        private static sbyte[] Decrypt(short[] c, sbyte[] f, sbyte[] ginv)
        {
            var cf = new short[P];
            RqMultSmall(cf, c, f);
            var e = new sbyte[P];
            for (var i = 0; i < P; i++) e[i] = (sbyte)Freeze3(FreezeQ(3 * cf[i]));
            var ev = new sbyte[P];
            R3Mult(ev, e, ginv);
            var mask = WeightMask(ev);   // 0 when the weight is w, else -1
            var r = new sbyte[P];
            for (var i = 0; i < W; i++) r[i] = (sbyte)(((ev[i] ^ 1) & ~mask) ^ 1);
            for (var i = W; i < P; i++) r[i] = (sbyte)(ev[i] & ~mask);
            return r;
        }

        // c = ZEncrypt(r, pk) followed by HashConfirm; returns r's encoding.
        private static byte[] Hide(byte[] c, sbyte[] r, byte[] pk, int pkAt, byte[] cache, int cacheAt)
        {
            var rEnc = new byte[SmallBytes];
            SmallEncode(rEnc, 0, r);
            var h = new short[P];
            RqDecode(h, pk, pkAt);
            var hr = new short[P];
            RqMultSmall(hr, h, r);
            var rounded = new short[P];
            Round(rounded, hr);
            RoundedEncode(c, 0, rounded);

            var x = new byte[2 * HashBytes];
            Buffer.BlockCopy(HashPrefix(3, rEnc, 0, SmallBytes), 0, x, 0, HashBytes);
            Buffer.BlockCopy(cache, cacheAt, x, HashBytes, HashBytes);
            Buffer.BlockCopy(HashPrefix(2, x, 0, x.Length), 0, c, RoundedBytes, ConfirmBytes);
            return rEnc;
        }

        private static byte[] HashSession(int b, byte[] y, byte[] z)
        {
            var x = new byte[HashBytes + CiphertextBytes];
            Buffer.BlockCopy(HashPrefix(3, y, 0, SmallBytes), 0, x, 0, HashBytes);
            Buffer.BlockCopy(z, 0, x, HashBytes, CiphertextBytes);
            return HashPrefix(b, x, 0, x.Length);
        }

        // The first 32 bytes of SHA-512(b || input).
        private static byte[] HashPrefix(int b, byte[] input, int at, int length)
        {
            var x = new byte[length + 1];
            x[0] = (byte)b;
            Buffer.BlockCopy(input, at, x, 1, length);
            using (var sha = SHA512.Create())
            {
                var h = sha.ComputeHash(x);
                var output = new byte[HashBytes];
                Buffer.BlockCopy(h, 0, output, 0, HashBytes);
                return output;
            }
        }

        private static uint[] Random32(int count, Action<byte[]> random)
        {
            var bytes = new byte[4 * count];
            random(bytes);
            var l = new uint[count];
            for (var i = 0; i < count; i++) l[i] = bytes[4 * i] | (uint)bytes[4 * i + 1] << 8 | (uint)bytes[4 * i + 2] << 16 | (uint)bytes[4 * i + 3] << 24;
            return l;
        }

        private static void SmallRandom(sbyte[] output, Action<byte[]> random)
        {
            var l = Random32(P, random);
            for (var i = 0; i < P; i++) output[i] = (sbyte)((((l[i] & 0x3fffffff) * 3) >> 30) - 1);
        }

        // w coefficients of +-1 at random places: the list sorted with the signs in its low bits.
        private static void ShortRandom(sbyte[] output, Action<byte[]> random)
        {
            var l = Random32(P, random);
            for (var i = 0; i < W; i++) l[i] &= unchecked((uint)-2);
            for (var i = W; i < P; i++) l[i] = (l[i] & unchecked((uint)-3)) | 1;
            Sntrup761Sort.SortUInt32(l);
            for (var i = 0; i < P; i++) output[i] = (sbyte)((l[i] & 3) - 1);
        }
    }
}
