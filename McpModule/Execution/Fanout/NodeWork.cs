namespace McpModule.Execution.Fanout
{
    /// One node's part of a fan-out: the command it runs, what it reads on standard input, and
    /// the caller's own item (a plan, the pipeline input) that comes back with the result.
    internal sealed class NodeWork<T>
    {
        public NodeWork(SshTarget target, string command, byte[] input, T item)
        {
            Target = target; Command = command; Input = input; Item = item;
        }

        public SshTarget Target { get; }
        public string Command { get; }
        public byte[] Input { get; }
        public T Item { get; }
    }

    /// A node's result as the fan-out reports it, with how many of how many have reported.
    internal sealed class NodeOutcome<T>
    {
        public NodeOutcome(NodeWork<T> work, McpCommandResult result, int done, int total)
        {
            Work = work; Result = result; Done = done; Total = total;
        }

        public NodeWork<T> Work { get; }
        public McpCommandResult Result { get; }
        /// Nodes reported so far, this one included.
        public int Done { get; }
        public int Total { get; }
    }
}
