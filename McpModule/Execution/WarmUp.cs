using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace McpModule.Execution
{
    /// Starts, on a pool thread, set-up a command will need later and a new process would
    /// otherwise do on its pipeline thread: class initializers that compile regexes or build
    /// parsers, which the JIT makes cost tens of milliseconds the first time. Each part runs once
    /// a process; only work without effects outside the process belongs here. A part that fails
    /// fails again where it is used, and is reported there.
    internal static class WarmUp
    {
        private static readonly HashSet<string> Started = new HashSet<string>(StringComparer.Ordinal);

        public static void Start(string part, Action work)
        {
            lock (Started)
                if (!Started.Add(part)) return;
            Task.Run(() =>
            {
                try { work(); }
                catch (Exception) { /* reported where the part is used */ }
            });
        }

        /// The class initializer of type, if it has not run yet (null: nothing to do).
        public static void Initialize(Type type)
        {
            if (type != null) System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }
    }
}
