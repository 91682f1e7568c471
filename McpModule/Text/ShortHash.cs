#nullable enable
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace McpModule.Text
{
    /// A short stable name made from text: the first bytes of the SHA-256 of its UTF-8, in lower
    /// hex. Names that are kept on disk or on the machine (a lab's bridge and cgroups, image and
    /// repository caches, a model's render cache file) come from it, so it never changes.
    internal static class ShortHash
    {
        internal static string Of(string text, int bytes)
        {
            byte[] hash;
            using (var sha = SHA256.Create()) hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            var hex = new StringBuilder(bytes * 2);
            for (var i = 0; i < bytes && i < hash.Length; i++) hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            return hex.ToString();
        }
    }
}
