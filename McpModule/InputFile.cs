using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace McpModule
{
    /// What is wrong with a file read by InputFile.
    internal enum InputFileProblem { TooLarge, NotUtf8 }

    /// A file that InputFile refuses to read: too large, or not UTF-8 text. The message names
    /// the file and, for text, the byte offset and line of the first bad byte.
    internal sealed class InputFileException : IOException
    {
        public InputFileException(InputFileProblem problem, string path, string message, long offset = -1, int line = 0)
            : base(message)
        {
            Problem = problem;
            Path = path;
            Offset = offset;
            Line = line;
        }

        public InputFileProblem Problem { get; }
        public string Path { get; }
        public long Offset { get; }
        public int Line { get; }
    }

    /// Reads files a user points at (model files, contexts, run journals) without trusting
    /// them: at most a given size, and never a file whose length reads 0 (FIFOs, sockets and
    /// devices all do; opening a FIFO blocks until someone writes, and /dev/zero never ends).
    /// A regular empty file reads as empty either way.
    internal static class InputFile
    {
        /// The file's bytes; empty, without opening it, when its length is 0. Throws
        /// InputFileException past maxBytes, IOException or UnauthorizedAccessException when
        /// it cannot be read.
        public static byte[] ReadBytes(string path, long maxBytes)
        {
            var length = new FileInfo(path).Length;   // FileNotFoundException when missing
            if (length == 0) return Array.Empty<byte>();
            if (length > maxBytes) throw TooLarge(path, length, maxBytes);
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan))
            {
                // The length read: most files are as long as that, read into one array of it (a
                // model has hundreds of small files; a buffer and a copy of each was a first call's GC).
                var bytes = new byte[length];
                var total = 0;
                int read;
                while (total < bytes.Length && (read = stream.Read(bytes, total, bytes.Length - total)) > 0) total += read;
                if (total < bytes.Length) { Array.Resize(ref bytes, total); return bytes; }   // it shrank meanwhile
                var next = stream.ReadByte();
                if (next < 0) return bytes;
                // It grew since its length was read: the rest too, one byte more than allowed at most.
                using (var buffer = new MemoryStream())
                {
                    buffer.Write(bytes, 0, bytes.Length);
                    buffer.WriteByte((byte)next);
                    var chunk = new byte[81920];
                    while (buffer.Length <= maxBytes && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
                        buffer.Write(chunk, 0, read);
                    if (buffer.Length > maxBytes) throw TooLarge(path, -1, maxBytes);
                    return buffer.ToArray();
                }
            }
        }

        /// The file as UTF-8 text (a byte order mark is dropped). Any byte that is not UTF-8 is
        /// an InputFileException naming its offset and line: text is never silently replaced.
        public static string ReadUtf8(string path, long maxBytes) => DecodeUtf8(ReadBytes(path, maxBytes), path);

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        internal static string DecodeUtf8(byte[] bytes, string path)
        {
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            try { return StrictUtf8.GetString(bytes, start, bytes.Length - start); }
            catch (DecoderFallbackException)
            {
                var offset = FirstInvalidUtf8(bytes, start);
                var line = 1;
                for (var i = 0; i < offset; i++) if (bytes[i] == (byte)'\n') line++;
                throw new InputFileException(InputFileProblem.NotUtf8, path,
                    $"'{path}' is not UTF-8 text: the byte 0x{bytes[offset]:X2} at offset {offset} (line {line}) is not part of a UTF-8 character. Save the file as UTF-8.",
                    offset, line);
            }
        }

        /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
        internal static int FirstInvalidUtf8(byte[] bytes, int start = 0)
        {
            var i = start;
            while (i < bytes.Length)
            {
                var b = bytes[i];
                if (b < 0x80) { i++; continue; }
                int more;
                byte low = 0x80, high = 0xBF;   // the allowed range of the second byte
                if (b >= 0xC2 && b <= 0xDF) more = 1;
                else if (b >= 0xE0 && b <= 0xEF) { more = 2; if (b == 0xE0) low = 0xA0; else if (b == 0xED) high = 0x9F; }
                else if (b >= 0xF0 && b <= 0xF4) { more = 3; if (b == 0xF0) low = 0x90; else if (b == 0xF4) high = 0x8F; }
                else return i;
                for (var k = 1; k <= more; k++)
                {
                    if (i + k >= bytes.Length) return i;
                    var c = bytes[i + k];
                    if (k == 1 ? c < low || c > high : c < 0x80 || c > 0xBF) return i;
                }
                i += more + 1;
            }
            return i;
        }

        /// length -1: the file grew past the bound while it was read.
        private static InputFileException TooLarge(string path, long length, long maxBytes) =>
            new InputFileException(InputFileProblem.TooLarge, path,
                $"'{path}' holds {(length < 0 ? "more than " + Size(maxBytes) : length.ToString("N0", CultureInfo.InvariantCulture) + " bytes")}; a file here may hold at most {Size(maxBytes)} (see docs/bounds.md).");

        internal static string Size(long bytes) =>
            bytes >= 1024 * 1024 ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB"
            : bytes >= 1024 ? (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB"
            : bytes + " bytes";
    }
}
