#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Health.Collection
{
    /// http_check and http_response_time of endpoints, all at once, each within its own timeout.
    internal static class HttpEndpointChecker
    {
        /// One http_check per endpoint (1 when it answered with an expected status), and an
        /// http_response_time (seconds to the response's headers) for each that answered; dimensions
        /// name and url, no node. Why a check failed goes to problems when given. Only the caller's
        /// cancellation throws.
        internal static async Task<List<McpMetric>> CheckAsync(IReadOnlyList<HttpEndpoint> endpoints, TimeSpan timeout,
            CancellationToken cancellationToken, ICollection<string>? problems = null)
        {
            if (endpoints == null) throw new ArgumentNullException(nameof(endpoints));
            var metrics = new MetricSink("", DateTimeOffset.UtcNow);
            // Redirects are answers (following one could leave the cluster); the check is of the
            // endpoint, not of a proxy between; no cookies carried from one check to the next.
            using var verifying = new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false };
            using var trusting = new HttpClientHandler
            {
                AllowAutoRedirect = false, UseProxy = false, UseCookies = false,
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true,
            };
            using var strict = new HttpClient(verifying, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            using var lenient = new HttpClient(trusting, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

            var results = await Task.WhenAll(endpoints.Select(e => CheckOne(e.Verify ? strict : lenient, e, timeout, cancellationToken))).ConfigureAwait(false);
            for (int i = 0; i < endpoints.Count; i++)
            {
                var e = endpoints[i];
                var (up, seconds, problem) = results[i];
                var dims = new[] { ("name", e.Name), ("url", e.Url) };
                metrics.Add("http_check", up ? 1 : 0, dims);
                if (seconds is double s) metrics.Add("http_response_time", s, dims);
                if (problem != null) problems?.Add($"{e.Name} ({e.Url}): {problem}");
            }
            return metrics.Metrics;
        }

        private static async Task<(bool Up, double? Seconds, string? Problem)> CheckOne(HttpClient client, HttpEndpoint endpoint, TimeSpan timeout,
            CancellationToken cancellationToken)
        {
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                return (false, null, "not an http or https URL");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var clock = Stopwatch.StartNew();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                var seconds = clock.Elapsed.TotalSeconds;
                int code = (int)response.StatusCode;
                bool up = endpoint.ExpectedCodes.Count > 0 ? endpoint.ExpectedCodes.Contains(code) : code < 500;
                return (up, seconds, up ? null : $"answered {code}" + (endpoint.ExpectedCodes.Count > 0 ? ", expected " + string.Join(", ", endpoint.ExpectedCodes) : ""));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (false, null, "no answer in " + timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s");
            }
            catch (HttpRequestException e)
            {
                return (false, null, Innermost(e));
            }
        }

        // "An error occurred while sending the request." says nothing; its cause (refused, TLS) does.
        private static string Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e.Message;
        }
    }
}
