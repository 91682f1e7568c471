using System;
using System.IO;
using System.Text;
using Xunit;

namespace McpModule.Tests
{
    /// Files a user points at are read within a size, as strict UTF-8.
    public sealed class InputFileTests
    {
        [Theory]
        [InlineData(new byte[] { 0x61, 0xC0, 0x80 }, 1)]              // overlong '\0'
        [InlineData(new byte[] { 0x61, 0xED, 0xA0, 0x80 }, 1)]        // a UTF-16 surrogate
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 0)]        // past U+10FFFF
        [InlineData(new byte[] { 0x61, 0x62, 0xE2, 0x82 }, 2)]        // cut short at the end
        [InlineData(new byte[] { 0xE2, 0x82, 0xAC, 0x80 }, 3)]        // a continuation byte alone
        [InlineData(new byte[] { 0xFF }, 0)]
        public void The_first_byte_that_is_not_UTF8_is_found(byte[] bytes, int offset)
        {
            Assert.Equal(offset, InputFile.FirstInvalidUtf8(bytes));
            var e = Assert.Throws<InputFileException>(() => InputFile.DecodeUtf8(bytes, "f.yml"));
            Assert.Equal(InputFileProblem.NotUtf8, e.Problem);
            Assert.Equal(offset, e.Offset);
            Assert.Equal(1, e.Line);
        }

        [Fact]
        public void Well_formed_UTF8_of_every_length_decodes()
        {
            var text = "a é € 𝄞";
            Assert.Equal(Encoding.UTF8.GetByteCount(text), InputFile.FirstInvalidUtf8(Encoding.UTF8.GetBytes(text)));
            Assert.Equal(text, InputFile.DecodeUtf8(Encoding.UTF8.GetBytes(text), "f.yml"));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(4095)]
        [InlineData(81920)]
        [InlineData(81921)]
        [InlineData(300000)]
        public void A_file_reads_whole_at_any_length(int length)
        {
            var path = Path.GetTempFileName();
            try
            {
                var bytes = new byte[length];
                new Random(length).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                Assert.Equal(bytes, InputFile.ReadBytes(path, length + 1));
                Assert.Equal(bytes, InputFile.ReadBytes(path, length));
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void A_file_shorter_than_its_length_reads_as_what_it_holds()
        {
            // Linux's sysfs says 4096 bytes for a file of a line.
            const string path = "/sys/kernel/mm/transparent_hugepage/enabled";
            if (!File.Exists(path)) return;
            using var reader = new StreamReader(path, Encoding.ASCII);
            var text = reader.ReadToEnd();   // File.ReadAllBytes trusts the length, and fails on it
            Assert.True(new FileInfo(path).Length > text.Length);
            Assert.Equal(Encoding.ASCII.GetBytes(text), InputFile.ReadBytes(path, 8192));
        }

        [Fact]
        public void A_file_over_the_size_is_refused_naming_file_size_and_bound()
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllBytes(path, new byte[2049]);
                var e = Assert.Throws<InputFileException>(() => InputFile.ReadBytes(path, 2048));
                Assert.Equal(InputFileProblem.TooLarge, e.Problem);
                Assert.Equal($"'{path}' holds 2,049 bytes; a file here may hold at most 2 KiB (see docs/bounds.md).", e.Message);
                Assert.Equal(2048, InputFile.ReadBytes(path, 4096).Length - 1);
            }
            finally { File.Delete(path); }
        }
    }
}
