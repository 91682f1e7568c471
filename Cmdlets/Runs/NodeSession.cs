using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Execution;
using McpModule.Execution.Fanout;
using McpModule.Settings;

namespace McpModule.Cmdlets
{
    /// The connections of one cmdlet call to its model nodes: commands go through the engine's
    /// NodeFanout (throttled, streamed as nodes finish, stoppable). Owns the SSH run and its secrets.
    internal sealed class NodeSession : IDisposable
    {
        private readonly SshRun _run;
        private readonly SshSecrets _secrets;
        private readonly IReadOnlyDictionary<string, SshTarget> _targets;
        private readonly int _throttle;
        private volatile bool _stopped;
        private Action _stopCurrent;

        internal NodeSession(SshRun run, SshSecrets secrets, IReadOnlyDictionary<string, SshTarget> targets, int throttle, McpSettings settings)
        {
            _run = run; _secrets = secrets; _targets = targets; _throttle = throttle; Settings = settings;
        }

        internal McpSettings Settings { get; }
        internal INodeTransport Transport => _run;
        internal bool Stopped => _stopped;

        /// The connection of a model node given to OpenSession.
        internal SshTarget Target(string node) => _targets.TryGetValue(node, out var t) ? t : throw new ArgumentException($"No connection was planned for node '{node}'.", nameof(node));

        /// Each node's command, results in the order nodes finish.
        internal IEnumerable<NodeOutcome<T>> Run<T>(IEnumerable<(string Node, string Command, T Item)> work)
        {
            if (_stopped) yield break;
            using (var fanout = new NodeFanout<T>(_run, work.Select(w => new NodeWork<T>(Target(w.Node), w.Command, null, w.Item)).ToList(), _throttle))
            {
                _stopCurrent = fanout.Stop;
                if (_stopped) fanout.Stop();
                foreach (var outcome in fanout.Results()) yield return outcome;
                _stopCurrent = null;
            }
        }

        /// One command on one node.
        internal McpCommandResult RunOne(string node, string command) =>
            Run(new[] { (node, command, (object)null) }).Select(o => o.Result).FirstOrDefault()
            ?? new McpCommandResult(node, Target(node).Address, -1, "", "", TimeSpan.Zero,
                   new McpTransportError(McpTransportErrorKind.Cancelled, $"{node}: stopped before it started"));

        internal void Stop()
        {
            _stopped = true;
            _stopCurrent?.Invoke();
        }

        public void Dispose()
        {
            _run.Dispose();
            _secrets.Dispose();
        }
    }
}
