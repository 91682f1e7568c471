using System;
using McpModule.Execution;
using Renci.SshNet;
using Xunit;

namespace McpModule.Tests.Execution
{
    /// The pool's bookkeeping without a server (the connections here were never opened, so they
    /// count as closed by the other end); reuse over real sshd: tests/Pester/ConnectionReuse.Tests.ps1.
    public sealed class SshConnectionPoolTests
    {
        private static SshClient Unconnected() => new SshClient(new ConnectionInfo("192.0.2.1", "root", new NoneAuthenticationMethod("root")));

        [Fact]
        public void An_identity_names_user_address_and_port()
        {
            Assert.Equal(("ops", "10.0.0.5", 2022), SshConnectionPool.Parse("ops@10.0.0.5:2022|/root/.ssh/known_hosts|False|100|kex|keys"));
            Assert.Equal(("root", "fe80::1", 22), SshConnectionPool.Parse("root@fe80::1:22|kh|False|1||k"));
        }

        [Fact]
        public void A_connection_that_is_not_open_is_never_kept_nor_handed_out()
        {
            using var pool = new SshConnectionPool();
            pool.Give("root@192.0.2.1:22|a", Unconnected(), new byte[] { 1 }, TimeSpan.FromMinutes(1));
            Assert.Equal(0, pool.Count);
            Assert.Null(pool.Take("root@192.0.2.1:22|a", _ => true).Client);
        }

        [Fact]
        public void Nothing_is_kept_when_reuse_is_off()
        {
            using var pool = new SshConnectionPool();
            pool.Give("root@192.0.2.1:22|a", Unconnected(), new byte[] { 1 }, TimeSpan.Zero);
            Assert.Equal(0, pool.Count);
            Assert.Equal(0, pool.Close());
        }
    }
}
