using System;
using System.Security.Cryptography;
using System.Text;
using McpModule.Text;
using Xunit;

namespace McpModule.Tests.Text
{
    public class ShortHashTests
    {
        // Names kept on disk and on the machine come from it (lab ids, cache keys, render cache
        // files): the value for a text must never change.
        [Theory]
        [InlineData("abc", 3, "ba7816")]
        [InlineData("abc", 8, "ba7816bf8f01cfea")]
        [InlineData("", 4, "e3b0c442")]
        public void Is_the_first_bytes_of_the_sha256_in_lower_hex(string text, int bytes, string expected) =>
            Assert.Equal(expected, ShortHash.Of(text, bytes));

        [Fact]
        public void Hashes_the_texts_utf8()
        {
            const string text = "/srv/modèles/ünï";
            var expected = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16).ToLowerInvariant();
            Assert.Equal(expected, ShortHash.Of(text, 16));
        }
    }
}
