#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Health;
using McpModule.Health.Collection;
using Xunit;

namespace McpModule.Tests.Health.Collection
{
    /// Endpoints checked against a real listener on 127.0.0.1 (a free port): GET /NNN answers status
    /// NNN, GET /hang never answers; with a certificate it speaks TLS with a self-signed one.
    public sealed class HttpEndpointCheckerTests
    {
        private sealed class LoopbackServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private readonly X509Certificate2? _certificate;

            internal LoopbackServer(X509Certificate2? certificate = null)
            {
                _certificate = certificate;
                _listener.Start();
                _ = Task.Run(Accept);
            }

            internal string Url(string path) => $"{(_certificate == null ? "http" : "https")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

            private async Task Accept()
            {
                try
                {
                    while (true)
                    {
                        var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        _ = Task.Run(() => Serve(client));
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
            }

            private async Task Serve(TcpClient client)
            {
                using (client)
                {
                    try
                    {
                        Stream stream = client.GetStream();
                        if (_certificate != null)
                        {
                            var tls = new SslStream(stream);
                            await tls.AuthenticateAsServerAsync(_certificate);
                            stream = tls;
                        }
                        var request = new StringBuilder();
                        var buffer = new byte[1024];
                        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                        {
                            int n = await stream.ReadAsync(buffer, _stop.Token);
                            if (n == 0) return;
                            request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                        }
                        var path = request.ToString().Split(' ')[1];
                        if (path == "/hang")
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                            return;
                        }
                        var response = $"HTTP/1.1 {path.Substring(1)} Whatever\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or AuthenticationException or SocketException) { }
                }
            }

            public void Dispose()
            {
                _stop.Cancel();
                _listener.Stop();
                _stop.Dispose();
            }
        }

        private static HttpEndpoint Endpoint(string name, string url, bool verify = true, params int[] expected) =>
            new HttpEndpoint { Name = name, Url = url, Verify = verify, ExpectedCodes = expected };

        private static double? Metric(List<McpMetric> metrics, string name, string endpoint) =>
            metrics.SingleOrDefault(m => m.Name == name && m.Dimensions["name"] == endpoint)?.Value;

        [Fact]
        public async Task An_endpoint_is_up_when_it_answers_below_500_or_with_a_code_it_lists()
        {
            using var server = new LoopbackServer();
            var endpoints = new[]
            {
                Endpoint("ok", server.Url("/200")),
                Endpoint("unavailable", server.Url("/503")),
                Endpoint("unauthorized", server.Url("/401")),
                Endpoint("redirect", server.Url("/302")),
                Endpoint("not-the-code", server.Url("/404"), true, 200, 204),
                Endpoint("the-code", server.Url("/503"), true, 503),
            };
            var problems = new List<string>();
            var metrics = await HttpEndpointChecker.CheckAsync(endpoints, TimeSpan.FromSeconds(30), CancellationToken.None, problems);

            Assert.Equal(1, Metric(metrics, "http_check", "ok"));
            Assert.Equal(0, Metric(metrics, "http_check", "unavailable"));
            Assert.Equal(1, Metric(metrics, "http_check", "unauthorized"));
            Assert.Equal(1, Metric(metrics, "http_check", "redirect"));
            Assert.Equal(0, Metric(metrics, "http_check", "not-the-code"));
            Assert.Equal(1, Metric(metrics, "http_check", "the-code"));
            // every one answered, so every one has a response time
            Assert.All(endpoints, e => Assert.InRange(Metric(metrics, "http_response_time", e.Name) ?? -1, 0, 30));
            var ok = metrics.First(m => m.Name == "http_check");
            Assert.Equal("", ok.Node);
            Assert.Equal(new Dictionary<string, string> { ["name"] = "ok", ["url"] = server.Url("/200") }, ok.Dimensions);
            Assert.Equal(new[] { $"unavailable ({server.Url("/503")}): answered 503", $"not-the-code ({server.Url("/404")}): answered 404, expected 200, 204" }, problems);
        }

        [Fact]
        public async Task A_port_nothing_listens_on_is_down_without_waiting_for_the_timeout()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var problems = new List<string>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var metrics = await HttpEndpointChecker.CheckAsync(new[] { Endpoint("closed", $"http://127.0.0.1:{port}/") }, TimeSpan.FromSeconds(60), CancellationToken.None, problems);
            Assert.Equal(0, Metric(metrics, "http_check", "closed"));
            Assert.Null(Metric(metrics, "http_response_time", "closed"));
            Assert.Single(problems);
            // refused at once; far below the minute it was allowed
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), clock.Elapsed.ToString());
        }

        [Fact]
        public async Task An_endpoint_that_never_answers_is_down_after_its_timeout_while_the_others_are_read()
        {
            using var server = new LoopbackServer();
            var problems = new List<string>();
            var metrics = await HttpEndpointChecker.CheckAsync(new[] { Endpoint("hang", server.Url("/hang")), Endpoint("ok", server.Url("/200")) },
                // 5 s, not 1: on a loaded 2-core CI runner the answering endpoint once missed a 1 s budget
                TimeSpan.FromSeconds(5), CancellationToken.None, problems);
            Assert.Equal(0, Metric(metrics, "http_check", "hang"));
            Assert.Null(Metric(metrics, "http_response_time", "hang"));
            Assert.Equal(1, Metric(metrics, "http_check", "ok"));
            Assert.Equal($"hang ({server.Url("/hang")}): no answer in 5 s", Assert.Single(problems));
        }

        [Fact]
        public async Task A_certificate_that_does_not_verify_fails_the_check_unless_verify_is_off()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            using var certificate = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pfx), null);
            using var server = new LoopbackServer(certificate);

            var problems = new List<string>();
            var metrics = await HttpEndpointChecker.CheckAsync(new[] { Endpoint("strict", server.Url("/200")), Endpoint("lab", server.Url("/200"), verify: false) },
                TimeSpan.FromSeconds(30), CancellationToken.None, problems);
            Assert.Equal(0, Metric(metrics, "http_check", "strict"));
            Assert.Equal(1, Metric(metrics, "http_check", "lab"));
            Assert.StartsWith("strict (", Assert.Single(problems), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_url_that_is_not_http_is_down_and_said_so()
        {
            var problems = new List<string>();
            var metrics = await HttpEndpointChecker.CheckAsync(new[] { Endpoint("ftp", "ftp://127.0.0.1/"), Endpoint("garbage", "not a url") },
                TimeSpan.FromSeconds(5), CancellationToken.None, problems);
            Assert.Equal(0, Metric(metrics, "http_check", "ftp"));
            Assert.Equal(0, Metric(metrics, "http_check", "garbage"));
            Assert.Equal(new[] { "ftp (ftp://127.0.0.1/): not an http or https URL", "garbage (not a url): not an http or https URL" }, problems);
        }

        [Fact]
        public async Task The_callers_cancellation_stops_the_checks_and_throws()
        {
            using var server = new LoopbackServer();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                HttpEndpointChecker.CheckAsync(new[] { Endpoint("hang", server.Url("/hang")) }, TimeSpan.FromSeconds(60), cancel.Token));
        }
    }
}
