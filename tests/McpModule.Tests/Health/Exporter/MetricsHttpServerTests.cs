using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using McpModule.Health.Exporter;
using Xunit;

namespace McpModule.Tests.Health.Exporter
{
    // A real listener on a free loopback port, asked by a real HTTP client.
    public class MetricsHttpServerTests
    {
        private static MetricsHttpServer Serve(string text)
        {
            var server = new MetricsHttpServer(IPAddress.Loopback, 0);
            server.Start(() => text);
            return server;
        }

        [Fact]
        public async Task Metrics_are_answered_in_the_exposition_formats_content_type()
        {
            using var server = Serve("mcp_ssh_check{node=\"n1\"} 1\n");
            using var http = new HttpClient();
            var response = await http.GetAsync($"http://127.0.0.1:{server.Endpoint.Port}/metrics?x=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            Assert.Equal("mcp_ssh_check{node=\"n1\"} 1\n", await response.Content.ReadAsStringAsync());
            Assert.Equal(1, server.Scrapes);
        }

        [Theory]
        [InlineData("GET", "/", HttpStatusCode.OK)]
        [InlineData("GET", "/other", HttpStatusCode.NotFound)]
        [InlineData("POST", "/metrics", HttpStatusCode.MethodNotAllowed)]
        [InlineData("HEAD", "/metrics", HttpStatusCode.OK)]
        public async Task Other_paths_and_methods_get_their_status(string method, string path, HttpStatusCode expected)
        {
            using var server = Serve("x 1\n");
            using var http = new HttpClient();
            var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{server.Endpoint.Port}{path}"));
            Assert.Equal(expected, response.StatusCode);
        }

        [Fact]
        public async Task A_request_that_is_not_HTTP_is_a_bad_request_and_the_server_keeps_serving()
        {
            using var server = Serve("x 1\n");
            using (var client = new TcpClient("127.0.0.1", server.Endpoint.Port))
            {
                var stream = client.GetStream();
                var bytes = Encoding.ASCII.GetBytes("HELLO\r\n\r\n");
                stream.Write(bytes, 0, bytes.Length);
                var buffer = new byte[256];
                var read = stream.Read(buffer, 0, buffer.Length);
                Assert.StartsWith("HTTP/1.1 400 ", Encoding.ASCII.GetString(buffer, 0, read));
            }
            using var http = new HttpClient();
            Assert.Equal("x 1\n", await http.GetStringAsync($"http://127.0.0.1:{server.Endpoint.Port}/metrics"));
        }

        [Fact]
        public void A_port_in_use_fails_at_once_and_a_stopped_server_frees_its_port()
        {
            int port;
            using (var first = Serve("x 1\n"))
            {
                port = first.Endpoint.Port;
                Assert.Throws<SocketException>(() => new MetricsHttpServer(IPAddress.Loopback, port));
            }
            using var again = new MetricsHttpServer(IPAddress.Loopback, port);
            Assert.Equal(port, again.Endpoint.Port);
        }
    }
}
