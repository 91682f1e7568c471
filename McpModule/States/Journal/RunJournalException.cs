using System;

namespace McpModule.States.Journal
{
    /// A run journal file that cannot be read: names the file and what is wrong with it.
    public sealed class RunJournalException : Exception
    {
        public RunJournalException(string path, string problem, Exception inner = null)
            : base($"The run journal '{path}' cannot be read: {problem}", inner)
        {
            Path = path; Problem = problem;
        }

        /// The file at fault.
        public string Path { get; }
        /// What is wrong, without the path.
        public string Problem { get; }
    }
}
