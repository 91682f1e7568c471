#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

using McpModule.Health.Collection;

namespace McpModule.Health.Definitions
{
    /// An HTTP(S) endpoint the collection checks from the machine running the cmdlet:
    /// `remote_collector:endpoint:<name>` (url, expected_codes, verify), and every HTTP listener
    /// of the model's HAProxy (haproxy:proxy:listen:<name> with binds, of type openstack-service or
    /// mode http): the VIPs users reach the APIs by.
    internal static class EndpointDefinitions
    {
        internal static HttpEndpoint FromPillar(string name, object? value, string key)
        {
            var map = PillarValues.Map(value, key);
            var url = PillarValues.RequiredString(map, "url", key);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new HealthDefinitionException(key + ":url", "'" + url + "' is not an http:// or https:// address.");
            var codes = new List<int>();
            var listed = PillarValues.Get(map, "expected_codes");
            if (listed != null)
            {
                if (!(listed is System.Collections.IList list) || listed is string)
                    throw new HealthDefinitionException(key + ":expected_codes", "expected a list of HTTP status codes, found " + PillarValues.Describe(listed) + ".");
                for (int i = 0; i < list.Count; i++)
                {
                    var code = list[i] is long l ? l : list[i] is string s && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
                    if (code < 100 || code > 599)
                        throw new HealthDefinitionException(key + ":expected_codes:" + i.ToString(CultureInfo.InvariantCulture), "expected an HTTP status code (100-599), found " + PillarValues.Describe(list[i]) + ".");
                    codes.Add((int)code);
                }
            }
            return new HttpEndpoint { Name = name, Url = url, ExpectedCodes = codes, Verify = PillarValues.OptionalBool(map, "verify", key, true) };
        }

        /// The HTTP listeners of haproxy:proxy:listen in a node's pillar. A bind without an address
        /// or port, or with a wildcard address, names no endpoint a client could reach.
        internal static IEnumerable<HttpEndpoint> FromHaproxy(IDictionary<string, object> pillar)
        {
            if (!(Path(pillar, "haproxy", "proxy", "listen") is IDictionary<string, object> listens)) yield break;
            foreach (var listen in listens)
            {
                if (!(listen.Value is IDictionary<string, object> map)) continue;
                var type = map.TryGetValue("type", out var t) ? t as string : null;
                var mode = map.TryGetValue("mode", out var m) ? m as string : null;
                if (type != "openstack-service" && type != "general-service" && mode != "http") continue;
                if (!map.TryGetValue("binds", out var b) || !(b is System.Collections.IList binds)) continue;
                int n = 0;
                foreach (var bind in binds.OfType<IDictionary<string, object>>())
                {
                    var address = bind.TryGetValue("address", out var a) ? Convert.ToString(a, CultureInfo.InvariantCulture) : null;
                    var port = bind.TryGetValue("port", out var p) ? Convert.ToString(p, CultureInfo.InvariantCulture) : null;
                    if (string.IsNullOrEmpty(address) || string.IsNullOrEmpty(port) || address == "0.0.0.0" || address == "::" || address == "*") continue;
                    var ssl = bind.TryGetValue("ssl", out var s) && s is IDictionary<string, object> sslMap && sslMap.TryGetValue("enabled", out var e) && e is bool on && on;
                    var host = address!.Contains(":") ? "[" + address + "]" : address;
                    yield return new HttpEndpoint
                    {
                        Name = n++ == 0 ? listen.Key : listen.Key + "_" + n.ToString(CultureInfo.InvariantCulture),
                        Url = (ssl ? "https://" : "http://") + host + ":" + port + "/",
                    };
                }
            }
        }

        private static object? Path(IDictionary<string, object> map, params string[] keys)
        {
            object? current = map;
            foreach (var key in keys)
            {
                if (!(current is IDictionary<string, object> d) || !d.TryGetValue(key, out current)) return null;
            }
            return current;
        }
    }
}
