using System;
using System.Linq;
using System.Security.Cryptography;
using McpModule.Execution.Kex;
using Org.BouncyCastle.Pqc.Crypto.NtruPrime;
using Org.BouncyCastle.Security;
using Xunit;

namespace McpModule.Tests.Execution
{
    /// Our sntrup761 against BouncyCastle's (what SSH.NET uses, itself tested against the
    /// reference's known answers) as the oracle: the same keys from the same random bytes, and
    /// each side decapsulating what the other encapsulated, rejections included.
    public class Sntrup761Tests
    {
        private static readonly SNtruPrimeParameters Sntrup761Params = SNtruPrimeParameters.sntrup761;

        /// A fixed stream of "random" bytes (SHA-256 in counter mode), the same whatever the
        /// size of the reads, so both implementations see one sequence.
        private sealed class ByteStream
        {
            private readonly byte[] _seed;
            private long _counter;
            private byte[] _block = Array.Empty<byte>();
            private int _at;

            public ByteStream(int seed) { _seed = BitConverter.GetBytes(seed); }

            public void Fill(byte[] buffer) => Fill(buffer, 0, buffer.Length);

            public void Fill(byte[] buffer, int offset, int count)
            {
                for (var i = 0; i < count; i++)
                {
                    if (_at == _block.Length)
                    {
                        _block = SHA256.HashData(_seed.Concat(BitConverter.GetBytes(_counter++)).ToArray());
                        _at = 0;
                    }
                    buffer[offset + i] = _block[_at++];
                }
            }
        }

        private sealed class StreamRandom : SecureRandom
        {
            private readonly ByteStream _stream;
            public StreamRandom(ByteStream stream) : base() { _stream = stream; }
            public override void NextBytes(byte[] buf) => _stream.Fill(buf);
            public override void NextBytes(byte[] buf, int off, int len) => _stream.Fill(buf, off, len);
            public override void NextBytes(Span<byte> buffer)
            {
                var b = new byte[buffer.Length];
                _stream.Fill(b);
                b.CopyTo(buffer);
            }
            public override int NextInt()
            {
                var b = new byte[4];
                _stream.Fill(b);
                return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(77)]
        public void Keys_are_BouncyCastles_from_the_same_random_bytes(int seed)
        {
            Sntrup761.KeyPair(out var pk, out var sk, new ByteStream(seed).Fill);
            var gen = new SNtruPrimeKeyPairGenerator();
            gen.Init(new SNtruPrimeKeyGenerationParameters(new StreamRandom(new ByteStream(seed)), Sntrup761Params));
            var theirs = gen.GenerateKeyPair();
            Assert.Equal(((SNtruPrimePublicKeyParameters)theirs.Public).GetEncoded(), pk);
            Assert.Equal(((SNtruPrimePrivateKeyParameters)theirs.Private).GetEncoded(), sk);
        }

        [Theory]
        [InlineData(10)]
        [InlineData(11)]
        [InlineData(12)]
        public void We_decapsulate_what_BouncyCastle_encapsulated_to_our_key(int seed)
        {
            var random = new ByteStream(seed);
            Sntrup761.KeyPair(out var pk, out var sk, random.Fill);
            var enc = new SNtruPrimeKemGenerator(new StreamRandom(random))
                .GenerateEncapsulated(new SNtruPrimePublicKeyParameters(Sntrup761Params, pk));
            Assert.Equal(Sntrup761.CiphertextBytes, enc.GetEncapsulation().Length);
            Assert.Equal(enc.GetSecret(), Sntrup761.Decapsulate(enc.GetEncapsulation(), sk));
        }

        [Theory]
        [InlineData(20)]
        [InlineData(21)]
        public void BouncyCastle_decapsulates_what_we_encapsulated_to_its_key(int seed)
        {
            var random = new ByteStream(seed);
            var gen = new SNtruPrimeKeyPairGenerator();
            gen.Init(new SNtruPrimeKeyGenerationParameters(new StreamRandom(random), Sntrup761Params));
            var theirs = gen.GenerateKeyPair();
            var secret = Sntrup761.Encapsulate(((SNtruPrimePublicKeyParameters)theirs.Public).GetEncoded(), out var ct, random.Fill);
            var extractor = new SNtruPrimeKemExtractor((SNtruPrimePrivateKeyParameters)theirs.Private);
            Assert.Equal(secret, extractor.ExtractSecret(ct));
            // and ours with BouncyCastle's secret key
            Assert.Equal(secret, Sntrup761.Decapsulate(ct, ((SNtruPrimePrivateKeyParameters)theirs.Private).GetEncoded()));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(500)]
        [InlineData(1006)]
        [InlineData(1007)]
        [InlineData(1038)]
        public void A_changed_ciphertext_gets_the_same_rejection_key_as_BouncyCastles(int flipAt)
        {
            var random = new ByteStream(30 + flipAt);
            Sntrup761.KeyPair(out var pk, out var sk, random.Fill);
            var good = Sntrup761.Encapsulate(pk, out var ct, random.Fill);
            ct[flipAt] ^= 0x10;
            var ours = Sntrup761.Decapsulate(ct, sk);
            Assert.NotEqual(good, ours);
            var theirs = new SNtruPrimeKemExtractor(new SNtruPrimePrivateKeyParameters(Sntrup761Params, sk)).ExtractSecret(ct);
            Assert.Equal(theirs, ours);
        }

        [Fact]
        public void Round_trip_with_the_systems_random()
        {
            for (var i = 0; i < 3; i++)
            {
                Sntrup761.KeyPair(out var pk, out var sk);
                var secret = Sntrup761.Encapsulate(pk, out var ct);
                Assert.Equal(Sntrup761.SharedSecretBytes, secret.Length);
                Assert.Equal(secret, Sntrup761.Decapsulate(ct, sk));
            }
        }

        [Fact]
        public void Wrong_lengths_are_refused()
        {
            Sntrup761.KeyPair(out var pk, out var sk);
            Assert.Throws<ArgumentException>(() => Sntrup761.Decapsulate(new byte[10], sk));
            Assert.Throws<ArgumentException>(() => Sntrup761.Decapsulate(new byte[Sntrup761.CiphertextBytes], pk));
            Assert.Throws<ArgumentException>(() => Sntrup761.Encapsulate(sk, out _));
        }

        [Theory]
        [InlineData(761)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(100)]
        [InlineData(1000)]
        public void The_sorting_network_sorts(int n)
        {
            var random = new ByteStream(n);
            var b = new byte[4 * n];
            random.Fill(b);
            var x = Enumerable.Range(0, n).Select(i => BitConverter.ToUInt32(b, 4 * i)).ToArray();
            x[0] = 0; if (n > 2) { x[1] = uint.MaxValue; x[2] = 0x80000000u; }
            var expected = x.OrderBy(v => v).ToArray();
            Sntrup761Sort.SortUInt32(x);
            Assert.Equal(expected, x);
        }

        [Fact]
        public void Reductions_are_exact_over_their_ranges()
        {
            for (var x = -(1 << 24); x <= 1 << 24; x += 997)
                Assert.Equal(((x % 4591) + 4591 + 2295) % 4591 - 2295, Sntrup761Arithmetic.FreezeQ(x));
            foreach (var x in new[] { (1 << 30) - 1, -(1 << 30) + 1, 2295, 2296, -2295, -2296, 0 })
                Assert.Equal((int)((((long)x % 4591) + 4591 + 2295) % 4591 - 2295), Sntrup761Arithmetic.FreezeQ(x));
            for (var x = -(1 << 14) + 1; x < 1 << 14; x++)
                Assert.Equal(((x % 3) + 3 + 1) % 3 - 1, Sntrup761Arithmetic.Freeze3(x));
        }
    }
}
