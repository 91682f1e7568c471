namespace McpModule.Execution
{
    /// How an environment that runs a node (a lab) reaches it: its address and, where it has
    /// them, its own user, port, key and known_hosts. SshConnectionPlan puts these between the
    /// parameters and the model; the lookup is passed in (Execution knows no lab).
    internal sealed class NodeAccess
    {
        public NodeAccess(string source, string address, string user = null, int port = 0, string identityFile = null, string knownHostsFile = null)
        {
            Source = source; Address = address; User = user; Port = port; IdentityFile = identityFile; KnownHostsFile = knownHostsFile;
        }

        /// What gives it, for -Verbose ("lab 'lab'").
        public string Source { get; }
        public string Address { get; }
        public string User { get; }
        /// 0: none of its own.
        public int Port { get; }
        public string IdentityFile { get; }
        public string KnownHostsFile { get; }
    }
}
