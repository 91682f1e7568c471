#nullable enable
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// An HTTP endpoint checked from the machine running the cmdlet (an API's VIP, a dashboard).
    internal sealed class HttpEndpoint
    {
        /// The metrics' name dimension (keystone_public_api).
        public string Name { get; set; } = "";

        public string Url { get; set; } = "";

        /// The status codes that mean up; empty: any below 500 (a 401 or a redirect is a live service).
        public IReadOnlyList<int> ExpectedCodes { get; set; } = new List<int>();

        /// Whether a TLS certificate that does not verify makes the check fail (self-signed lab endpoints: false).
        public bool Verify { get; set; } = true;
    }
}
