#nullable enable
using System;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace McpModule.Ceph.DriveGroups
{
    /// A drive group's `size` filter, as cephadm's SizeMatcher reads and compares it
    /// (src/python-common/ceph/deployment/drive_selection/matchers.py):
    ///
    ///   10G:40G  at least 10G and at most 40G (both ends inclusive)
    ///   :2T      at most 2T
    ///   1T:      at least 1T
    ///   20G      exactly 20G (the only form that takes a decimal: 20.12G)
    ///
    /// Units K, M, G, T (or KB, MB, GB, TB) in capitals, decimal (G = 1e9). A device's size is
    /// compared as ceph-volume prints it: `human_readable_size`, binary units with two decimals
    /// but labelled GB ("4.00 GB" for 4 GiB), which cephadm reads back as decimal units. So a 4 GiB
    /// device is exactly "4G", and "10G:40G" takes devices of 10 to 40 GiB as ceph-volume rounds them.
    internal sealed class CephSizeFilter
    {
        private static readonly Regex LowHigh = new Regex(@"^[0-9]+[A-Z]{1,2}:[0-9]+[A-Z]{1,2}", RegexOptions.CultureInvariant);
        private static readonly Regex LowOnly = new Regex(@"^[0-9]+[A-Z]{1,2}:$", RegexOptions.CultureInvariant);
        private static readonly Regex HighOnly = new Regex(@"^:[0-9]+[A-Z]{1,2}", RegexOptions.CultureInvariant);
        private static readonly Regex Exact = new Regex(@"^[0-9]+\.?[0-9]*[A-Z]{1,2}$", RegexOptions.CultureInvariant);
        private static readonly Regex Number = new Regex(@"[0-9]+\.?[0-9]*", RegexOptions.CultureInvariant);
        private static readonly Regex DiskNumber = new Regex(@"[0-9]+\.[0-9]+", RegexOptions.CultureInvariant);
        private static readonly Regex Letters = new Regex("[a-zA-Z]+", RegexOptions.CultureInvariant);

        private CephSizeFilter(string text) { Text = text; }

        /// The filter as written.
        public string Text { get; }
        /// Bytes, as cephadm computes them (a double: the number times 1e3, 1e6, 1e9 or 1e12).
        public double? Low { get; private set; }
        public double? High { get; private set; }
        public double? ExactBytes { get; private set; }

        /// Reads a filter; false and why when it is not one.
        internal static bool TryParse(string text, out CephSizeFilter? filter, out string? problem)
        {
            filter = null;
            problem = null;
            var f = new CephSizeFilter(text);
            try
            {
                var m = LowHigh.Match(text);
                if (m.Success)
                {
                    var parts = m.Value.Split(':');
                    f.Low = ToBytes(parts[0]);
                    f.High = ToBytes(parts[1]);
                }
                m = LowOnly.Match(text);
                if (m.Success) f.Low = ToBytes(m.Value);
                m = HighOnly.Match(text);
                if (m.Success) f.High = ToBytes(m.Value);
                m = Exact.Match(text);
                if (m.Success) f.ExactBytes = ToBytes(m.Value);
            }
            catch (FormatException e)
            {
                problem = $"'{text}' is not a size ({e.Message})";
                return false;
            }
            if (f.Low == null && f.High == null && f.ExactBytes == null)
            {
                problem = $"'{text}' is not a size (cephadm's forms: 10G:40G, :2T, 1T:, 20G; units K, M, G, T, KB, MB, GB, TB in capitals)";
                return false;
            }
            filter = f;
            return true;
        }

        /// The bytes of a size text such as "10G" or "500M" (cephadm's SizeMatcher.str_to_byte: the
        /// first number times the unit of the first letters); FormatException when it has none or
        /// another unit.
        internal static double ToBytes(string text)
        {
            var n = Number.Match(text);
            if (!n.Success) throw new FormatException($"'{text}' has no number");
            return double.Parse(n.Value, NumberStyles.Float, CultureInfo.InvariantCulture) * Multiplier(text);
        }

        private static double Multiplier(string text)
        {
            var l = Letters.Match(text);
            if (!l.Success) throw new FormatException($"'{text}' has no unit");
            switch (l.Value.ToUpperInvariant())
            {
                case "K": case "KB": return 1e3;
                case "M": case "MB": return 1e6;
                case "G": case "GB": return 1e9;
                case "T": case "TB": return 1e12;
                default: throw new FormatException($"unit '{l.Value.ToUpperInvariant()}' is not supported");
            }
        }

        /// Whether a device of so many bytes passes. FormatException when ceph-volume's text of
        /// the size has a unit cephadm does not read (B below 1 KiB, PB from 1 PiB), as cephadm fails then.
        internal bool IsMatch(long bytes)
        {
            var human = HumanReadableSize(bytes);
            var number = DiskNumber.Match(human);
            if (!number.Success) throw new FormatException($"'{human}' has no number with decimals");
            var size = double.Parse(number.Value, NumberStyles.Float, CultureInfo.InvariantCulture) * Multiplier(human);
            if (High != null && Low != null) return size <= High.Value && size >= Low.Value;
            if (Low != null) return size >= Low.Value;
            if (High != null) return size <= High.Value;
            return size == ExactBytes!.Value;   // ! : TryParse sets one of the three
        }

        private static readonly string[] Suffixes = { "B", "KB", "MB", "GB", "TB", "PB" };

        /// ceph-volume's human_readable_size (ceph_volume/util/disk.py): divide by 1024 while the
        /// value is 1024 or more (at most six times), two decimals, labels B to PB. Rounded as
        /// Python's "{:.2f}" rounds the exact value: half to even.
        internal static string HumanReadableSize(long bytes)
        {
            if (bytes < 0) bytes = 0;
            var divisions = 0;
            BigInteger divisor = 1;
            while (divisions < Suffixes.Length && bytes >= divisor * 1024)
            {
                divisor *= 1024;
                divisions++;
            }
            var suffix = Suffixes[Math.Min(divisions, Suffixes.Length - 1)];
            var scaled = new BigInteger(bytes) * 100;
            var hundredths = BigInteger.DivRem(scaled, divisor, out var rest);
            var twice = rest * 2;
            if (twice > divisor || (twice == divisor && !hundredths.IsEven)) hundredths += 1;
            var whole = BigInteger.DivRem(hundredths, 100, out var cents);
            return whole.ToString(CultureInfo.InvariantCulture) + "." + ((int)cents).ToString("00", CultureInfo.InvariantCulture) + " " + suffix;
        }

        public override string ToString() => Text;
    }
}
