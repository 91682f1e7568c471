#nullable enable
using System;
using System.Globalization;

namespace McpModule.Planning
{
    /// IPv4 addresses as 32-bit numbers: parsing and formatting without DNS or IPv6 surprises.
    internal static class Ipv4
    {
        /// Parses dotted-quad text ("10.0.0.1"); false for anything else (no octal, no short forms).
        public static bool TryParse(string? text, out uint address)
        {
            address = 0;
            if (text == null || string.IsNullOrWhiteSpace(text)) return false;   // netstandard2.0: IsNullOrWhiteSpace tells the compiler nothing
            var parts = text.Trim().Split('.');
            if (parts.Length != 4) return false;
            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 3) return false;
                foreach (var c in part) if (c < '0' || c > '9') return false;
                var octet = int.Parse(part, CultureInfo.InvariantCulture);
                if (octet > 255) return false;
                address = (address << 8) | (uint)octet;
            }
            return true;
        }

        public static uint Parse(string? text) =>
            TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an IPv4 address.");

        public static string Format(uint address) =>
            string.Join(".", (address >> 24) & 255, (address >> 16) & 255, (address >> 8) & 255, address & 255);

        /// The prefix length of a dotted netmask ("255.255.255.0" → 24); -1 when it is not contiguous.
        public static int PrefixOfNetmask(string netmask)
        {
            if (!TryParse(netmask, out var mask)) return -1;
            var prefix = 0;
            while (prefix < 32 && (mask & (0x80000000u >> prefix)) != 0) prefix++;
            return MaskOf(prefix) == mask ? prefix : -1;
        }

        public static uint MaskOf(int prefix) => prefix <= 0 ? 0u : prefix >= 32 ? uint.MaxValue : uint.MaxValue << (32 - prefix);
    }

    /// An IPv4 subnet in CIDR form ("10.11.0.0/24").
    internal readonly struct Ipv4Subnet : IEquatable<Ipv4Subnet>
    {
        public Ipv4Subnet(uint network, int prefixLength)
        {
            if (prefixLength < 0 || prefixLength > 32) throw new ArgumentOutOfRangeException(nameof(prefixLength));
            PrefixLength = prefixLength;
            Network = network & Ipv4.MaskOf(prefixLength);
        }

        public uint Network { get; }
        public int PrefixLength { get; }
        public uint Netmask => Ipv4.MaskOf(PrefixLength);
        public uint Broadcast => Network | ~Netmask;
        public ulong Size => 1UL << (32 - PrefixLength);
        /// Addresses a host can take: all but the network and broadcast addresses (/31 and /32 have no such pair).
        public ulong UsableHosts => PrefixLength >= 31 ? Size : Size - 2;

        public bool Contains(uint address) => (address & Netmask) == Network;
        public bool Overlaps(Ipv4Subnet other) => Contains(other.Network) || other.Contains(Network);
        /// True for the network or broadcast address of a subnet that has them.
        public bool IsReserved(uint address) => PrefixLength < 31 && (address == Network || address == Broadcast);

        /// The address at a host offset from the network address (offset 1 = first host).
        public bool TryHost(long offset, out uint address)
        {
            address = 0;
            if (offset < 0 || (ulong)offset >= Size) return false;
            address = Network + (uint)offset;
            return !IsReserved(address);
        }

        /// "10.0.0.0/24"; the address part need not be the network address when strict is false.
        public static bool TryParse(string? text, out Ipv4Subnet subnet, bool strict = false)
        {
            subnet = default;
            if (text == null || string.IsNullOrWhiteSpace(text)) return false;
            var slash = text.IndexOf('/');
            if (slash < 0) return false;
            if (!Ipv4.TryParse(text.Substring(0, slash), out var address)) return false;
            if (!int.TryParse(text.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) ||
                prefix < 0 || prefix > 32) return false;
            subnet = new Ipv4Subnet(address, prefix);
            return !strict || subnet.Network == address;
        }

        public static Ipv4Subnet Parse(string text) =>
            TryParse(text, out var s) ? s : throw new FormatException($"'{text}' is not an IPv4 subnet in CIDR form (a.b.c.d/nn).");

        public bool Equals(Ipv4Subnet other) => Network == other.Network && PrefixLength == other.PrefixLength;
        public override bool Equals(object obj) => obj is Ipv4Subnet s && Equals(s);
        public override int GetHashCode() => unchecked((int)Network * 33 + PrefixLength);
        public static bool operator ==(Ipv4Subnet left, Ipv4Subnet right) => left.Equals(right);
        public static bool operator !=(Ipv4Subnet left, Ipv4Subnet right) => !left.Equals(right);
        public override string ToString() => Ipv4.Format(Network) + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);
    }
}
