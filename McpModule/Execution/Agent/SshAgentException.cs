using System;

namespace McpModule.Execution.Agent
{
    /// What went wrong with the ssh-agent. Each kind has its own ErrorId in the cmdlets
    /// (Mcp.Ssh.Agent<Kind>).
    public enum SshAgentProblem
    {
        /// SSH_AUTH_SOCK is not set, or this runtime cannot open a Unix socket.
        Unavailable,
        /// SSH_AUTH_SOCK names a socket nobody answers on.
        Unreachable,
        /// The agent answered but holds no key.
        NoKeys,
        /// The agent answered SSH_AGENT_FAILURE (a key added with ssh-add -c that was not
        /// confirmed, a locked agent, a key it no longer holds).
        Refused,
        /// The agent's answer was not the protocol.
        Protocol,
    }

    /// An ssh-agent problem; its message names the socket or the key, never key material.
    public class SshAgentException : Exception
    {
        public SshAgentException(SshAgentProblem problem, string message, Exception inner = null) : base(message, inner) { Problem = problem; }
        public SshAgentProblem Problem { get; }
    }

    /// The agent answered SSH_AGENT_FAILURE.
    public sealed class SshAgentRefusedException : SshAgentException
    {
        public SshAgentRefusedException() : base(SshAgentProblem.Refused, "the ssh-agent refused the request") { }
        public SshAgentRefusedException(string message) : base(SshAgentProblem.Refused, message) { }
    }
}
