using System;
using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;

namespace McpModule.Execution.Agent
{
    /// Whether a run asks the ssh-agent (SSH_AUTH_SOCK) for keys.
    internal enum SshAgentUse
    {
        /// Never: only key files and passwords.
        Never,
        /// The agent's keys are offered when it answers; when it does not, the run goes on with
        /// its other keys, and stops only when it has none.
        IfAvailable,
        /// The agent must answer and hold at least one usable key, else the run does not start.
        Required,
    }

    /// The agent's keys for a run, read once when the run starts.
    internal static class AgentKeys
    {
        /// The agent's usable keys as key sources, leaving out keys already loaded from files
        /// (publicKeys) and types SSH.NET cannot use. Throws SshAgentException when the agent
        /// cannot be used and use is Required, or is IfAvailable and hasOtherKeys is false;
        /// otherwise problem says why no agent key is offered.
        public static IReadOnlyList<IPrivateKeySource> Load(SshAgentUse use, IEnumerable<byte[]> publicKeys, bool hasOtherKeys, out string problem)
        {
            problem = null;
            if (use == SshAgentUse.Never) return Array.Empty<IPrivateKeySource>();
            try
            {
                var agent = SshAgentClient.FromEnvironment();
                var identities = agent.ListIdentities();
                var loaded = publicKeys.Select(Convert.ToBase64String).ToList();
                var usable = identities.Where(i => AgentKeySource.IsSupported(i.KeyType)).ToList();
                if (usable.Count == 0)
                {
                    var skipped = identities.Count == 0 ? "" : $" ({identities.Count} of a type SSH.NET cannot use: {string.Join(", ", identities.Select(i => i.KeyType).Distinct())})";
                    throw new SshAgentException(SshAgentProblem.NoKeys,
                        $"the ssh-agent at {agent.SocketPath} holds no key{skipped}; add one with ssh-add");
                }
                return usable.Where(i => !loaded.Contains(Convert.ToBase64String(i.PublicKey)))
                             .Select(i => (IPrivateKeySource)new AgentKeySource(agent, i)).ToList();
            }
            catch (SshAgentException e) when (use == SshAgentUse.IfAvailable && hasOtherKeys)
            {
                problem = e.Message;
                return Array.Empty<IPrivateKeySource>();
            }
        }
    }
}
