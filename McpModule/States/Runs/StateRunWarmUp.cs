using McpModule.Execution;
using McpModule.States.Formulas;

namespace McpModule.States.Runs
{
    /// What planning and sending a state run needs first and a new process builds slowly: the
    /// Liquid parser (Fluid builds its grammar from Parlot's generic combinators, ~60 ms of JIT)
    /// and the executor's deflate stream (zlib's start and 50 KB deflated). Started when
    /// Invoke-McpState begins, while its pipeline thread reads the model and the lab.
    internal static class StateRunWarmUp
    {
        public static void Start()
        {
            WarmUp.Start("state", () =>
            {
                WarmUp.Initialize(typeof(StatePlanner));
                NodeScript.Prepare();
            });
        }
    }
}
