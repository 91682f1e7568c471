#nullable enable
using System;

namespace McpModule.Health.Definitions
{
    /// A health definition the engine cannot use, with where it was found: a formula's
    /// meta/health.yml (builtin:linux/meta/health.yml, or the model's formulas/ file) or a node's
    /// pillar ("pillar of ctl01.lab.local").
    internal sealed class HealthModelException : Exception
    {
        internal HealthModelException(string origin, HealthDefinitionException inner) : base(origin + ": " + inner.Message, inner)
        {
            Origin = origin;
            Key = inner.Key;
        }

        internal HealthModelException(string origin, string key, string problem) : base(origin + ": " + key + ": " + problem)
        {
            Origin = origin;
            Key = key;
        }

        internal string Origin { get; }
        /// The definition's key at fault, its parts joined by ':'.
        internal string Key { get; }
    }
}
